import { type EventRegistration, type RegistrationsOf, firstVersion } from '../shared/event-registration.js';
import type { CaseEvent, InterviewRecorded } from './case.events.js';

/**
 * Version 2 of an outcome adds `occurredOn`, the day it happened. Version 1 knew only the
 * instant it was recorded (`recordedAtField`), and was recorded as it happened, so that
 * instant's day (UTC, as `now` is) is what it says about the day.
 */
const datedOutcome = (type: string, recordedAtField: string): EventRegistration => ({
  current: `${type}.v2`,
  readers: {
    [`${type}.v1`]: (data) => {
      const v1 = data as Record<string, unknown>;
      return { ...v1, occurredOn: String(v1[recordedAtField]).slice(0, 10) };
    },
    [`${type}.v2`]: (data) => data,
  },
});

export const caseEventRegistrations: RegistrationsOf<CaseEvent> = {
  CaseEnrolled: firstVersion('CaseEnrolled'),
  CaseLinkedToEarlierCase: firstVersion('CaseLinkedToEarlierCase'),
  CaseWithdrawn: datedOutcome('CaseWithdrawn', 'withdrawnAt'),
  WaveScheduled: firstVersion('WaveScheduled'),
  WaveRescheduled: firstVersion('WaveRescheduled'),
  InterviewRecorded: {
    current: 'InterviewRecorded.v2',
    readers: {
      // v1 named the interviewer in free text. A name cannot be tied to an account honestly (two
      // staff may share one), and carried forward it would be a person's name outside `personal`
      // that no key could ever erase; so v1 reads as "interviewer not known by account".
      'InterviewRecorded.v1': (data) => {
        const { interviewer: _freeText, ...rest } = data as InterviewRecorded['data'] & { interviewer?: string };
        return { ...rest, interviewerAccountId: null };
      },
      'InterviewRecorded.v2': (data) => data,
    },
  },
  WaveCompleted: datedOutcome('WaveCompleted', 'completedAt'),
  WaveSkipped: datedOutcome('WaveSkipped', 'skippedAt'),
  WaveCancelled: datedOutcome('WaveCancelled', 'cancelledAt'),
  WaveSignedOff: datedOutcome('WaveSignedOff', 'signedOffAt'),
  ContactAdded: firstVersion('ContactAdded'),
  ContactConsentChanged: firstVersion('ContactConsentChanged'),
  ContactOptedOut: firstVersion('ContactOptedOut'),
  ContactDetailsUpdated: firstVersion('ContactDetailsUpdated'),
  ContactErased: firstVersion('ContactErased'),
  ReminderSent: firstVersion('ReminderSent'),
  ReminderFailed: firstVersion('ReminderFailed'),
};
