// Reads of mutuals: the registry a page at a time, one mutual, the history of its registration
// and of each milestone, and its timeline. Access is decided from the mutual's stream; the
// answers come from the read models.
import { Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import type { FastifyReply } from 'fastify';
import {
  MutualProfileQuery,
  MutualRegistryQuery,
  MutualTimelineQuery,
  REGISTRY_PAGE_SIZE,
  TIMELINE_PAGE_SIZE,
  encodeRegistryCursor,
  encodeTimelineCursor,
  readBody,
} from '@casebook/domain';
import { ApiController, ReadRoute } from '../http/api-routes.js';
import { nextPageLink } from '../http/next-page.js';
import { grantedRead } from '../http/granted-read.js';
import { etagFor } from '../http/if-match.js';
import { Context, type RequestContext } from '../http/request-context.js';
import { Ids, type PathIds } from '../http/path-ids.js';
import { GetMilestoneHistory } from './get-milestone-history/get-milestone-history.query.js';
import { MilestoneHistoryResponse } from './get-milestone-history/milestone-history.response.dto.js';
import { GetMutual, ListMutuals } from './get-mutuals/list-mutuals.query.js';
import { MutualPage, MutualResponse, RegistrationHistory } from './get-mutuals/mutual.response.dto.js';
import { GetRegistrationHistory } from './get-mutuals/registration-history.query.js';
import { GetMutualProfile } from './get-profile/get-profile.query.js';
import { ProfileResponse } from './get-profile/profile.response.dto.js';
import { GetTimeline } from './get-timeline/get-timeline.query.js';
import { TimelineResponse } from './get-timeline/timeline.response.dto.js';
import { MutualAccess } from './mutual-access.js';

const PATH = '/api/v1/mutuals';
const NOT_VISIBLE = 'Not a mutual you may see';
const NO_MUTUAL = 'No mutual has this id (or it is not yet in the read models)';

@ApiController('mutuals', PATH.slice(1))
export class MutualReadsController {
  constructor(
    private readonly queries: QueryBus,
    private readonly access: MutualAccess,
  ) {}

  @ReadRoute({
    summary: 'The registry: the mutuals you may see, a page at a time',
    description:
      'Administrators see every mutual; researchers and viewers those enrolled in their studies, and those they registered until enrolled anywhere (as for reading a mutual). ' +
      'Ordered by name ignoring case, then id. Follow `next` (same filters, a cursor) until it is absent: each mutual comes once, none is skipped, even while others are registered.',
    answer: MutualPage,
    query: MutualRegistryQuery,
  })
  async listMutuals(@Query() query: Record<string, unknown>, @Context() context: RequestContext): Promise<MutualPage> {
    const { limit = REGISTRY_PAGE_SIZE.default, cursor, ...asked } = readBody(MutualRegistryQuery, { ...query });
    const filter = Object.fromEntries(Object.entries(asked).filter(([, value]) => value !== undefined)) as Record<string, string>;
    const mutualIds = await this.access.visibleMutualIds(context);
    const page = await this.queries.execute(new ListMutuals({ ...filter, ...(mutualIds && { mutualIds }) }, limit, cursor));
    if (!page.nextCursor) return { items: page.items };
    const nextCursor = encodeRegistryCursor(page.nextCursor);
    const search = new URLSearchParams({ ...filter, limit: String(limit), cursor: nextCursor });
    return { items: page.items, next: `${PATH}?${search.toString()}`, nextCursor };
  }

  @ReadRoute({
    path: ':mutualId',
    summary: 'One mutual: its registration as last corrected, and its status (active, or merged / acquired / dissolved with the date)',
    description: 'The ETag header holds the version, for If-Match on PATCH.',
    answer: MutualResponse,
    forbidden: NOT_VISIBLE,
    notFound: NO_MUTUAL,
  })
  async getMutual(
    @Ids() { mutualId }: PathIds<'mutualId'>,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<MutualResponse> {
    await this.access.assertCanRead(context, mutualId);
    const mutual = await this.queries.execute(new GetMutual(mutualId));
    void reply.header('etag', etagFor(mutual.version));
    return mutual;
  }

  @ReadRoute({
    path: ':mutualId/history',
    summary: 'Every version of the registration: as registered, then each correction; who, when, why, from which source',
    answer: RegistrationHistory,
    forbidden: NOT_VISIBLE,
    notFound: NO_MUTUAL,
  })
  async getRegistrationHistory(@Ids() { mutualId }: PathIds<'mutualId'>, @Context() context: RequestContext): Promise<RegistrationHistory> {
    await this.access.assertCanRead(context, mutualId);
    return this.queries.execute(new GetRegistrationHistory(mutualId));
  }

  @ReadRoute({
    path: ':mutualId/milestones/:milestoneId/history',
    summary: 'Every version of a milestone: as recorded, each correction, a retraction; who, when, why, from which source',
    answer: MilestoneHistoryResponse,
    forbidden: NOT_VISIBLE,
    notFound: 'No such mutual or milestone',
  })
  async getMilestoneHistory(
    @Ids() { mutualId, milestoneId }: PathIds<'mutualId' | 'milestoneId'>,
    @Context() context: RequestContext,
  ): Promise<MilestoneHistoryResponse> {
    await this.access.assertCanRead(context, mutualId);
    return this.queries.execute(new GetMilestoneHistory(mutualId, milestoneId));
  }

  @ReadRoute({
    path: ':mutualId/timeline',
    summary:
      "A mutual's milestones in the order they happened: filtered by type and dates, as now believed or as known on a past day, a page at a time",
    description:
      '`knownOn` answers from what had been recorded by then: later corrections are not applied and later retractions not made. ' +
      '`trueOn` keeps what had happened by the end of that day. Together they answer "what did we believe on knownOn about trueOn". ' +
      'Partial dates are judged by every day they could denote: a milestone dated 2016 is not known to be before 2016-06-01, so it is listed with `uncertain`; one dated 2017 is left out. ' +
      '`from` and `to` keep milestones that could fall in the range, marking those that may fall outside. Follow `next` until it is absent: each milestone comes once, in a stable order.',
    answer: TimelineResponse,
    serialized: true,
    query: MutualTimelineQuery,
    forbidden: NOT_VISIBLE,
    notFound: NO_MUTUAL,
  })
  async getMutualTimeline(
    @Ids() { mutualId }: PathIds<'mutualId'>,
    @Query() query: Record<string, unknown>,
    @Context() context: RequestContext,
  ): Promise<TimelineResponse> {
    const { limit = TIMELINE_PAGE_SIZE.default, cursor, type, from, to, trueOn, knownOn } = readBody(MutualTimelineQuery, { ...query });
    const filter = {
      ...(type && { types: type }),
      ...(from && { from }),
      ...(to && { to }),
      ...(trueOn && { trueOn }),
      ...(knownOn && { knownBefore: knownOn }),
    };
    const { nextCursor, ...timeline } = await grantedRead(
      this.access.assertCanRead(context, mutualId),
      this.queries.execute(new GetTimeline(mutualId, filter, limit, cursor)),
    );
    if (!nextCursor) return timeline;
    const encoded = encodeTimelineCursor(nextCursor);
    return { ...timeline, next: nextPageLink(`${PATH}/${mutualId}/timeline`, query, limit, encoded), nextCursor: encoded };
  }

  @ReadRoute({
    path: ':mutualId/profile',
    summary:
      'A mutual on a day: status, legal form, ownership, board, active contracts and their value, latest staffing and turnover, years since spin-out, services',
    description:
      '`trueOn` (default today) is the day described, at its end, as now believed; `knownOn` answers from what had been recorded by then (later corrections and retractions not applied, the registration as it then stood). ' +
      'Only milestones certainly dated by the day are applied: one dated 2016 is not applied on 2016-06-01, and is named in `uncertain`, as is a contract whose term may or may not have started or ended. ' +
      'Funding, awards and observations are on the timeline, not here.',
    answer: ProfileResponse,
    serialized: true,
    query: MutualProfileQuery,
    forbidden: NOT_VISIBLE,
    notFound: NO_MUTUAL,
  })
  async getMutualProfile(
    @Ids() { mutualId }: PathIds<'mutualId'>,
    @Query() query: Record<string, unknown>,
    @Context() context: RequestContext,
  ): Promise<ProfileResponse> {
    const { trueOn, knownOn } = readBody(MutualProfileQuery, { ...query });
    return grantedRead(this.access.assertCanRead(context, mutualId), this.queries.execute(new GetMutualProfile(mutualId, trueOn, knownOn)));
  }
}
