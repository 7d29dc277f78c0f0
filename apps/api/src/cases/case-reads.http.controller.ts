// Reads of cases: a study's cases, one case, a wave's interviews, and where the waves stand.
// Access is decided from the event store; the answers come from the read models.
import { Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import type { FastifyReply } from 'fastify';
import { ApiController, ReadRoute } from '../http/api-routes.js';
import { grantedRead } from '../http/granted-read.js';
import { etagFor } from '../http/if-match.js';
import { Context, type RequestContext } from '../http/request-context.js';
import { Ids, type PathIds } from '../http/path-ids.js';
import { StudyAccess } from '../studies/study-access.js';
import { CaseAccess } from './case-access.js';
import { CaseResponse } from './get-cases/case.response.dto.js';
import { GetCases } from './get-cases/get-cases.query.js';
import { GetInterviews } from './get-interviews/get-interviews.query.js';
import { InterviewResponse } from './get-interviews/interview.response.dto.js';
import { GetWaveProgress } from './get-wave-progress/get-wave-progress.query.js';
import { WaveProgressResponse } from './get-wave-progress/wave-progress.response.dto.js';

const NOT_STUDY_MEMBER = 'Not a member of the study';
const NOT_CASE_MEMBER = "Not a member of the case's study";

@ApiController('cases', 'api/v1')
export class CaseReadsController {
  constructor(
    private readonly queries: QueryBus,
    private readonly studies: StudyAccess,
    private readonly cases: CaseAccess,
  ) {}

  @ReadRoute({
    path: 'studies/:studyId/cases',
    summary: 'The cases of a study, in the order they were enrolled, withdrawn ones included',
    answer: [CaseResponse],
    serialized: true,
    forbidden: NOT_STUDY_MEMBER,
    notFound: 'No study has this id',
  })
  async listCases(@Ids() { studyId }: PathIds<'studyId'>, @Context() context: RequestContext): Promise<CaseResponse[]> {
    return grantedRead(this.studies.assertCanRead(context, studyId), this.queries.execute(new GetCases({ studyId })));
  }

  @ReadRoute({
    path: 'cases/:caseId',
    summary: 'One case',
    answer: CaseResponse,
    forbidden: NOT_CASE_MEMBER,
    notFound: 'No case has this id (or it is not yet in the read models)',
  })
  async getCase(
    @Ids() { caseId }: PathIds<'caseId'>,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CaseResponse> {
    await this.cases.assertCanRead(context, caseId);
    const [found] = await this.queries.execute(new GetCases({ caseId }));
    void reply.header('etag', etagFor(found.version));
    return found;
  }

  @ReadRoute({
    path: 'cases/:caseId/waves/:waveId/interviews',
    summary: 'The interviews held in a wave, in the order they took place',
    answer: [InterviewResponse],
    forbidden: NOT_CASE_MEMBER,
    notFound: 'No such case, or no such wave of it (or not yet in the read models)',
  })
  async listInterviews(
    @Ids() { caseId, waveId }: PathIds<'caseId' | 'waveId'>,
    @Context() context: RequestContext,
  ): Promise<InterviewResponse[]> {
    await this.cases.assertCanRead(context, caseId);
    return this.queries.execute(new GetInterviews(caseId, waveId));
  }

  @ReadRoute({
    path: 'studies/:studyId/waves',
    summary: "Where every interview wave of the study's cases stands, in window order, with overdue ones flagged",
    answer: [WaveProgressResponse],
    forbidden: NOT_STUDY_MEMBER,
    notFound: 'No study has this id',
  })
  async getStudyWaveProgress(@Ids() { studyId }: PathIds<'studyId'>, @Context() context: RequestContext): Promise<WaveProgressResponse[]> {
    await this.studies.assertCanRead(context, studyId);
    return this.queries.execute(new GetWaveProgress({ studyId }));
  }

  @ReadRoute({
    path: 'cases/:caseId/waves',
    summary: 'Where each interview wave of the case stands, in window order, with overdue ones flagged',
    answer: [WaveProgressResponse],
    forbidden: NOT_CASE_MEMBER,
    notFound: 'No case has this id',
  })
  async getCaseWaveProgress(@Ids() { caseId }: PathIds<'caseId'>, @Context() context: RequestContext): Promise<WaveProgressResponse[]> {
    await this.cases.assertCanRead(context, caseId);
    return this.queries.execute(new GetWaveProgress({ caseId }));
  }
}
