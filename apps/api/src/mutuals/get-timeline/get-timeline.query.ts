// A mutual's timeline, a page at a time, filtered by type and dates, as now believed or as known
// on a past day. Now: the timeline projection's rows. Known on a day: for each milestone the last
// version recorded by then in the milestone history (a retraction hides it), so a correction
// recorded later is not applied. Partial dates are judged by every day they could denote
// (placeAgainstDay, placeInRange): a milestone that may or may not fall on the asked side is
// listed and marked uncertain.
import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import type { DataSource, Repository } from 'typeorm';
import {
  type MilestoneType,
  NotFound,
  TIMELINE_PAGE_SIZE,
  type TimelineCursor,
  earliestDay,
  latestDay,
  partialDate,
  placeAgainstDay,
  placeInRange,
} from '@casebook/domain';
import { MutualSummary, milestoneDetails } from '@casebook/read-models';
import type { TimelineMilestone, TimelineResponse } from './timeline.response.dto.js';

export interface TimelineFilter {
  types?: string[];
  /** Partial dates bounding the range. */
  from?: string;
  to?: string;
  /** A day: what had happened by its end. */
  trueOn?: string;
  /** The first instant whose records no longer count. */
  knownBefore?: Date;
}

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

interface Row {
  milestone_id: string;
  type: string;
  occurred_on: string;
  precision: 'year' | 'month' | 'day';
  sort_key: string;
  revision: string;
  details: Record<string, unknown>;
  recorded_at: Date;
  recorded_by: string | null;
  recorded_by_name: string | null;
  source: Record<string, unknown> | null;
  corrected_at: Date | null;
  corrected_by: string | null;
  corrected_by_name: string | null;
  correction_reason: string | null;
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
      milestones: page.map((row) => this.entry(row, filter)),
      ...(rows.length > limit && last ? { nextCursor: [last.sort_key, last.revision, last.milestone_id] as TimelineCursor } : {}),
    };
  }

  /** The conditions on dating, type and cursor shared by both readings; `t` is the row source. */
  private conditions(filter: TimelineFilter, after: TimelineCursor | undefined, params: unknown[], revision: string): string[] {
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const first = `left(t.sort_key, 10)`;
    const conditions: string[] = [];
    if (filter.types) conditions.push(`t.type = ANY(${param(filter.types)}::text[])`);
    if (filter.from) conditions.push(`t.last_day >= ${param(earliestDay(partialDate(filter.from)))}`);
    if (filter.to) conditions.push(`${first} <= ${param(latestDay(partialDate(filter.to)))}`);
    if (filter.trueOn) conditions.push(`${first} <= ${param(filter.trueOn)}`);
    if (after)
      conditions.push(
        `(t.sort_key, ${revision}, t.milestone_id) > (${param(after[0])}, ${param(after[1])}::bigint, ${param(after[2])}::uuid)`,
      );
    return conditions;
  }

  private async asNow(mutualId: string, filter: TimelineFilter, limit: number, after?: TimelineCursor): Promise<Row[]> {
    const params: unknown[] = [mutualId];
    const conditions = ['t.mutual_id = $1', ...this.conditions(filter, after, params, 't.stream_revision')];
    params.push(limit + 1);
    return this.dataSource.query(
      `SELECT t.milestone_id, t.type, t.occurred_on, t.precision, t.sort_key, t.stream_revision::text AS revision, t.details,
              t.recorded_at, t.recorded_by, rb.display_name AS recorded_by_name, t.source,
              t.corrected_at, t.corrected_by, cb.display_name AS corrected_by_name, t.correction_reason
         FROM read_models.mutual_timeline t
         LEFT JOIN read_models.account_directory rb ON rb.account_id::text = t.recorded_by
         LEFT JOIN read_models.account_directory cb ON cb.account_id::text = t.corrected_by
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
  ): Promise<Row[]> {
    const params: unknown[] = [mutualId, before];
    const conditions = [`t.newest = 1`, `t.change <> 'retracted'`, ...this.conditions(filter, after, params, 't.first_revision')];
    params.push(limit + 1);
    // Each milestone's versions recorded in time; the newest of them is what was believed then,
    // shown with when and by whom the milestone was first recorded, and its last correction.
    const rows: (Row & { values: Record<string, unknown> | null })[] = await this.dataSource.query(
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

  private entry(row: Row, filter: TimelineFilter): TimelineMilestone {
    const date = partialDate(row.occurred_on);
    const doubts: string[] = [];
    if (filter.trueOn && placeAgainstDay(date, filter.trueOn) === 'uncertain') {
      doubts.push(`${row.occurred_on} may fall after ${filter.trueOn}`);
    }
    if (filter.from || filter.to) {
      const range = placeInRange(date, filter.from ? partialDate(filter.from) : undefined, filter.to ? partialDate(filter.to) : undefined);
      if (range === 'uncertain') doubts.push(`${row.occurred_on} may fall outside ${filter.from ?? '…'} to ${filter.to ?? '…'}`);
    }
    return {
      id: row.milestone_id,
      type: row.type,
      occurredOn: row.occurred_on,
      precision: row.precision,
      details: row.details,
      recordedAt: new Date(row.recorded_at).toISOString(),
      recordedBy: row.recorded_by ? { accountId: row.recorded_by, displayName: row.recorded_by_name } : null,
      ...(row.source ? { source: row.source } : {}),
      ...(row.corrected_at
        ? {
            correction: {
              correctedAt: new Date(row.corrected_at).toISOString(),
              correctedBy: row.corrected_by ? { accountId: row.corrected_by, displayName: row.corrected_by_name } : null,
              reason: row.correction_reason,
            },
          }
        : {}),
      ...(doubts.length > 0 ? { uncertain: true, uncertainBecause: doubts.join('; ') } : {}),
    };
  }
}
