import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { InjectRepository } from '@nestjs/typeorm';
import { In, type Repository } from 'typeorm';
import { NotFound } from '@casebook/domain';
import { CaseSummary, MutualSummary } from '@casebook/read-models';
import { type CaseResponse, caseResponse } from './case.response.dto.js';

/** One case (`caseId`), or the cases of a study (`studyId`) in the order they were enrolled. */
export class GetCases extends Query<CaseResponse[]> {
  constructor(readonly of: { studyId: string } | { caseId: string }) {
    super();
  }
}

@QueryHandler(GetCases)
export class GetCasesHandler implements IQueryHandler<GetCases> {
  constructor(
    @InjectRepository(CaseSummary) private readonly cases: Repository<CaseSummary>,
    @InjectRepository(MutualSummary) private readonly mutuals: Repository<MutualSummary>,
  ) {}

  async execute({ of }: GetCases): Promise<CaseResponse[]> {
    const rows = await this.cases.find({ where: of, order: { enrolledAt: 'ASC', caseId: 'ASC' } });
    if ('caseId' in of && rows.length === 0) throw new NotFound('case', of.caseId);
    const ids = rows.map((row) => row.mutualId);
    const mutuals = ids.length ? await this.mutuals.find({ where: { id: In(ids) }, select: { id: true, name: true } }) : [];
    const names = new Map(mutuals.map((m) => [m.id, m.name]));
    return rows.map((row) => caseResponse(row, names.get(row.mutualId)));
  }
}
