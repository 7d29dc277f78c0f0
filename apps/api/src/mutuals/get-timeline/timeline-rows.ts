// What every timeline answer is made of, whichever read model it comes from: the columns and
// joins of a timeline row, the conditions on type, dates and cursor, and the entry a client gets,
// marked uncertain where its partial date may fall on the other side of what was asked.
import { partialDate, placeAgainstDay, placeInRange, earliestDay, latestDay } from '@casebook/domain';
import type { TimelineMilestone } from './timeline.response.dto.js';

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

export interface TimelineRow {
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

/** The columns of a `mutual_timeline` row `t`, with its recorders' names (TIMELINE_RECORDERS). */
export const TIMELINE_COLUMNS = `t.milestone_id, t.type, t.occurred_on, t.precision, t.sort_key, t.stream_revision::text AS revision, t.details,
  t.recorded_at, t.recorded_by, rb.display_name AS recorded_by_name, t.source,
  t.corrected_at, t.corrected_by, cb.display_name AS corrected_by_name, t.correction_reason`;

export const TIMELINE_RECORDERS = `
  LEFT JOIN read_models.account_directory rb ON rb.account_id::text = t.recorded_by
  LEFT JOIN read_models.account_directory cb ON cb.account_id::text = t.corrected_by`;

/**
 * Conditions on type, dates and the cursor over rows `t` that carry `sort_key` (first possible
 * day) and `last_day`; `after` is the cursor's values in the order the rows are sorted by.
 */
export function datingConditions(
  filter: TimelineFilter,
  params: unknown[],
  after?: { values: readonly string[]; order: string; casts: readonly string[] },
): string[] {
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
  if (after) {
    const values = after.values.map((value, index) => `${param(value)}::${after.casts[index]}`);
    conditions.push(`${after.order} > (${values.join(', ')})`);
  }
  return conditions;
}

export function timelineEntryOf(row: TimelineRow, filter: TimelineFilter): TimelineMilestone {
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
