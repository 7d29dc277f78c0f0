import { type RegistrationsOf, firstVersion } from '../shared/event-registration.js';
import type { MutualEvent } from './mutual.events.js';

export const mutualEventRegistrations: RegistrationsOf<MutualEvent> = {
  MutualRegistered: firstVersion('MutualRegistered'),
  MutualSpunOut: firstVersion('MutualSpunOut'),
  ContractAwarded: firstVersion('ContractAwarded'),
  ContractRenewed: firstVersion('ContractRenewed'),
  ContractExtended: firstVersion('ContractExtended'),
  ContractLost: firstVersion('ContractLost'),
  ContractEnded: firstVersion('ContractEnded'),
  GovernanceChanged: firstVersion('GovernanceChanged'),
  FundingSecured: firstVersion('FundingSecured'),
  StaffingReported: firstVersion('StaffingReported'),
  TurnoverReported: firstVersion('TurnoverReported'),
  ServiceLaunched: firstVersion('ServiceLaunched'),
  ServiceClosed: firstVersion('ServiceClosed'),
  MutualMerged: firstVersion('MutualMerged'),
  MutualAcquired: firstVersion('MutualAcquired'),
  MutualDissolved: firstVersion('MutualDissolved'),
  AwardReceived: firstVersion('AwardReceived'),
  ObservationRecorded: firstVersion('ObservationRecorded'),
  MilestoneCorrected: firstVersion('MilestoneCorrected'),
  MilestoneRetracted: firstVersion('MilestoneRetracted'),
};
