// Reads of studies: the studies you may see, one study, the history of its details, its
// timeline across its cases, its wave calendar, and the sector's timeline across every mutual you
// may see.
import { Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import type { FastifyReply } from 'fastify';
import {
  NotFound,
  SectorTimelineQuery,
  StudyTimelineQuery,
  TIMELINE_PAGE_SIZE,
  WAVE_CALENDAR_PAGE_SIZE,
  WaveCalendarQuery,
  dayInTimeZone,
  encodeTimelineCursor,
  encodeWaveCalendarCursor,
  readBody,
} from '@casebook/domain';
import { ApiController, ReadRoute } from '../http/api-routes.js';
import { nextPageLink } from '../http/next-page.js';
import { etagFor } from '../http/if-match.js';
import { Context, type RequestContext } from '../http/request-context.js';
import { Ids, type PathIds } from '../http/path-ids.js';
import { MutualAccess } from '../mutuals/mutual-access.js';
import { type CrossCaseFilter, GetCrossCaseTimeline } from './cross-case-timeline/cross-case-timeline.query.js';
import { SectorTimelineResponse, StudyTimelineResponse } from './cross-case-timeline/cross-case-timeline.response.dto.js';
import { GetStudies } from './get-studies/get-studies.query.js';
import { GetStudyHistory } from './get-study-history/get-study-history.query.js';
import { StudyResponse } from './get-studies/study.response.dto.js';
import { StudyHistoryResponse } from './get-study-history/study-history.response.dto.js';
import { StudyAccess } from './study-access.js';
import { StudyRecord } from './study-record.js';
import { Clock } from '@casebook/write-model';
import { GetWaveCalendar } from './wave-calendar/get-wave-calendar.query.js';
import { WaveCalendarResponse } from './wave-calendar/wave-calendar.response.dto.js';
import { StudyReminderPolicyResponse } from './reminder-policy/reminder-policy.response.dto.js';

const NOT_MEMBER = 'Not a member of the study';
const NO_STUDY = 'No study has this id';

@ApiController('studies', 'api/v1')
export class StudyReadsController {
  constructor(
    private readonly queries: QueryBus,
    private readonly access: StudyAccess,
    private readonly mutuals: MutualAccess,
    private readonly studies: StudyRecord,
    private readonly clock: Clock,
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
    path: 'studies/:studyId/reminder-policy',
    summary: "The study's reminder policy in force, and whether it is the default (any member)",
    description: "Read from the study's own record, so a change shows at once; the ETag is the study's version, for If-Match.",
    answer: StudyReminderPolicyResponse,
    forbidden: NOT_MEMBER,
    notFound: NO_STUDY,
  })
  async getReminderPolicy(
    @Ids() { studyId }: PathIds<'studyId'>,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StudyReminderPolicyResponse> {
    await this.access.assertCanRead(context, studyId);
    const { version, ...current } = await this.studies.reminderPolicyOf(studyId);
    void reply.header('etag', etagFor(version));
    return { studyId, ...current, version };
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
      '`trueOn` keeps what had happened by the end of a day; `knownOn` answers from what had been recorded by then, as on a mutual’s timeline. ' +
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
    const { limit = TIMELINE_PAGE_SIZE.default, cursor, ...asked } = readBody(StudyTimelineQuery, { ...query });
    await this.access.assertCanRead(context, studyId);
    const { milestones, nextCursor } = await this.queries.execute(
      new GetCrossCaseTimeline({ studyId }, crossCaseFilter(asked), limit, cursor),
    );
    if (!nextCursor) return { studyId, milestones };
    const encoded = encodeTimelineCursor(nextCursor);
    return { studyId, milestones, next: nextPageLink(`/api/v1/studies/${studyId}/timeline`, query, limit, encoded), nextCursor: encoded };
  }

  @ReadRoute({
    path: 'studies/:studyId/wave-calendar',
    summary: "The interview-wave windows of every case of the study, with where each stands today in the study's time zone",
    description:
      'Upcoming, open and overdue windows unless `state` asks for others (completed, skipped, cancelled, signed-off). ' +
      '`from` and `to` keep the windows that overlap those days. Follow `next` until it is absent: each window comes once, ' +
      'by the day it opens, then case, then wave.',
    answer: WaveCalendarResponse,
    query: WaveCalendarQuery,
    forbidden: NOT_MEMBER,
    notFound: NO_STUDY,
  })
  async getWaveCalendar(
    @Ids() { studyId }: PathIds<'studyId'>,
    @Query() query: Record<string, unknown>,
    @Context() context: RequestContext,
  ): Promise<WaveCalendarResponse> {
    const { limit = WAVE_CALENDAR_PAGE_SIZE.default, cursor, from, to, state } = readBody(WaveCalendarQuery, { ...query });
    await this.access.assertCanRead(context, studyId);
    const timeZone = (await this.studies.current(studyId)).timeZone ?? 'UTC';
    const today = dayInTimeZone(this.clock.now(), timeZone);
    const filter = { ...(from && { from }), ...(to && { to }), ...(state && { states: state }) };
    const { entries, nextCursor } = await this.queries.execute(new GetWaveCalendar(studyId, today, filter, limit, cursor));
    const answer = { studyId, today, timeZone, entries };
    if (!nextCursor) return answer;
    const encoded = encodeWaveCalendarCursor(nextCursor);
    return { ...answer, next: nextPageLink(`/api/v1/studies/${studyId}/wave-calendar`, query, limit, encoded), nextCursor: encoded };
  }

  @ReadRoute({
    path: 'timeline',
    summary:
      'The milestones of every mutual you may see, on one timeline in the order they happened: filtered as a study timeline is, as now believed or as known on a past day, a page at a time',
    description:
      'Administrators see every mutual; researchers and viewers those the registry lists for them. Filters, time travel and paging are those of `GET /api/v1/studies/{studyId}/timeline`.',
    answer: SectorTimelineResponse,
    query: SectorTimelineQuery,
  })
  async getSectorTimeline(@Query() query: Record<string, unknown>, @Context() context: RequestContext): Promise<SectorTimelineResponse> {
    const { limit = TIMELINE_PAGE_SIZE.default, cursor, ...asked } = readBody(SectorTimelineQuery, { ...query });
    const mutualIds = await this.mutuals.visibleMutualIds(context);
    const scope = mutualIds ? { mutualIds } : ('registry' as const);
    const { milestones, nextCursor } = await this.queries.execute(new GetCrossCaseTimeline(scope, crossCaseFilter(asked), limit, cursor));
    if (!nextCursor) return { milestones };
    const encoded = encodeTimelineCursor(nextCursor);
    return { milestones, next: nextPageLink('/api/v1/timeline', query, limit, encoded), nextCursor: encoded };
  }
}

/** A cross-case timeline's query string as the query's filter. */
function crossCaseFilter(asked: {
  type?: string[];
  knownOn?: Date;
  serviceArea?: string;
  region?: string;
  legalForm?: string;
  from?: string;
  to?: string;
  trueOn?: string;
}): CrossCaseFilter {
  const { type, knownOn, ...rest } = asked;
  return {
    ...(Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== undefined)) as Record<string, string>),
    ...(type && { types: type }),
    ...(knownOn && { knownBefore: knownOn }),
  };
}
