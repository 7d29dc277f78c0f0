// A mutual's timeline, a page at a time, filtered by type and dates, as now believed or as known
// on a past day. Now: the timeline projection's rows. Known on a day: for each milestone the last
// version recorded by then in the milestone history (a retraction hides it), so a correction
// recorded later is not applied. Partial dates are judged by every day they could denote
// (placeAgainstDay, placeInRange): a milestone that may or may not fall on the asked side is
// listed and marked uncertain.
import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import type { DataSource, Repository } from 'typeorm';
import { type MilestoneType, NotFound, TIMELINE_PAGE_SIZE, type TimelineCursor } from '@casebook/domain';
import { MutualSummary, milestoneDetails } from '@casebook/read-models';
import type { TimelineResponse } from './timeline.response.dto.js';
import {
  TIMELINE_COLUMNS,
  TIMELINE_RECORDERS,
  type TimelineFilter,
  type TimelineRow,
  datingConditions,
  timelineEntryOf,
} from './timeline-rows.js';

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

/** Served from the read models only; the event store is never read to answer a dashboard. */
@QueryHandler(GetTimeline)
export class GetTimelineHandler implements IQueryHandler<GetTimeline> {
  constructor(
    @InjectRepository(MutualSummary) private readonly mutuals: Repository<MutualSummary>,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async execute({ mutualId, filter, limit, after }: GetTimeline): Promise<TimelinePage> {
    const mutual = await this.mutuals.findOneBy({ id: mutualId });
    if (!mutual) throw new NotFound('mutual', mutualId);
    const rows = filter.knownBefore
      ? await this.asKnown(mutualId, filter, limit, after, filter.knownBefore)
      : await this.asNow(mutualId, filter, limit, after);
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      mutualId,
      name: mutual.name,
      ...(mutual.spunOutOn ? { spunOutOn: mutual.spunOutOn } : {}),
      version: mutual.version,
      milestones: page.map((row) => timelineEntryOf(row, filter)),
      ...(rows.length > limit && last ? { nextCursor: [last.sort_key, last.revision, last.milestone_id] as TimelineCursor } : {}),
    };
  }

  private async asNow(mutualId: string, filter: TimelineFilter, limit: number, after?: TimelineCursor): Promise<TimelineRow[]> {
    const params: unknown[] = [mutualId];
    const conditions = [
      't.mutual_id = $1',
      ...datingConditions(
        filter,
        params,
        after && { values: after, order: '(t.sort_key, t.stream_revision, t.milestone_id)', casts: ['text', 'bigint', 'uuid'] },
      ),
    ];
    params.push(limit + 1);
    return this.dataSource.query(
      `SELECT ${TIMELINE_COLUMNS}
         FROM read_models.mutual_timeline t ${TIMELINE_RECORDERS}
        WHERE ${conditions.join(' AND ')}
        ORDER BY t.sort_key, t.stream_revision, t.milestone_id
        LIMIT $${params.length}`,
      params,
    );
  }

  private async asKnown(
    mutualId: string,
    filter: TimelineFilter,
    limit: number,
    after: TimelineCursor | undefined,
    before: Date,
  ): Promise<TimelineRow[]> {
    const params: unknown[] = [mutualId, before];
    const conditions = [
      `t.newest = 1`,
      `t.change <> 'retracted'`,
      ...datingConditions(
        filter,
        params,
        after && { values: after, order: '(t.sort_key, t.first_revision, t.milestone_id)', casts: ['text', 'bigint', 'uuid'] },
      ),
    ];
    params.push(limit + 1);
    // Each milestone's versions recorded in time; the newest of them is what was believed then,
    // shown with when and by whom the milestone was first recorded, and its last correction.
    const rows: (TimelineRow & { values: Record<string, unknown> | null })[] = await this.dataSource.query(
      `WITH t AS (
         SELECT h.*,
                first_value(h.stream_revision) OVER oldest AS first_revision,
                first_value(h.recorded_at) OVER oldest AS first_recorded_at,
                first_value(h.recorded_by) OVER oldest AS first_recorded_by,
                row_number() OVER newest AS newest
           FROM read_models.milestone_history h
          WHERE h.mutual_id = $1 AND h.recorded_at < $2
         WINDOW oldest AS (PARTITION BY h.milestone_id ORDER BY h.stream_revision),
                newest AS (PARTITION BY h.milestone_id ORDER BY h.stream_revision DESC))
       SELECT t.milestone_id, t.type, t.occurred_on, t.precision, t.sort_key, t.first_revision::text AS revision, t.values,
              t.first_recorded_at AS recorded_at, t.first_recorded_by AS recorded_by, rb.display_name AS recorded_by_name, t.source,
              CASE WHEN t.change = 'corrected' THEN t.recorded_at END AS corrected_at,
              CASE WHEN t.change = 'corrected' THEN t.recorded_by END AS corrected_by,
              CASE WHEN t.change = 'corrected' THEN cb.display_name END AS corrected_by_name,
              CASE WHEN t.change = 'corrected' THEN t.reason END AS correction_reason
         FROM t
         LEFT JOIN read_models.account_directory rb ON rb.account_id::text = t.first_recorded_by
         LEFT JOIN read_models.account_directory cb ON cb.account_id::text = t.recorded_by
        WHERE ${conditions.join(' AND ')}
        ORDER BY t.sort_key, t.first_revision, t.milestone_id
        LIMIT $${params.length}`,
      params,
    );
    return rows.map(({ values, ...row }) => ({
      ...row,
      details: milestoneDetails(row.type as MilestoneType, row.occurred_on, values ?? {}),
    }));
  }
}
