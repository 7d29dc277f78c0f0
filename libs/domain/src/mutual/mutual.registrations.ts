import { type RegistrationsOf, firstVersion } from '../shared/event-registration.js';
import type { MutualEvent } from './mutual.events.js';

const asIs = (data: unknown) => data;

/**
 * Version 2 of a lost or ended contract may leave out `endsOn` (the contract then ends on
 * `occurredOn`), and so may the values of a correction of one. Every version 1 event has it,
 * which version 2 allows as well, so version 1 reads as it is.
 */
const endsOnOptional = (type: string) => ({
  current: `${type}.v2`,
  readers: { [`${type}.v1`]: asIs, [`${type}.v2`]: asIs },
});

export const mutualEventRegistrations: RegistrationsOf<MutualEvent> = {
  MutualRegistered: firstVersion('MutualRegistered'),
  RegistrationCorrected: firstVersion('RegistrationCorrected'),
  MutualEnrolledInStudy: firstVersion('MutualEnrolledInStudy'),
  MutualSpunOut: firstVersion('MutualSpunOut'),
  ContractAwarded: firstVersion('ContractAwarded'),
  ContractRenewed: firstVersion('ContractRenewed'),
  ContractExtended: firstVersion('ContractExtended'),
  ContractLost: endsOnOptional('ContractLost'),
  ContractEnded: endsOnOptional('ContractEnded'),
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
  MilestoneCorrected: endsOnOptional('MilestoneCorrected'),
  MilestoneRetracted: firstVersion('MilestoneRetracted'),
};
