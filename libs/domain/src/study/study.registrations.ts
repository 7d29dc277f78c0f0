import { type RegistrationsOf, firstVersion } from '../shared/event-registration.js';
import type { StudyEvent } from './study.events.js';

export const studyEventRegistrations: RegistrationsOf<StudyEvent> = {
  StudyCreated: firstVersion('StudyCreated'),
  StudyDetailsChanged: firstVersion('StudyDetailsChanged'),
  ReminderPolicyChanged: firstVersion('ReminderPolicyChanged'),
};
