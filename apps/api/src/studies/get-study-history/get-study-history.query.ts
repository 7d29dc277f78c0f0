import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { StudyHistoryEntry } from '@casebook/read-models';
import type { StudyHistoryResponse } from './study-history.response.dto.js';

/** Every version of a study's details. */
export class GetStudyHistory extends Query<StudyHistoryResponse> {
  constructor(readonly studyId: string) {
    super();
  }
}

@QueryHandler(GetStudyHistory)
export class GetStudyHistoryHandler implements IQueryHandler<GetStudyHistory> {
  constructor(@InjectRepository(StudyHistoryEntry) private readonly history: Repository<StudyHistoryEntry>) {}

  async execute({ studyId }: GetStudyHistory): Promise<StudyHistoryResponse> {
    const entries = await this.history.find({ where: { studyId }, order: { version: 'ASC' } });
    return {
      studyId,
      versions: entries.map((entry) => ({
        version: entry.version,
        change: entry.change,
        details: entry.details,
        ...(entry.reason !== null && { reason: entry.reason }),
        ...(entry.recordedBy !== null && { recordedBy: entry.recordedBy }),
        recordedAt: entry.recordedAt.toISOString(),
      })),
    };
  }
}
