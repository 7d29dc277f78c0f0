// When a mutual's own history ends. A dissolution, a merger or an acquisition ends it. Research
// is often retrospective (a team may learn of the end first), so the rule is about dates, not
// about the order things were recorded in:
//
// - The end is, of the current (recorded and not retracted) ending milestones, the one that is
//   certainly over first: the earliest last possible day (`2020-01` is over by 2020-01-31,
//   `2020` only by 2020-12-31); on a tie the earlier first possible day, then the first
//   recorded. A merger and a later dissolution of the old legal shell can both stand; the
//   earlier one is the end. Retracting or correcting an end moves the end with it.
// - A milestone is after the end only when it certainly is: its first possible day is after
//   the end's last possible day. `2022-03-15` is not after an end in `2022-03`; `2022-04` is.
// - Nothing but observations and further ending milestones may lie after the end, whether the
//   end or the milestone is recorded (or corrected) first.
import { earliestDay, latestDay, partialDate } from '../shared/partial-date.js';
import type { MilestoneEventType } from './mutual.events.js';

export const ENDING_MILESTONE_TYPES = [
  'MutualDissolved',
  'MutualMerged',
  'MutualAcquired',
] as const satisfies readonly MilestoneEventType[];
export type EndingMilestoneType = (typeof ENDING_MILESTONE_TYPES)[number];

/** How the end reads in a sentence: "its merger (2020-01)". */
export const END_NAMES: Record<EndingMilestoneType, string> = {
  MutualDissolved: 'dissolution',
  MutualMerged: 'merger',
  MutualAcquired: 'acquisition',
};

export interface DatedMilestone {
  milestoneId: string;
  type: MilestoneEventType;
  /** Partial date: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`. */
  occurredOn: string;
}

export type MutualEnd<M extends DatedMilestone = DatedMilestone> = M & { type: EndingMilestoneType };

export function isEndingMilestone<M extends DatedMilestone>(milestone: M): milestone is MutualEnd<M> {
  return (ENDING_MILESTONE_TYPES as readonly string[]).includes(milestone.type);
}

/** The end of a mutual among its current milestones, given in the order recorded; undefined while it goes on. */
export function endOf<M extends DatedMilestone>(current: Iterable<M>): MutualEnd<M> | undefined {
  let end: MutualEnd<M> | undefined;
  for (const milestone of current) {
    if (!isEndingMilestone(milestone)) continue;
    if (!end || endsSooner(milestone, end)) end = milestone;
  }
  return end;
}

function endsSooner(a: DatedMilestone, b: DatedMilestone): boolean {
  const [dateA, dateB] = [partialDate(a.occurredOn), partialDate(b.occurredOn)];
  const byLast = latestDay(dateA).localeCompare(latestDay(dateB));
  if (byLast !== 0) return byLast < 0;
  return earliestDay(dateA) < earliestDay(dateB);
}

/** True when every day `occurredOn` could denote lies after the last day the end could denote. */
export function isCertainlyAfter(occurredOn: string, end: DatedMilestone): boolean {
  return earliestDay(partialDate(occurredOn)) > latestDay(partialDate(end.occurredOn));
}

/** Milestones the end leaves nothing to say about: only observations and further ends may follow it. */
export function mayFollowTheEnd(milestone: DatedMilestone): boolean {
  return milestone.type === 'ObservationRecorded' || isEndingMilestone(milestone);
}

/** The current milestones that lie certainly after the end and may not, in the order given. */
export function milestonesAfterTheEnd<M extends DatedMilestone>(current: readonly M[]): { end: MutualEnd<M>; after: M[] } | undefined {
  const end = endOf(current);
  if (!end) return undefined;
  const after = current.filter((milestone) => !mayFollowTheEnd(milestone) && isCertainlyAfter(milestone.occurredOn, end));
  return after.length ? { end, after } : undefined;
}

export const describeEnd = (end: MutualEnd): string => `${END_NAMES[end.type]} (${end.occurredOn})`;
