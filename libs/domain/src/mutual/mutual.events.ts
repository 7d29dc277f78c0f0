// Facts about one mutual, as the research team recorded them. Data is plain JSON so that it
// reads back from any event store unchanged; the stored type names and versions live in
// ../event-registry.ts.
import type { FundingType, LegalForm, OwnershipModel, Region, ServiceArea } from './mutual.vocabulary.js';

export interface MutualRegistered {
  type: 'MutualRegistered';
  data: {
    mutualId: string;
    name: string;
    serviceAreas: ServiceArea[];
    region?: Region;
    legalForm?: LegalForm;
    /** The public body the services came from, e.g. "Anytown Primary Care Trust". */
    parentBody?: string;
    registeredAt: string;
  };
}

export interface MutualSpunOut {
  type: 'MutualSpunOut';
  data: {
    mutualId: string;
    milestoneId: string;
    /** Partial date: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`. */
    occurredOn: string;
    parentBody: string;
    staffTransferred?: number;
    notes?: string;
  };
}

export interface ContractTerms {
  mutualId: string;
  milestoneId: string;
  occurredOn: string;
  commissioner: string;
  contractName?: string;
  startsOn: string;
  endsOn: string;
  annualValueGbp?: number;
  notes?: string;
}

export interface ContractAwarded {
  type: 'ContractAwarded';
  data: ContractTerms;
}

export interface ContractRenewed {
  type: 'ContractRenewed';
  data: ContractTerms;
}

export interface ContractExtended {
  type: 'ContractExtended';
  data: ContractTerms;
}

/** What every milestone carries besides its own facts. */
interface MilestoneFacts {
  mutualId: string;
  milestoneId: string;
  /** Partial date: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`. */
  occurredOn: string;
  notes?: string;
}

export interface ContractLost {
  type: 'ContractLost';
  data: MilestoneFacts & {
    commissioner: string;
    contractName?: string;
    /**
     * When the mutual stops delivering; may lie ahead of the day the loss was known. Absent
     * when not given: delivery then ended on `occurredOn` (see `contractEndOf`). Stored events
     * of version 1 always have it.
     */
    endsOn?: string;
    reason?: string;
    annualValueGbp?: number;
  };
}

export interface ContractEnded {
  type: 'ContractEnded';
  data: MilestoneFacts & {
    commissioner: string;
    contractName?: string;
    /** As for a lost contract: absent when not given, and the contract then ended on `occurredOn`. */
    endsOn?: string;
    reason?: string;
  };
}

/** The day a lost or ended contract stops: its `endsOn`, or, when none was given, the day it was lost or ended. */
export function contractEndOf(milestone: { occurredOn: string; endsOn?: string }): string {
  return milestone.endsOn ?? milestone.occurredOn;
}

/** Seats on the board by constituency; any part may be unknown. */
export interface BoardComposition {
  staff?: number;
  community?: number;
  serviceUsers?: number;
  independent?: number;
  publicBody?: number;
  /** When given beside parts, equals their sum. */
  total?: number;
}

/** Only what changed is present; at least one of the governance fields is. */
export interface GovernanceChanged {
  type: 'GovernanceChanged';
  data: MilestoneFacts & {
    legalForm?: LegalForm;
    boardComposition?: BoardComposition;
    ownershipModel?: OwnershipModel;
    employeeOwnedSharePercent?: number;
    memberCount?: number;
  };
}

export interface FundingSecured {
  type: 'FundingSecured';
  data: MilestoneFacts & {
    funder: string;
    amountGbp: number;
    fundingType: FundingType;
    purpose?: string;
  };
}

export interface StaffingReported {
  type: 'StaffingReported';
  data: MilestoneFacts & {
    headcount: number;
    fte?: number;
    /** The date the figures describe, when it differs from when they were reported. */
    asAt?: string;
  };
}

export interface TurnoverReported {
  type: 'TurnoverReported';
  data: MilestoneFacts & {
    /** UK financial year, always stored as `YYYY-YY`, e.g. `2018-19`. */
    financialYear: string;
    amountGbp: number;
  };
}

export interface ServiceChange extends MilestoneFacts {
  serviceName: string;
  serviceArea?: ServiceArea;
  description?: string;
}

export interface ServiceLaunched {
  type: 'ServiceLaunched';
  data: ServiceChange;
}

export interface ServiceClosed {
  type: 'ServiceClosed';
  data: ServiceChange;
}

export interface MutualMerged {
  type: 'MutualMerged';
  data: MilestoneFacts & { withOrganisation: string; newName?: string };
}

export interface MutualAcquired {
  type: 'MutualAcquired';
  data: MilestoneFacts & { by: string };
}

export interface MutualDissolved {
  type: 'MutualDissolved';
  data: MilestoneFacts & { reason?: string };
}

export interface AwardReceived {
  type: 'AwardReceived';
  data: MilestoneFacts & { awardName: string; awardedBy?: string };
}

/** A researcher's dated remark; accepted at any date, after the mutual's end too (see mutual.end.ts). */
export interface ObservationRecorded {
  type: 'ObservationRecorded';
  data: MilestoneFacts & { text: string };
}

export type MilestoneEvent =
  | MutualSpunOut
  | ContractAwarded
  | ContractRenewed
  | ContractExtended
  | ContractLost
  | ContractEnded
  | GovernanceChanged
  | FundingSecured
  | StaffingReported
  | TurnoverReported
  | ServiceLaunched
  | ServiceClosed
  | MutualMerged
  | MutualAcquired
  | MutualDissolved
  | AwardReceived
  | ObservationRecorded;

export type MilestoneEventType = MilestoneEvent['type'];

/** A milestone's own facts: its data without the ids and the date. */
export type MilestoneValues<T extends MilestoneEventType = MilestoneEventType> = T extends MilestoneEventType
  ? Omit<Extract<MilestoneEvent, { type: T }>['data'], 'mutualId' | 'milestoneId' | 'occurredOn'>
  : never;

/**
 * A full new set of values for one milestone. The original event stays in the stream, so the
 * record shows both what was first written and why it changed.
 */
export type MilestoneCorrection = {
  [T in MilestoneEventType]: {
    mutualId: string;
    milestoneId: string;
    /** The event type of the milestone being corrected; a correction never changes it. */
    milestoneType: T;
    occurredOn: string;
    values: MilestoneValues<T>;
    reason: string;
  };
}[MilestoneEventType];

export interface MilestoneCorrected {
  type: 'MilestoneCorrected';
  data: MilestoneCorrection;
}

/** The milestone should not have been recorded; it stays in the stream but no longer counts. */
export interface MilestoneRetracted {
  type: 'MilestoneRetracted';
  data: { mutualId: string; milestoneId: string; reason: string };
}

/** Details of the registration that were wrong or are out of date. */
export interface RegistrationChanges {
  name?: string;
  serviceAreas?: ServiceArea[];
  /** `null`: the detail is unknown after all, and no longer shown. */
  region?: Region | null;
  legalForm?: LegalForm | null;
  parentBody?: string | null;
}

/**
 * A correction of a mutual's registration: only the details that change are present. The
 * registration and every correction stay in the stream, so each version can be shown with who
 * made it and why.
 */
export interface RegistrationCorrected {
  type: 'RegistrationCorrected';
  data: { mutualId: string; changes: RegistrationChanges; reason: string };
}

/**
 * The mutual became a case of a study. Kept in the mutual's own stream, beside the case's
 * enrolment, so that who may see the mutual and who may enrol it elsewhere is decided from the
 * stream the decision guards, never from a read model that may be behind.
 */
export interface MutualEnrolledInStudy {
  type: 'MutualEnrolledInStudy';
  data: { mutualId: string; studyId: string; caseId: string; enrolledAt: string };
}

export type MutualEvent =
  MutualRegistered | RegistrationCorrected | MutualEnrolledInStudy | MilestoneEvent | MilestoneCorrected | MilestoneRetracted;

export const mutualStreamName = (mutualId: string): string => `mutual-${mutualId}`;
