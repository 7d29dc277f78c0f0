// Reads of studies: the studies you may see, one study, the history of its details, its
// timeline across its cases, and the sector's timeline across every mutual you may see.
import { Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import type { FastifyReply } from 'fastify';
import { NotFound, SectorTimelineQuery, StudyTimelineQuery, TIMELINE_PAGE_SIZE, encodeTimelineCursor, readBody } from '@casebook/domain';
import { ApiController, ReadRoute } from '../http/api-routes.js';
import { nextPageLink } from '../http/next-page.js';
import { etagFor } from '../http/if-match.js';
import { Context, type RequestContext } from '../http/request-context.js';
import { Ids, type PathIds } from '../http/path-ids.js';
import { MutualAccess } from '../mutuals/mutual-access.js';
import { GetCrossCaseTimeline } from './cross-case-timeline/cross-case-timeline.query.js';
import { SectorTimelineResponse } from './cross-case-timeline/cross-case-timeline.response.dto.js';
import { GetStudyTimeline } from './study-timeline/get-study-timeline.query.js';
import { StudyTimelineResponse } from './study-timeline/study-timeline.response.dto.js';
import { GetStudies } from './get-studies/get-studies.query.js';
import { GetStudyHistory } from './get-study-history/get-study-history.query.js';
import { StudyResponse } from './get-studies/study.response.dto.js';
import { StudyHistoryResponse } from './get-study-history/study-history.response.dto.js';
import { StudyAccess } from './study-access.js';

const NOT_MEMBER = 'Not a member of the study';
const NO_STUDY = 'No study has this id';

@ApiController('studies', 'api/v1')
export class StudyReadsController {
  constructor(
    private readonly queries: QueryBus,
    private readonly access: StudyAccess,
    private readonly mutuals: MutualAccess,
  ) {}

  @ReadRoute({
    path: 'studies',
    summary: 'The studies you may see: all of them for an administrator, otherwise those you are a member of',
    answer: [StudyResponse],
  })
  listStudies(@Context() context: RequestContext): Promise<StudyResponse[]> {
    const principal = context.principal;
    return this.queries.execute(new GetStudies(principal?.role === 'admin' ? undefined : (principal?.studyIds ?? [])));
  }

  @ReadRoute({
    path: 'studies/:studyId',
    summary: 'One study',
    answer: StudyResponse,
    forbidden: NOT_MEMBER,
    notFound: `${NO_STUDY} (or it is not yet in the read models)`,
  })
  async getStudy(
    @Ids() { studyId }: PathIds<'studyId'>,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StudyResponse> {
    await this.access.assertCanRead(context, studyId);
    const [study] = await this.queries.execute(new GetStudies([studyId]));
    if (!study) throw new NotFound('study', studyId);
    void reply.header('etag', etagFor(study.version));
    return study;
  }

  @ReadRoute({
    path: 'studies/:studyId/history',
    summary: "Every version of a study's details: as created, then each change; who, when, and why if given",
    answer: StudyHistoryResponse,
    forbidden: NOT_MEMBER,
    notFound: NO_STUDY,
  })
  async getStudyHistory(@Ids() { studyId }: PathIds<'studyId'>, @Context() context: RequestContext): Promise<StudyHistoryResponse> {
    await this.access.assertCanRead(context, studyId);
    return this.queries.execute(new GetStudyHistory(studyId));
  }

  @ReadRoute({
    path: 'studies/:studyId/timeline',
    summary:
      'The milestones of every mutual enrolled in the study (withdrawn cases too), on one timeline in the order they happened, a page at a time',
    description:
      "Filter by the mutuals' service area, region and legal form as last registered, by milestone type, and by a range of partial dates (a milestone whose date may fall outside the range is listed and marked `uncertain`). " +
      'Follow `next` until it is absent: each milestone comes once, in a stable order, even while others are recorded.',
    answer: StudyTimelineResponse,
    query: StudyTimelineQuery,
    forbidden: NOT_MEMBER,
    notFound: NO_STUDY,
  })
  async getStudyTimeline(
    @Ids() { studyId }: PathIds<'studyId'>,
    @Query() query: Record<string, unknown>,
    @Context() context: RequestContext,
  ): Promise<StudyTimelineResponse> {
    const { limit = TIMELINE_PAGE_SIZE.default, cursor, type, ...asked } = readBody(StudyTimelineQuery, { ...query });
    await this.access.assertCanRead(context, studyId);
    const filter = {
      ...(Object.fromEntries(Object.entries(asked).filter(([, value]) => value !== undefined)) as Record<string, string>),
      ...(type && { types: type }),
    };
    const { milestones, nextCursor } = await this.queries.execute(new GetStudyTimeline(studyId, filter, limit, cursor));
    if (!nextCursor) return { studyId, milestones };
    const encoded = encodeTimelineCursor(nextCursor);
    return { studyId, milestones, next: nextPageLink(`/api/v1/studies/${studyId}/timeline`, query, limit, encoded), nextCursor: encoded };
  }

  @ReadRoute({
    path: 'timeline',
    summary: 'The milestones of every mutual you may see, on one timeline; filter by service area and years',
    answer: SectorTimelineResponse,
    query: SectorTimelineQuery,
  })
  async getSectorTimeline(@Query() query: Record<string, unknown>, @Context() context: RequestContext): Promise<SectorTimelineResponse> {
    const { from: fromYear, to: toYear, ...filters } = readBody(SectorTimelineQuery, { ...query });
    const mutualIds = await this.mutuals.visibleMutualIds(context);
    const scope = {
      ...filters,
      ...(fromYear !== undefined && { fromYear }),
      ...(toYear !== undefined && { toYear }),
      ...(mutualIds && { mutualIds }),
    };
    return { milestones: await this.queries.execute(new GetCrossCaseTimeline(scope)) };
  }
}
