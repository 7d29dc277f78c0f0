// Commands about a case's interview waves, and how each is read from untrusted input. Rules
// that need only the request (dates in order, no interview in the future) are field errors
// here; rules that need the case's history are the decider's.
import { InputReader } from '../shared/input-reader.js';
import { type Source, sourceFromInput } from '../shared/source.js';
import type {
  InterviewRecorded,
  WaveCancelled,
  WaveCompleted,
  WaveRescheduled,
  WaveScheduled,
  WaveSignedOff,
  WaveSkipped,
} from './case.events.js';
import { optionalId, optionalIdList, orEmptyBody, outcomeDay } from './case.input.js';
import { CASE_INTERVIEW_ROLES, INTERVIEW_CONSENTS } from './case.vocabulary.js';

type WaveIds = { caseId: string; waveId: string };

/**
 * The study's period as its own stream has it when the command is run. The case's stream does
 * not hold it, so the application reads the study and hands it in; windows must lie inside it.
 */
export interface StudyPeriod {
  startsOn: string;
  endsOn: string;
}

export interface ScheduleWave {
  type: 'ScheduleWave';
  data: Omit<WaveScheduled['data'], 'scheduledAt'>;
  studyPeriod: StudyPeriod;
  now: string;
}

export interface RescheduleWave {
  type: 'RescheduleWave';
  data: Omit<WaveRescheduled['data'], 'rescheduledAt'>;
  studyPeriod: StudyPeriod;
  now: string;
}

export interface RecordInterview {
  type: 'RecordInterview';
  data: InterviewRecorded['data'];
  now: string;
}

export interface CompleteWave {
  type: 'CompleteWave';
  data: Omit<WaveCompleted['data'], 'completedAt'>;
  now: string;
}

export interface SkipWave {
  type: 'SkipWave';
  data: Omit<WaveSkipped['data'], 'skippedAt'>;
  now: string;
}

export interface CancelWave {
  type: 'CancelWave';
  data: Omit<WaveCancelled['data'], 'cancelledAt'>;
  now: string;
}

export interface SignOffWave {
  type: 'SignOffWave';
  data: Omit<WaveSignedOff['data'], 'signedOffAt'>;
  now: string;
}

export type WaveCommand = ScheduleWave | RescheduleWave | RecordInterview | CompleteWave | SkipWave | CancelWave | SignOffWave;

/** Far more than any case has; the cap keeps one request from naming thousands. */
const MAX_REMINDED_CONTACTS = 50;
const REASON = { maxLength: 2000 };

export function scheduleWaveFromInput(input: unknown, ids: WaveIds, now: string, studyPeriod: StudyPeriod): ScheduleWave {
  const body = new InputReader(input);
  body.rejectUnknown(['waveNumber', 'opensOn', 'closesOn', 'remindContactIds', 'remindAt']);
  const waveNumber = body.requiredPositiveInteger('waveNumber');
  const window = readWindow(body);
  const remindContactIds = optionalIdList(body, 'remindContactIds', MAX_REMINDED_CONTACTS);
  // By default contacts hear a week before the window opens, at 09:00 UTC.
  const remindAt = body.has('remindAt') ? body.optionalInstant('remindAt') : window.opensOn ? weekBefore(window.opensOn) : undefined;
  if (remindAt && window.closesOn && remindAt.slice(0, 10) > window.closesOn) {
    body.fail('remindAt', 'before-window-closes', `must not be after the window closes (${window.closesOn})`);
  }
  body.throwIfInvalid();
  return { type: 'ScheduleWave', data: { ...ids, waveNumber, ...window, remindContactIds, remindAt: remindAt ?? '' }, studyPeriod, now };
}

function weekBefore(day: string): string {
  const at = new Date(`${day}T09:00:00Z`);
  at.setUTCDate(at.getUTCDate() - 7);
  return at.toISOString();
}

export function rescheduleWaveFromInput(input: unknown, ids: WaveIds, now: string, studyPeriod: StudyPeriod): RescheduleWave {
  const body = new InputReader(input);
  body.rejectUnknown(['opensOn', 'closesOn']);
  const window = readWindow(body);
  body.throwIfInvalid();
  return { type: 'RescheduleWave', data: { ...ids, ...window }, studyPeriod, now };
}

/**
 * The source of the record goes into the event's metadata, so it is returned beside the command.
 * The interviewer is an account, by default the one recording (`recordedBy`); that a named
 * account exists is checked by the application, which can read account streams.
 */
export function recordInterviewFromInput(
  input: unknown,
  ids: WaveIds & { interviewId: string },
  now: string,
  recordedBy: string,
): { command: RecordInterview; source?: Source } {
  const body = new InputReader(input);
  body.rejectUnknown(['role', 'interviewedOn', 'interviewerAccountId', 'consent', 'transcriptReference', 'contactId', 'source']);
  const role = body.requiredOneOf('role', CASE_INTERVIEW_ROLES);
  const interviewedOn = body.requiredDay('interviewedOn');
  const today = now.slice(0, 10);
  if (interviewedOn && interviewedOn > today) {
    body.fail('interviewedOn', 'not-in-future', `must not be after today (${today})`);
  }
  const interviewerAccountId = optionalId(body, 'interviewerAccountId') ?? recordedBy;
  const consent = body.requiredOneOf('consent', INTERVIEW_CONSENTS);
  const transcriptReference = body.optionalText('transcriptReference', { maxLength: 500 });
  const contactId = optionalId(body, 'contactId');
  const source = sourceFromInput(body);
  body.throwIfInvalid();
  const command: RecordInterview = {
    type: 'RecordInterview',
    data: {
      ...ids,
      role,
      interviewedOn,
      interviewerAccountId,
      consent,
      ...(transcriptReference !== undefined && { transcriptReference }),
      ...(contactId !== undefined && { contactId }),
    },
    now,
  };
  return source === undefined ? { command } : { command, source };
}

export function completeWaveFromInput(input: unknown, ids: WaveIds, now: string): CompleteWave {
  const body = new InputReader(orEmptyBody(input));
  body.rejectUnknown(['occurredOn']);
  const occurredOn = outcomeDay(body, now);
  body.throwIfInvalid();
  return { type: 'CompleteWave', data: { ...ids, occurredOn }, now };
}

export function skipWaveFromInput(input: unknown, ids: WaveIds, now: string): SkipWave {
  const body = new InputReader(input);
  body.rejectUnknown(['reason', 'occurredOn']);
  const reason = body.requiredText('reason', REASON);
  const occurredOn = outcomeDay(body, now);
  body.throwIfInvalid();
  return { type: 'SkipWave', data: { ...ids, reason, occurredOn }, now };
}

export function cancelWaveFromInput(input: unknown, ids: WaveIds, now: string): CancelWave {
  const body = new InputReader(input);
  body.rejectUnknown(['reason', 'occurredOn']);
  const reason = body.requiredText('reason', REASON);
  const occurredOn = outcomeDay(body, now);
  body.throwIfInvalid();
  return { type: 'CancelWave', data: { ...ids, reason, occurredOn }, now };
}

export function signOffWaveFromInput(input: unknown, ids: WaveIds, now: string): SignOffWave {
  const body = new InputReader(orEmptyBody(input));
  body.rejectUnknown(['note', 'occurredOn']);
  const note = body.optionalText('note', { maxLength: 4000 });
  const occurredOn = outcomeDay(body, now);
  body.throwIfInvalid();
  return { type: 'SignOffWave', data: { ...ids, ...(note !== undefined && { note }), occurredOn }, now };
}

function readWindow(body: InputReader): { opensOn: string; closesOn: string } {
  const opensOn = body.requiredDay('opensOn');
  const closesOn = body.requiredDay('closesOn');
  if (opensOn && closesOn && closesOn < opensOn) {
    body.fail('closesOn', 'not-before-opening', `must not be before opensOn (${opensOn})`);
  }
  return { opensOn, closesOn };
}
