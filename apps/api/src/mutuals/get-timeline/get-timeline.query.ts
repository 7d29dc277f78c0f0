// A mutual's timeline, a page at a time, filtered by type and dates, as now believed or as known
// on a past day (read by MutualTimelineReader). Partial dates are judged by every day they could
// denote (placeAgainstDay, placeInRange): a milestone that may or may not fall on the asked side
// is listed and marked uncertain.
import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { NotFound, TIMELINE_PAGE_SIZE, type TimelineCursor } from '@casebook/domain';
import type { TimelineResponse } from './timeline.response.dto.js';
import { type TimelineFilter, timelineEntryOf } from './timeline-rows.js';
import { MutualTimelineReader } from './mutual-timeline-reader.js';

export type { TimelineFilter } from './timeline-rows.js';

/** A page of the timeline and, when more follow, where it ended. */
export type TimelinePage = Omit<TimelineResponse, 'next' | 'nextCursor'> & { nextCursor?: TimelineCursor };

export class GetTimeline extends Query<TimelinePage> {
  constructor(
    readonly mutualId: string,
    readonly filter: TimelineFilter = {},
    readonly limit: number = TIMELINE_PAGE_SIZE.default,
    readonly after?: TimelineCursor,
  ) {
    super();
  }
}

/**
 * Served from the read models only; the event store is never read to answer a dashboard. The
 * mutual and the page come in one statement, the hot read's one round trip.
 */
@QueryHandler(GetTimeline)
export class GetTimelineHandler implements IQueryHandler<GetTimeline> {
  constructor(private readonly timeline: MutualTimelineReader) {}

  async execute({ mutualId, filter, limit, after }: GetTimeline): Promise<TimelinePage> {
    // As known on a past day, the mutual's name is the one registered by then.
    const [{ mutual, rows }, registered] = await Promise.all([
      this.timeline.page(mutualId, filter, limit + 1, after),
      filter.knownBefore ? this.timeline.registration(mutualId, filter.knownBefore) : undefined,
    ]);
    if (!mutual) throw new NotFound('mutual', mutualId);
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      mutualId,
      name: registered?.name ?? mutual.name,
      ...(mutual.spunOutOn ? { spunOutOn: mutual.spunOutOn } : {}),
      version: mutual.version,
      milestones: page.map((row) => timelineEntryOf(row, filter)),
      ...(rows.length > limit && last ? { nextCursor: [last.sort_key, last.revision, last.milestone_id] as TimelineCursor } : {}),
    };
  }
}
