import { type RegistrationsOf, firstVersion } from '../shared/event-registration.js';
import type { CaseEvent, InterviewRecorded } from './case.events.js';

export const caseEventRegistrations: RegistrationsOf<CaseEvent> = {
  CaseEnrolled: firstVersion('CaseEnrolled'),
  CaseLinkedToEarlierCase: firstVersion('CaseLinkedToEarlierCase'),
  CaseWithdrawn: firstVersion('CaseWithdrawn'),
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
  WaveCompleted: firstVersion('WaveCompleted'),
  WaveSkipped: firstVersion('WaveSkipped'),
  WaveCancelled: firstVersion('WaveCancelled'),
  WaveSignedOff: firstVersion('WaveSignedOff'),
  ContactAdded: firstVersion('ContactAdded'),
  ContactConsentChanged: firstVersion('ContactConsentChanged'),
  ContactOptedOut: firstVersion('ContactOptedOut'),
  ContactDetailsUpdated: firstVersion('ContactDetailsUpdated'),
  ContactErased: firstVersion('ContactErased'),
};
