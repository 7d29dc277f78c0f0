// Milestones of many mutuals on one timeline: a study's cases (withdrawn ones too: what happened
// to a mutual while it was followed is still evidence), the mutuals a member may see, or the
// whole registry. Filtered by the mutuals' registry details, milestone type and dates, as now
// believed or as known on a past day, a page at a time. The order is stable (first possible
// day, vaguer first, then mutual, then as recorded) and the keyset cursor follows it, so a walk
// sees each milestone once while others are recorded.
import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { type StudyTimelineCursor, TIMELINE_PAGE_SIZE } from '@casebook/domain';
import { MutualTimelineReader, type RegistryFilter, type TimelineScope } from '../../mutuals/get-timeline/mutual-timeline-reader.js';
import { type TimelineFilter, timelineEntryOf } from '../../mutuals/get-timeline/timeline-rows.js';
import type { CrossCaseMilestone } from './cross-case-timeline.response.dto.js';

export type CrossCaseScope = Exclude<TimelineScope, { mutualId: string }>;
export type CrossCaseFilter = TimelineFilter & RegistryFilter;

export interface CrossCasePage {
  milestones: CrossCaseMilestone[];
  nextCursor?: StudyTimelineCursor;
}

export class GetCrossCaseTimeline extends Query<CrossCasePage> {
  constructor(
    readonly scope: CrossCaseScope,
    readonly filter: CrossCaseFilter = {},
    readonly limit: number = TIMELINE_PAGE_SIZE.default,
    readonly after?: StudyTimelineCursor,
  ) {
    super();
  }
}

@QueryHandler(GetCrossCaseTimeline)
export class GetCrossCaseTimelineHandler implements IQueryHandler<GetCrossCaseTimeline> {
  constructor(private readonly timeline: MutualTimelineReader) {}

  async execute({ scope, filter, limit, after }: GetCrossCaseTimeline): Promise<CrossCasePage> {
    if (typeof scope === 'object' && 'mutualIds' in scope && scope.mutualIds.length === 0) return { milestones: [] };
    const rows = await this.timeline.milestones(scope, filter, limit + 1, after);
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      milestones: page.map((row) => Object.assign(timelineEntryOf(row, filter), { mutualId: row.mutual_id, mutualName: row.mutual_name })),
      ...(rows.length > limit && last
        ? { nextCursor: [last.sort_key, last.mutual_id, last.revision, last.milestone_id] as StudyTimelineCursor }
        : {}),
    };
  }
}
