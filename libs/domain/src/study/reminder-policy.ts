// When a study's contacts are reminded of an interview wave. A study keeps one policy in its own
// stream (ReminderPolicyChanged); a study that never recorded one follows DEFAULT_REMINDER_POLICY,
// so the schedule (case/reminder-schedule.ts) always has a policy to work from.

/** ISO weekday: 1 is Monday, 7 is Sunday. */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

export interface ReminderPolicy {
  /** Whole days before a wave's window opens that a reminder goes out, distinct, each 1..90. */
  daysBefore: number[];
  /** Days into the window after which a contact not yet interviewed is reminded again; null for none. */
  followUpDaysIntoWindow: number | null;
  /** Local wall-clock times in the study's zone, `HH:MM`, `from` before `to`. */
  workingHours: { from: string; to: string };
  /** The ISO weekdays reminders may go out on. */
  workingDays: IsoWeekday[];
}

export const DAYS_BEFORE_RANGE = { min: 1, max: 90 } as const;
export const FOLLOW_UP_DAYS_RANGE = { min: 1, max: 365 } as const;

/**
 * The policy of a study that has recorded none: two reminders (a fortnight and three days ahead),
 * a follow-up a week into the window, office hours on weekdays.
 */
export const DEFAULT_REMINDER_POLICY: Readonly<ReminderPolicy> = {
  daysBefore: [14, 3],
  followUpDaysIntoWindow: 7,
  workingHours: { from: '09:00', to: '17:00' },
  workingDays: [1, 2, 3, 4, 5],
};

/**
 * The zone reminders are timed in when a study has none recorded: the studies follow UK mutuals,
 * and a reminder at 09:00 UTC would reach them at 10:00 for half the year.
 */
export const REMINDER_DEFAULT_TIME_ZONE = 'Europe/London';

export const reminderTimeZone = (studyTimeZone: string | undefined): string => studyTimeZone ?? REMINDER_DEFAULT_TIME_ZONE;

const CLOCK = /^(?:[01]\d|2[0-3]):[0-5]\d$/;

/** Minutes since local midnight of an `HH:MM` time. */
export const minutesOfClock = (clock: string): number => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));

/**
 * What is wrong with a policy, as [field, rule, text]; none for a valid one. The body schema says
 * the same to a request; the decider asks again so no command, whatever built it, records a
 * policy the schedule cannot follow.
 */
export function reminderPolicyProblems(policy: ReminderPolicy): [string, string, string][] {
  const problems: [string, string, string][] = [];
  const { daysBefore, followUpDaysIntoWindow, workingHours, workingDays } = policy;
  const inRange = (value: number, { min, max }: { min: number; max: number }) => Number.isInteger(value) && value >= min && value <= max;
  if (!daysBefore.every((days) => inRange(days, DAYS_BEFORE_RANGE)))
    problems.push(['daysBefore', 'days-before', `each must be a whole number from ${DAYS_BEFORE_RANGE.min} to ${DAYS_BEFORE_RANGE.max}`]);
  if (new Set(daysBefore).size !== daysBefore.length) problems.push(['daysBefore', 'unique', 'must not repeat a value']);
  if (followUpDaysIntoWindow !== null && !inRange(followUpDaysIntoWindow, FOLLOW_UP_DAYS_RANGE))
    problems.push([
      'followUpDaysIntoWindow',
      'follow-up-days',
      `must be a whole number from ${FOLLOW_UP_DAYS_RANGE.min} to ${FOLLOW_UP_DAYS_RANGE.max}, or null`,
    ]);
  if (!CLOCK.test(workingHours.from) || !CLOCK.test(workingHours.to))
    problems.push(['workingHours', 'clock', 'from and to must be times written HH:MM']);
  else if (minutesOfClock(workingHours.from) >= minutesOfClock(workingHours.to))
    problems.push(['workingHours.to', 'after-from', `must be after from (${workingHours.from})`]);
  if (workingDays.length === 0 || !workingDays.every((day) => Number.isInteger(day) && day >= 1 && day <= 7))
    problems.push(['workingDays', 'iso-weekday', 'must name at least one ISO weekday, 1 (Monday) to 7 (Sunday)']);
  if (new Set(workingDays).size !== workingDays.length) problems.push(['workingDays', 'unique', 'must not repeat a day']);
  return problems;
}

/** The same policy, its lists in order, so that two policies compare by value. */
export function normalisedReminderPolicy(policy: ReminderPolicy): ReminderPolicy {
  return {
    daysBefore: [...policy.daysBefore].sort((a, b) => b - a),
    followUpDaysIntoWindow: policy.followUpDaysIntoWindow,
    workingHours: { from: policy.workingHours.from, to: policy.workingHours.to },
    workingDays: [...policy.workingDays].sort((a, b) => a - b),
  };
}

export const sameReminderPolicy = (a: ReminderPolicy, b: ReminderPolicy): boolean =>
  JSON.stringify(normalisedReminderPolicy(a)) === JSON.stringify(normalisedReminderPolicy(b));
