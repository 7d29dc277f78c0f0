// A mutual's milestones as timeline rows, as now believed or as known on a past day. Now: the
// timeline projection's rows. Known on a day: for each milestone the last version recorded by
// then in the milestone history (a retraction hides it), so a correction recorded later is not
// applied. The timeline reads a page of them, the profile all of them up to its day.
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { type MilestoneType, type ProfileRegistration, TIMELINE_PAGE_SIZE, type TimelineCursor } from '@casebook/domain';
import { milestoneDetails } from '@casebook/read-models';
import { TIMELINE_COLUMNS, TIMELINE_RECORDERS, type TimelineFilter, type TimelineRow, datingConditions } from './timeline-rows.js';

/** More milestones than any mutual has: a profile stops reading there rather than run unbounded. */
const MAX_PAGES = 1000;

@Injectable()
export class MutualTimelineReader {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Up to `limit` rows in timeline order, after the cursor. */
  rows(mutualId: string, filter: TimelineFilter, limit: number, after?: TimelineCursor): Promise<TimelineRow[]> {
    return filter.knownBefore
      ? this.asKnown(mutualId, filter, limit, after, filter.knownBefore)
      : this.asNow(mutualId, filter, limit, after);
  }

  /** Every row the filter keeps, read a page at a time. */
  async allRows(mutualId: string, filter: TimelineFilter): Promise<TimelineRow[]> {
    const rows: TimelineRow[] = [];
    let after: TimelineCursor | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const batch = await this.rows(mutualId, filter, TIMELINE_PAGE_SIZE.max, after);
      rows.push(...batch);
      const last = batch.at(-1);
      if (batch.length < TIMELINE_PAGE_SIZE.max || !last) return rows;
      after = [last.sort_key, last.revision, last.milestone_id];
    }
    throw new Error(`mutual ${mutualId} has more than ${MAX_PAGES * TIMELINE_PAGE_SIZE.max} milestones`);
  }

  /**
   * The registration as it stood: every version recorded before `before` folded (a correction's
   * `null` clears a detail), or the latest when `before` is absent; undefined before registration.
   */
  async registration(mutualId: string, before?: Date): Promise<ProfileRegistration | undefined> {
    const versions: { details: Record<string, unknown> }[] = await this.dataSource.query(
      `SELECT details FROM read_models.registration_history
        WHERE mutual_id = $1 AND ($2::timestamptz IS NULL OR recorded_at < $2)
        ORDER BY stream_revision`,
      [mutualId, before ?? null],
    );
    if (versions.length === 0) return undefined;
    const folded = Object.assign({}, ...versions.map((version) => version.details)) as Record<string, unknown>;
    return {
      name: String(folded.name),
      serviceAreas: (folded.serviceAreas as ProfileRegistration['serviceAreas'] | undefined) ?? [],
      region: (folded.region as ProfileRegistration['region']) ?? null,
      legalForm: (folded.legalForm as ProfileRegistration['legalForm']) ?? null,
      parentBody: (folded.parentBody as string | null | undefined) ?? null,
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
    params.push(limit);
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
    params.push(limit);
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
