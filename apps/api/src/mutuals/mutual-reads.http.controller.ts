// Reads of mutuals: the registry a page at a time, one mutual, the history of its registration
// and of each milestone, and its timeline. Access is decided from the mutual's stream; the
// answers come from the read models.
import { Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBadRequestResponse, ApiQuery } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { LEGAL_FORMS, REGIONS, SERVICE_AREAS } from '@casebook/domain';
import { ApiController, ReadRoute } from '../http/api-routes.js';
import { etagFor } from '../http/if-match.js';
import { Context, type RequestContext } from '../http/request-context.js';
import { Ids, type PathIds } from '../http/path-ids.js';
import { GetMilestoneHistory } from './get-milestone-history/get-milestone-history.query.js';
import { MilestoneHistoryResponse } from './get-milestone-history/milestone-history.response.dto.js';
import { GetMutual, ListMutuals } from './get-mutuals/list-mutuals.query.js';
import { MutualPage, MutualResponse, RegistrationHistory } from './get-mutuals/mutual.response.dto.js';
import { GetRegistrationHistory } from './get-mutuals/registration-history.query.js';
import { PAGE_SIZE, encodeCursor, registryQuery } from './get-mutuals/registry-query.js';
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
  })
  @ApiQuery({ name: 'serviceArea', required: false, enum: SERVICE_AREAS, description: 'Mutuals with this among their service areas' })
  @ApiQuery({ name: 'region', required: false, enum: REGIONS })
  @ApiQuery({ name: 'legalForm', required: false, enum: LEGAL_FORMS, description: 'The legal form as registered' })
  @ApiQuery({ name: 'name', required: false, example: 'riverside', description: 'Part of the name, ignoring case' })
  @ApiQuery({ name: 'limit', required: false, example: PAGE_SIZE.default, description: `Page size, 1 to ${PAGE_SIZE.max}; ${PAGE_SIZE.default} unless given` })
  @ApiQuery({ name: 'cursor', required: false, description: 'From `nextCursor` of the page before' })
  @ApiBadRequestResponse({ description: 'problem+json naming each invalid parameter and rule' })
  async listMutuals(@Query() query: Record<string, unknown>, @Context() context: RequestContext): Promise<MutualPage> {
    const { filter, limit, after } = registryQuery(query);
    const mutualIds = await this.access.visibleMutualIds(context);
    const page = await this.queries.execute(new ListMutuals({ ...filter, ...(mutualIds && { mutualIds }) }, limit, after));
    if (!page.nextCursor) return { items: page.items };
    const nextCursor = encodeCursor(page.nextCursor);
    const search = new URLSearchParams({ ...filter, limit: String(limit), cursor: nextCursor });
    return { items: page.items, next: `${PATH}?${search}`, nextCursor };
  }

  @ReadRoute({
    path: ':mutualId',
    summary: 'One mutual: its registration as last corrected, and its status (active, or merged / acquired / dissolved with the date)',
    description: 'The ETag header holds the version, for If-Match on PATCH.',
    answer: MutualResponse,
    forbidden: NOT_VISIBLE,
    notFound: NO_MUTUAL,
  })
  async getMutual(@Ids() { mutualId }: PathIds<'mutualId'>, @Context() context: RequestContext, @Res({ passthrough: true }) reply: FastifyReply): Promise<MutualResponse> {
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

  @ReadRoute({ path: ':mutualId/timeline', summary: "A mutual's milestones in the order they happened", answer: TimelineResponse, forbidden: NOT_VISIBLE, notFound: NO_MUTUAL })
  async getMutualTimeline(@Ids() { mutualId }: PathIds<'mutualId'>, @Context() context: RequestContext): Promise<TimelineResponse> {
    await this.access.assertCanRead(context, mutualId);
    return this.queries.execute(new GetTimeline(mutualId));
  }
}
