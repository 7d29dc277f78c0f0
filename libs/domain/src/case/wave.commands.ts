// Commands about a case's interview waves, and the schema of each request body. Rules that
// need only the request (dates in order, no interview in the future) are field errors here;
// rules that need the case's history or the study's period are the decider's.
import {
  across,
  day,
  idList,
  instant,
  object,
  oneOf,
  optional,
  positiveInteger,
  text,
  uuid,
  withoutUndefined,
} from '../shared/body-fields.js';
import { readBody } from '../shared/read-body.js';
import { type Source, SourceInput, withSource } from '../shared/source.js';
import type {
  InterviewRecorded,
  WaveCancelled,
  WaveCompleted,
  WaveRescheduled,
  WaveScheduled,
  WaveSignedOff,
  WaveSkipped,
} from './case.events.js';
import { orEmptyBody, outcomeDay } from './case.input.js';
import { CASE_INTERVIEW_ROLES, INTERVIEW_CONSENTS } from './case.vocabulary.js';

interface WaveIds {
  caseId: string;
  waveId: string;
}

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
const reason = text(2000);
const IN_STUDY = "The window must lie inside the study's period (409 outside-study-period otherwise)";

const windowDays = {
  opensOn: day(`First day of the interview window. ${IN_STUDY}.`),
  closesOn: day("Last day of the interview window, not before opensOn; windows of a case's waves never overlap."),
};

const windowInOrder = across<{ opensOn?: string; closesOn?: string }>(({ opensOn, closesOn }, valid, report) => {
  if (valid('opensOn') && valid('closesOn') && String(closesOn) < String(opensOn))
    report('closesOn', 'not-before-opening', `must not be before opensOn (${opensOn})`);
});

/** By default contacts hear a week before the window opens, at 09:00 UTC. */
function weekBefore(day: string): string {
  const at = new Date(`${day}T09:00:00Z`);
  at.setUTCDate(at.getUTCDate() - 7);
  return at.toISOString();
}

export const ScheduleWaveBody = object({
  waveNumber: positiveInteger('Waves of a case are numbered 1, 2, 3... in order; a cancelled wave gives its number back'),
  ...windowDays,
  remindContactIds: optional(idList(MAX_REMINDED_CONTACTS, 'Contacts of the case to remind by email; each must consent to contact')),
  remindAt: optional(
    instant(
      "Kept with the wave as the moment the team first meant to remind (by default 09:00 UTC a week before the window opens), not after the window closes. The emails themselves follow the study's reminder policy (GET /api/v1/studies/{studyId}/reminder-policy).",
    ),
  ),
})
  .check(windowInOrder)
  .check(
    across<{ opensOn?: string; closesOn?: string; remindAt?: string }>(({ opensOn, closesOn, remindAt }, valid, report) => {
      const at =
        remindAt === undefined ? (valid('opensOn') ? weekBefore(String(opensOn)) : undefined) : valid('remindAt') ? remindAt : undefined;
      if (at && valid('closesOn') && at.slice(0, 10) > String(closesOn))
        report('remindAt', 'before-window-closes', `must not be after the window closes (${closesOn})`);
    }),
  )
  .meta({
    id: 'ScheduleWaveBody',
    description: 'The next interview wave of a case: its number, its window, and whom to remind by email when',
    examples: {
      'first-wave': { summary: 'The first round of interviews', value: { waveNumber: 1, opensOn: '2027-01-11', closesOn: '2027-02-26' } },
      'with-reminders': {
        summary: 'A wave whose contacts are reminded by email',
        value: {
          waveNumber: 2,
          opensOn: '2028-01-10',
          closesOn: '2028-02-25',
          remindContactIds: ['0c9e8f7a-6b5d-4c3e-9f2a-1b0c9d8e7f6a'],
          remindAt: '2028-01-03T09:00:00Z',
        },
      },
    },
  });

export function scheduleWaveFromInput(input: unknown, ids: WaveIds, now: string, studyPeriod: StudyPeriod): ScheduleWave {
  const { waveNumber, opensOn, closesOn, remindContactIds = [], remindAt = weekBefore(opensOn) } = readBody(ScheduleWaveBody, input, now);
  return { type: 'ScheduleWave', data: { ...ids, waveNumber, opensOn, closesOn, remindContactIds, remindAt }, studyPeriod, now };
}

export const RescheduleWaveBody = object(windowDays)
  .check(windowInOrder)
  .meta({
    id: 'RescheduleWaveBody',
    description: "An open wave's new interview window; interviews already held must stay inside it",
    examples: { later: { summary: 'A window a month later', value: { opensOn: '2027-02-01', closesOn: '2027-03-31' } } },
  });

export function rescheduleWaveFromInput(input: unknown, ids: WaveIds, now: string, studyPeriod: StudyPeriod): RescheduleWave {
  return { type: 'RescheduleWave', data: { ...ids, ...readBody(RescheduleWaveBody, input, now) }, studyPeriod, now };
}

export const RecordInterviewBody = object({
  role: oneOf(CASE_INTERVIEW_ROLES),
  interviewedOn: day("Inside the wave's window.", { past: true }),
  interviewerAccountId: optional(
    uuid(
      "The staff account that held the interview; by default the account recording it. Names are never sent: they are the accounts' personal data",
    ),
  ),
  consent: oneOf(INTERVIEW_CONSENTS),
  transcriptReference: optional(text(500)),
  contactId: optional(uuid('The contact of the case interviewed, when the person is one')),
  source: optional(SourceInput),
}).meta({
  id: 'RecordInterviewBody',
  description:
    'An interview held in a wave: who was interviewed (by role), when, by which staff account, with what consent; the first one starts the wave',
  examples: {
    director: {
      summary: 'An interview with the managing director',
      value: {
        role: 'director',
        interviewedOn: '2026-01-20',
        consent: 'given',
        transcriptReference: 'T-2026-014',
        source: { kind: 'document', reference: 'Field notes, January 2026' },
      },
    },
  },
});

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
  const { source, interviewerAccountId = recordedBy, ...interview } = readBody(RecordInterviewBody, input, now);
  const { role, interviewedOn, consent, ...optionalFacts } = interview;
  return {
    command: {
      type: 'RecordInterview',
      data: { ...ids, role, interviewedOn, interviewerAccountId, consent, ...withoutUndefined(optionalFacts) },
      now,
    },
    ...withSource(source),
  };
}

const occurredOn = outcomeDay.meta({
  description:
    'The day it happened, which may be long before it is recorded; by default today (UTC). Never in the future. A completion or sign-off is not before the wave opens, nor a sign-off before the completion or skip.',
});

export const CompleteWaveBody = object({ occurredOn }).meta({
  id: 'CompleteWaveBody',
  description: 'The day a wave that has interviews was completed; the body may be left out',
  examples: {
    today: { summary: 'Completed today', value: {} },
    earlier: { summary: 'Completed on an earlier day', value: { occurredOn: '2019-03-29' } },
  },
});

export function completeWaveFromInput(input: unknown, ids: WaveIds, now: string): CompleteWave {
  const body = readBody(CompleteWaveBody, orEmptyBody(input), now);
  return { type: 'CompleteWave', data: { ...ids, occurredOn: body.occurredOn ?? now.slice(0, 10) }, now };
}

export const SkipWaveBody = object({ reason, occurredOn }).meta({
  id: 'SkipWaveBody',
  description: 'Why a wave is skipped before any interview is held, and on which day',
  examples: {
    skip: { summary: 'Skipped today', value: { reason: 'The mutual is restructuring; no interviews this round' } },
    earlier: { summary: 'Skipped on an earlier day', value: { reason: 'The mutual was restructuring', occurredOn: '2019-06-03' } },
  },
});

export function skipWaveFromInput(input: unknown, ids: WaveIds, now: string): SkipWave {
  const body = readBody(SkipWaveBody, input, now);
  return { type: 'SkipWave', data: { ...ids, reason: body.reason, occurredOn: body.occurredOn ?? now.slice(0, 10) }, now };
}

export const CancelWaveBody = object({ reason, occurredOn }).meta({
  id: 'CancelWaveBody',
  description: 'Why an open wave is cancelled, and on which day; a replacement may take its number',
  examples: {
    cancel: { summary: 'Cancelled today', value: { reason: 'Funding for this round was cut' } },
    'march-2020': {
      summary: 'Cancelled in March 2020, recorded later',
      value: { reason: 'Fieldwork stopped by the pandemic', occurredOn: '2020-03-16' },
    },
  },
});

export function cancelWaveFromInput(input: unknown, ids: WaveIds, now: string): CancelWave {
  const body = readBody(CancelWaveBody, input, now);
  return { type: 'CancelWave', data: { ...ids, reason: body.reason, occurredOn: body.occurredOn ?? now.slice(0, 10) }, now };
}

export const SignOffWaveBody = object({ note: optional(text(4000)), occurredOn }).meta({
  id: 'SignOffWaveBody',
  description: 'The sign-off of a completed or skipped wave, with a note; the body may be left out',
  examples: {
    'sign-off': { summary: 'Signed off today', value: { note: 'Transcripts checked against the recordings' } },
    earlier: { summary: 'Signed off on an earlier day', value: { note: 'Transcripts checked', occurredOn: '2019-04-01' } },
  },
});

export function signOffWaveFromInput(input: unknown, ids: WaveIds, now: string): SignOffWave {
  const { note, occurredOn = now.slice(0, 10) } = readBody(SignOffWaveBody, orEmptyBody(input), now);
  return { type: 'SignOffWave', data: { ...ids, ...(note !== undefined && { note }), occurredOn }, now };
}
