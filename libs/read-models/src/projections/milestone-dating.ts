// How a milestone is dated and shown wherever it is listed: the timeline as now believed, and
// the versions in its history from which the timeline as known on a past day is read.
import { type MilestoneType, chronologicalKey, contractEndOf, latestDay, partialDate } from '@casebook/domain';

export interface MilestoneDating {
  occurredOn: string;
  precision: 'year' | 'month' | 'day';
  /** First possible day plus precision rank, so that SQL order matches comparePartialDates. */
  sortKey: string;
  /** Last possible day: what "by a day" and "within a range" are judged on, beside the first. */
  lastDay: string;
}

export function datingOf(occurredOn: string): MilestoneDating {
  const date = partialDate(occurredOn);
  return { occurredOn, precision: date.precision, sortKey: chronologicalKey(date), lastDay: latestDay(date) };
}

/**
 * What a listing shows of a milestone: its own facts, and for a lost or ended contract the
 * effective end (`endsOn` as given, else the day it was lost or ended), so that readers never
 * need to know that the event may leave it out.
 */
export function milestoneDetails(kind: MilestoneType | null, occurredOn: string, values: Record<string, unknown>): Record<string, unknown> {
  if (kind !== 'contract-lost' && kind !== 'contract-ended') return values;
  return { ...values, endsOn: contractEndOf({ occurredOn, endsOn: values.endsOn as string | undefined }) };
}
