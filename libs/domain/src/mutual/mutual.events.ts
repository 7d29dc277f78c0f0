// Facts about one mutual, as the research team recorded them. Data is plain JSON so that it
// reads back from any event store unchanged; the stored type names and versions live in
// ../event-registry.ts.
import type { LegalForm, Region, ServiceArea } from './mutual.vocabulary.js';

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

export interface InterviewWaveScheduled {
  type: 'InterviewWaveScheduled';
  data: {
    mutualId: string;
    waveId: string;
    waveNumber: number;
    opensOn: string;
    closesOn: string;
    contact: { name: string; email: string };
    /** When the contact is reminded by email (an ISO instant). */
    remindAt: string;
  };
}

export type MilestoneEvent = MutualSpunOut | ContractAwarded | ContractRenewed;

export type MutualEvent = MutualRegistered | MilestoneEvent | InterviewWaveScheduled;

export const mutualStreamName = (mutualId: string): string => `mutual-${mutualId}`;
