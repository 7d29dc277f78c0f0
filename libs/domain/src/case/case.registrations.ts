import { type RegistrationsOf, firstVersion } from '../shared/event-registration.js';
import type { CaseEvent } from './case.events.js';

export const caseEventRegistrations: RegistrationsOf<CaseEvent> = {
  CaseEnrolled: firstVersion('CaseEnrolled'),
  CaseLinkedToEarlierCase: firstVersion('CaseLinkedToEarlierCase'),
  CaseWithdrawn: firstVersion('CaseWithdrawn'),
  WaveScheduled: firstVersion('WaveScheduled'),
  WaveRescheduled: firstVersion('WaveRescheduled'),
  InterviewRecorded: firstVersion('InterviewRecorded'),
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
