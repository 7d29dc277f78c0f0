// The reminders a case's record calls for, worked out afresh from the record each time: a
// reactor adds delayed jobs for them, and the worker asks isDue before sending, so a reschedule,
// an interview, an opt-out or an erasure recorded since the job was added stops it.
import { addDays, instantOfLocal, localMomentOf } from '../shared/zoned-time.js';
import { type ReminderPolicy, minutesOfClock } from '../study/reminder-policy.js';
import { type CaseRecord, type CaseState, type ContactState, type WaveState, canBeContacted, isWaveOpen } from './case.state.js';

interface ReminderOf {
  waveId: string;
  contactId: string;
  /** ISO instant, always at a working moment of the study's policy in its zone. */
  sendAt: string;
  /** Stable for the same wave, contact, kind and window version; safe as a BullMQ job id. */
  jobId: string;
}

export type Reminder = ({ kind: 'before-opening'; daysBefore: number } | { kind: 'follow-up' }) & ReminderOf;

export interface WaveReminderInput {
  policy: ReminderPolicy;
  /** The study's IANA zone (see reminderTimeZone for a study without one). */
  timeZone: string;
  caseStatus: CaseRecord['status'];
  wave: Pick<
    WaveState,
    'waveId' | 'opensOn' | 'closesOn' | 'status' | 'windowVersion' | 'remindContactIds' | 'interviews' | 'reminderOutcomes'
  >;
  /** The case's contacts; only those the wave names are reminded. */
  contacts: readonly ContactState[];
  /** ISO instant. */
  now: string;
}

/** What the worker needs to re-check a reminder: the case's record and its study's policy and zone. */
export interface ReminderRecord {
  policy: ReminderPolicy;
  timeZone: string;
  case: CaseState;
}

// BullMQ refuses custom ids with ':' (it separates Redis key parts) and ids that read as integers;
// '_' appears in no UUID, so each part of the id can be read back unambiguously.
export function reminderJobId(
  reminder: Pick<ReminderOf, 'waveId' | 'contactId'> & ({ kind: 'before-opening'; daysBefore: number } | { kind: 'follow-up' }),
  windowVersion: number,
): string {
  const kind = reminder.kind === 'before-opening' ? `before-${reminder.daysBefore}` : 'follow-up';
  return `reminder_${reminder.waveId}_${reminder.contactId}_${kind}_v${windowVersion}`;
}

// A week covers every working day of a policy; a second one is slack for a day a clock change
// leaves without working hours.
const SEARCH_DAYS = 14;

class WorkingTime {
  private readonly from: number;
  private readonly to: number;
  private readonly days: ReadonlySet<number>;

  constructor(
    policy: ReminderPolicy,
    private readonly timeZone: string,
  ) {
    this.from = minutesOfClock(policy.workingHours.from);
    this.to = minutesOfClock(policy.workingHours.to);
    this.days = new Set(policy.workingDays);
  }

  /** When working hours start on `date`, or undefined when it has none (not a working day, or a clock change skips them). */
  startOn(date: string): number | undefined {
    const start = instantOfLocal(date, this.from, this.timeZone);
    return this.isWorking(start) && localMomentOf(start, this.timeZone).date === date ? start : undefined;
  }

  isWorking(instant: number): boolean {
    const local = localMomentOf(instant, this.timeZone);
    return this.days.has(local.weekday) && local.minutes >= this.from && local.minutes < this.to;
  }

  /** The start of working hours on the nearest working day from `date`, stepping by `step` days. */
  startNearest(date: string, step: 1 | -1): number | undefined {
    for (let offset = 0; offset < SEARCH_DAYS; offset += 1) {
      const start = this.startOn(addDays(date, offset * step));
      if (start !== undefined) return start;
    }
    return undefined;
  }

  /** `instant` itself when it is a working moment, else the next start of working hours. */
  next(instant: number): number | undefined {
    if (this.isWorking(instant)) return instant;
    const today = localMomentOf(instant, this.timeZone).date;
    for (let offset = 0; offset < SEARCH_DAYS; offset += 1) {
      const start = this.startOn(addDays(today, offset));
      if (start !== undefined && start >= instant) return start;
    }
    return undefined;
  }
}

/** A moment due already is sent at the next working moment, provided that is still before `limit`. */
function whenToSend(due: number, now: number, limit: number, working: WorkingTime): number | undefined {
  const at = due >= now ? due : working.next(now);
  return at !== undefined && at < limit ? at : undefined;
}

/**
 * The reminders one wave calls for now, ordered by when they go out.
 *
 * - Before opening, for each of `daysBefore`: at the start of working hours on the working day on or
 *   before `opensOn - days` in the study's zone; if that has passed, at the next working moment,
 *   but never once the window has opened. A contact gets one before-opening reminder at any one
 *   moment: when several fall together (a weekend in between, or catching up), the one nearest
 *   the opening.
 * - A follow-up, `followUpDaysIntoWindow` days into the window: at the start of working hours on
 *   the working day on or after that day (the next working moment if it has passed), only to a
 *   contact with no interview recorded for the wave, and only before the window's last day ends.
 * - Nothing for a wave no longer open, a withdrawn case, or a contact who may not be contacted,
 *   and never a reminder already sent or failed for good (its job id is in the wave's outcomes).
 */
export function remindersOfWave(input: WaveReminderInput): Reminder[] {
  const { policy, timeZone, caseStatus, wave, contacts } = input;
  if (caseStatus !== 'enrolled' || !isWaveOpen(wave)) return [];
  const now = Date.parse(input.now);
  const working = new WorkingTime(policy, timeZone);
  const opens = instantOfLocal(wave.opensOn, 0, timeZone);
  const ends = instantOfLocal(addDays(wave.closesOn, 1), 0, timeZone);
  if (now >= ends) return [];

  // Nearest the opening first, so that of reminders falling together the first one seen is kept.
  const beforeOpening: { daysBefore: number; at: number }[] = [];
  for (const daysBefore of [...policy.daysBefore].sort((a, b) => a - b)) {
    const due = working.startNearest(addDays(wave.opensOn, -daysBefore), -1);
    const at = due === undefined ? undefined : whenToSend(due, now, opens, working);
    if (at !== undefined && !beforeOpening.some((taken) => taken.at === at)) beforeOpening.push({ daysBefore, at });
  }
  let followUpAt: number | undefined;
  if (policy.followUpDaysIntoWindow !== null) {
    const due = working.startNearest(addDays(wave.opensOn, policy.followUpDaysIntoWindow), 1);
    followUpAt = due === undefined ? undefined : whenToSend(due, now, ends, working);
  }

  const interviewed = new Set(wave.interviews.map((interview) => interview.contactId));
  const settled = new Set(wave.reminderOutcomes.map((outcome) => outcome.reminderId));
  const reminders: Reminder[] = [];
  for (const contact of contacts) {
    if (!wave.remindContactIds.includes(contact.contactId) || !canBeContacted(contact)) continue;
    const { waveId } = wave;
    const { contactId } = contact;
    for (const { daysBefore, at } of beforeOpening) {
      const kind = { kind: 'before-opening' as const, daysBefore };
      reminders.push({
        ...kind,
        waveId,
        contactId,
        sendAt: new Date(at).toISOString(),
        jobId: reminderJobId({ ...kind, waveId, contactId }, wave.windowVersion),
      });
    }
    if (followUpAt !== undefined && !interviewed.has(contactId)) {
      reminders.push({
        kind: 'follow-up',
        waveId,
        contactId,
        sendAt: new Date(followUpAt).toISOString(),
        jobId: reminderJobId({ kind: 'follow-up', waveId, contactId }, wave.windowVersion),
      });
    }
  }
  return reminders
    .filter((reminder) => !settled.has(reminder.jobId))
    .sort((a, b) => a.sendAt.localeCompare(b.sendAt) || a.jobId.localeCompare(b.jobId));
}

/** The reminders every wave of a case calls for now. */
export function remindersOfCase(record: ReminderRecord, now: string): Reminder[] {
  const state = record.case;
  if (state.status === 'not-enrolled') return [];
  return state.waves.flatMap((wave) =>
    remindersOfWave({ policy: record.policy, timeZone: record.timeZone, caseStatus: state.status, wave, contacts: state.contacts, now }),
  );
}

/**
 * The reminder with this job id as the record calls for it now, or undefined when it calls for it
 * no longer. Its `sendAt` may have moved (a worker that ran late, after working hours, finds the
 * next working moment there and can delay the job to it rather than send at night).
 */
export function currentReminder(reminder: Pick<Reminder, 'waveId' | 'jobId'>, record: ReminderRecord, now: string): Reminder | undefined {
  const state = record.case;
  if (state.status === 'not-enrolled') return undefined;
  const wave = state.waves.find((candidate) => candidate.waveId === reminder.waveId);
  if (!wave) return undefined;
  return remindersOfWave({
    policy: record.policy,
    timeZone: record.timeZone,
    caseStatus: state.status,
    wave,
    contacts: state.contacts,
    now,
  }).find((current) => current.jobId === reminder.jobId);
}

/**
 * Whether the record still calls for exactly this reminder now: the worker's check before sending.
 * A job for an earlier window, a contact now out of reach or a follow-up an interview answered is
 * not due, whatever its delay said.
 */
export const isDue = (reminder: Pick<Reminder, 'waveId' | 'jobId'>, record: ReminderRecord, now: string): boolean =>
  currentReminder(reminder, record, now) !== undefined;
