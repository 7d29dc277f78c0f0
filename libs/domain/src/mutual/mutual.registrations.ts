import { type RegistrationsOf, firstVersion } from '../shared/event-registration.js';
import type { MutualEvent } from './mutual.events.js';

export const mutualEventRegistrations: RegistrationsOf<MutualEvent> = {
  MutualRegistered: firstVersion('MutualRegistered'),
  MutualSpunOut: firstVersion('MutualSpunOut'),
  ContractAwarded: firstVersion('ContractAwarded'),
  ContractRenewed: firstVersion('ContractRenewed'),
  InterviewWaveScheduled: firstVersion('InterviewWaveScheduled'),
};
