import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import { NotFound } from '@casebook/domain';
import type { CaseSummary } from '@casebook/read-models';
import { type CaseResponse, caseResponse } from './case.response.dto.js';

/** One case (`caseId`), or the cases of a study (`studyId`) in the order they were enrolled. */
export class GetCases extends Query<CaseResponse[]> {
  constructor(readonly of: { studyId: string } | { caseId: string }) {
    super();
  }
}

// The cases with their mutuals' names in one statement (a study's list is read often), the
// columns as the CaseSummary entity reads them: `withdrawn_on` as its `YYYY-MM-DD` text.
const SELECT = `SELECT c.case_id AS "caseId", c.study_id AS "studyId", c.mutual_id AS "mutualId", c.selection, c.status,
       c.earlier_case_id AS "earlierCaseId", c.withdrawn_reason AS "withdrawnReason", c.withdrawn_on::text AS "withdrawnOn",
       c.enrolled_at AS "enrolledAt", c.version, m.name AS "mutualName"
  FROM read_models.cases c
  LEFT JOIN read_models.mutuals m ON m.id = c.mutual_id`;
const OF_STUDY = { name: 'cases_of_study', text: `${SELECT} WHERE c.study_id = $1 ORDER BY c.enrolled_at, c.case_id` };
const BY_ID = { name: 'case_by_id', text: `${SELECT} WHERE c.case_id = $1` };

@QueryHandler(GetCases)
export class GetCasesHandler implements IQueryHandler<GetCases> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ of }: GetCases): Promise<CaseResponse[]> {
    // pg's own query under TypeORM's driver: a named statement is planned once per connection.
    const pool = (this.dataSource.driver as unknown as { master: Pool }).master;
    const byId = 'caseId' in of;
    const { rows } = await pool.query<CaseSummary & { mutualName: string | null }>({
      ...(byId ? BY_ID : OF_STUDY),
      values: [byId ? of.caseId : of.studyId],
    });
    if (byId && rows.length === 0) throw new NotFound('case', of.caseId);
    return rows.map(({ mutualName, ...row }) => caseResponse(row, mutualName ?? undefined));
  }
}
