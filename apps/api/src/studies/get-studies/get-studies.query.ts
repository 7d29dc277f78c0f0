import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { InjectRepository } from '@nestjs/typeorm';
import { In, type Repository } from 'typeorm';
import { StudySummary } from '@casebook/read-models';
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
