import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { InjectRepository } from '@nestjs/typeorm';
import { In, type Repository } from 'typeorm';
import { StudyHistoryEntry, StudySummary } from '@casebook/read-models';
import type { StudyHistoryResponse } from '../get-study-history/study-history.response.dto.js';
import { type StudyResponse, studyResponse } from './study.response.dto.js';

/** Studies by id (all of them when `studyIds` is undefined), ordered by start and title. */
export class GetStudies extends Query<StudyResponse[]> {
  constructor(readonly studyIds: string[] | undefined) {
    super();
  }
}

@QueryHandler(GetStudies)
export class GetStudiesHandler implements IQueryHandler<GetStudies> {
  constructor(@InjectRepository(StudySummary) private readonly studies: Repository<StudySummary>) {}

  async execute({ studyIds }: GetStudies): Promise<StudyResponse[]> {
    if (studyIds?.length === 0) return [];
    const rows = await this.studies.find({ where: studyIds ? { studyId: In(studyIds) } : {}, order: { startsOn: 'ASC', title: 'ASC' } });
    return rows.map(studyResponse);
  }
}

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
