// Milestones as timeline rows, of one mutual or many, as now believed or as known on a past day.
// Now: the timeline projection's rows. Known on a day: for each milestone the last version
// recorded by then in the milestone history (a retraction hides it), so a correction recorded
// later is not applied. A mutual's timeline and the cross-case timelines read a page of them,
// the profile all of one mutual's.
import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import { type MilestoneType, type ProfileRegistration, TIMELINE_PAGE_SIZE, type TimelineCursor } from '@casebook/domain';
import { milestoneDetails } from '@casebook/read-models';
import { TIMELINE_COLUMNS, TIMELINE_RECORDERS, type TimelineFilter, type TimelineRow, datingConditions } from './timeline-rows.js';

/** Whose milestones: one mutual's, a study's cases' (withdrawn ones too), a list of mutuals', or every one. */
export type TimelineScope = { mutualId: string } | { studyId: string } | { mutualIds: readonly string[] } | 'registry';

/** The mutuals' registry details, as last registered. */
export interface RegistryFilter {
  serviceArea?: string;
  region?: string;
  legalForm?: string;
}

export type CrossCaseRow = TimelineRow & { mutual_id: string; mutual_name: string };

/** More milestones than any mutual has: a profile stops reading there rather than run unbounded. */
const MAX_PAGES = 1000;

@Injectable()
export class MutualTimelineReader {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Up to `limit` rows of one mutual in timeline order, after the cursor. */
  rows(mutualId: string, filter: TimelineFilter, limit: number, after?: TimelineCursor): Promise<TimelineRow[]> {
    return this.milestones({ mutualId }, filter, limit, after);
  }

  /** Up to `limit` rows of the mutuals in scope, in timeline order (milestonesQuery), after the cursor. */
  async milestones(
    scope: TimelineScope,
    filter: TimelineFilter & RegistryFilter,
    limit: number,
    after?: readonly string[],
  ): Promise<CrossCaseRow[]> {
    const { text, params, asKnown } = milestonesQuery(scope, filter, limit, after);
    return withDetails(await this.prepared(text, params), asKnown);
  }

  /**
   * A page of one mutual's timeline and the mutual's row, in one prepared statement (the hot
   * read: one round trip, planned once per connection); no mutual when it is not in the read models.
   */
  async page(mutualId: string, filter: TimelineFilter, limit: number, after?: TimelineCursor): Promise<TimelinePageRows> {
    const { text, params, asKnown } = milestonesQuery({ mutualId }, filter, limit, after);
    params.push(mutualId);
    // The mutual is the outer row, so that a mutual without (matching) milestones still answers.
    const statement = `SELECT mutual.name AS page_mutual_name, mutual.spun_out_on AS page_spun_out_on, mutual.version AS page_version, r.*
         FROM read_models.mutuals mutual
         LEFT JOIN LATERAL (${text}) r ON true
        WHERE mutual.id = $${params.length}
        ORDER BY r.sort_key, r.revision::bigint, r.milestone_id`;
    const rows = await this.prepared<PageRow>(statement, params);
    const first = rows[0];
    if (!first) return { rows: [] };
    const mutual = { name: first.page_mutual_name, spunOutOn: first.page_spun_out_on, version: first.page_version };
    // The page_ columns stay on the rows: an entry takes only the fields it shows.
    return {
      mutual,
      rows: withDetails(
        rows.filter((row) => row.milestone_id !== null),
        asKnown,
      ),
    };
  }

  /** Every row of one mutual the filter keeps, read a page at a time. */
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
    const versions = await this.prepared<{ details: Record<string, unknown> }>(
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

  /**
   * Through pg's own query with a statement name by text: each of the few dozen texts the
   * filters make is parsed and planned once per connection rather than on every read.
   */
  private async prepared<Row>(text: string, values: unknown[]): Promise<Row[]> {
    const result = await poolOf(this.dataSource).query({ name: statementName(text), text, values });
    return result.rows as Row[];
  }
}

/** A page of one mutual's timeline, with the mutual's own row when it is in the read models. */
export interface TimelinePageRows {
  mutual?: { name: string; spunOutOn: string | null; version: number };
  rows: TimelineRow[];
}

type PageRow = (CrossCaseRow & { values?: Record<string, unknown> | null }) & {
  page_mutual_name: string;
  page_spun_out_on: string | null;
  page_version: number;
};

/** The read models' pg pool, under TypeORM's driver: prepared statements need pg's own query. */
const poolOf = (dataSource: DataSource): Pool => (dataSource.driver as unknown as { master: Pool }).master;

/** Statement names by text; the texts are few (one per combination of filters), so the map stays small. */
const statementNames = new Map<string, string>();
function statementName(text: string): string {
  let name = statementNames.get(text);
  if (!name) {
    name = `timeline_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`;
    statementNames.set(text, name);
  }
  return name;
}

/** As known, a row carries the values of its version, which become the entry's details as the projection shows them. */
function withDetails(rows: (CrossCaseRow & { values?: Record<string, unknown> | null })[], asKnown: boolean): CrossCaseRow[] {
  if (!asKnown) return rows;
  return rows.map(({ values, ...row }) => ({
    ...row,
    details: milestoneDetails(row.type as MilestoneType, row.occurred_on, values ?? {}),
  }));
}

/**
 * The SQL of up to `limit` rows of the mutuals in scope, in timeline order: by first possible
 * day, vaguer first, then (across mutuals) by mutual, then as recorded; `after` is the cursor's
 * values in that order (without the mutual for one mutual's timeline).
 */
function milestonesQuery(
  scope: TimelineScope,
  filter: TimelineFilter & RegistryFilter,
  limit: number,
  after?: readonly string[],
): { text: string; params: unknown[]; asKnown: boolean } {
  const params: unknown[] = [];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const oneMutual = typeof scope === 'object' && 'mutualId' in scope;
  const inScope = (column: string) => {
    if (scope === 'registry') return 'true';
    if ('mutualId' in scope) return `${column} = ${param(scope.mutualId)}`;
    if ('studyId' in scope) return `${column} IN (SELECT c.mutual_id FROM read_models.cases c WHERE c.study_id = ${param(scope.studyId)})`;
    return `${column} = ANY(${param(scope.mutualIds)}::uuid[])`;
  };
  const asKnown = filter.knownBefore !== undefined;
  const revision = asKnown ? 't.first_revision' : 't.stream_revision';
  const order = oneMutual ? ['t.sort_key', revision, 't.milestone_id'] : ['t.sort_key', 't.mutual_id', revision, 't.milestone_id'];
  const casts = oneMutual ? ['text', 'bigint', 'uuid'] : ['text', 'uuid', 'bigint', 'uuid'];
  const source = asKnown
    ? // Each milestone's versions recorded in time; the newest of them is what was believed then,
      // shown with when and by whom the milestone was first recorded, and its last correction.
      `(SELECT h.*,
                 first_value(h.stream_revision) OVER oldest AS first_revision,
                 first_value(h.recorded_at) OVER oldest AS first_recorded_at,
                 first_value(h.recorded_by) OVER oldest AS first_recorded_by,
                 row_number() OVER newest AS newest
            FROM read_models.milestone_history h
           WHERE ${inScope('h.mutual_id')} AND h.recorded_at < ${param(filter.knownBefore)}
          WINDOW oldest AS (PARTITION BY h.milestone_id ORDER BY h.stream_revision),
                 newest AS (PARTITION BY h.milestone_id ORDER BY h.stream_revision DESC))`
    : 'read_models.mutual_timeline';
  const conditions = asKnown ? [`t.newest = 1`, `t.change <> 'retracted'`] : [inScope('t.mutual_id')];
  if (filter.serviceArea) conditions.push(`${param(filter.serviceArea)} = ANY(m.service_areas)`);
  if (filter.region) conditions.push(`m.region = ${param(filter.region)}`);
  if (filter.legalForm) conditions.push(`m.legal_form = ${param(filter.legalForm)}`);
  conditions.push(...datingConditions(filter, params, after && { values: after, order: `(${order.join(', ')})`, casts }));
  const columns = asKnown
    ? `t.milestone_id, t.type, t.occurred_on, t.precision, t.sort_key, t.first_revision::text AS revision, t.values,
         t.first_recorded_at AS recorded_at, t.first_recorded_by AS recorded_by, rb.display_name AS recorded_by_name, t.source,
         CASE WHEN t.change = 'corrected' THEN t.recorded_at END AS corrected_at,
         CASE WHEN t.change = 'corrected' THEN t.recorded_by END AS corrected_by,
         CASE WHEN t.change = 'corrected' THEN cb.display_name END AS corrected_by_name,
         CASE WHEN t.change = 'corrected' THEN t.reason END AS correction_reason`
    : TIMELINE_COLUMNS;
  const recorders = asKnown
    ? `LEFT JOIN read_models.account_directory rb ON rb.account_id::text = t.first_recorded_by
         LEFT JOIN read_models.account_directory cb ON cb.account_id::text = t.recorded_by`
    : TIMELINE_RECORDERS;
  return {
    text: `SELECT ${columns}, t.mutual_id, m.name AS mutual_name
         FROM ${source} t
         JOIN read_models.mutuals m ON m.id = t.mutual_id ${recorders}
        WHERE ${conditions.join(' AND ')}
        ORDER BY ${order.join(', ')}
        LIMIT ${param(limit)}`,
    params,
    asKnown,
  };
}
