// Facts about one case study: a mutual followed by one study, its interview waves and the
// people the team may contact. Waves live in the case's stream so that rules across waves
// (sequence, overlapping windows, who may be reminded) are checked against one consistent state.
//
// Crypto-shredding: every personal detail of a contact sits only in a data property named
// `personal`, which the store encrypts with that contact's key. Once the key is destroyed
// those events read back with `personal: null`, so every reader must accept null there.
import type { LegalForm, Region, ServiceArea } from '../mutual/mutual.vocabulary.js';
import type {
  CaseInterviewRole,
  EmployeeBand,
  ErasureRequester,
  InterviewConsent,
  StageOfDevelopment,
  TurnoverBand,
} from './case.vocabulary.js';

/**
 * Why this mutual was chosen: the dimensions the study's sample is meant to cover. A team often
 * knows a mutual's size by turnover or by head count but not both, so either band may be
 * absent, and stays absent: nothing fills in a band that was never given.
 */
export interface CaseSelection {
  serviceAreas: ServiceArea[];
  stageOfDevelopment: StageOfDevelopment;
  turnoverBand?: TurnoverBand;
  employeeBand?: EmployeeBand;
  region: Region;
  legalForm: LegalForm;
}

export interface CaseEnrolled {
  type: 'CaseEnrolled';
  data: { caseId: string; studyId: string; mutualId: string; selection: CaseSelection; enrolledAt: string };
}

export interface CaseLinkedToEarlierCase {
  type: 'CaseLinkedToEarlierCase';
  data: { caseId: string; earlierCaseId: string; earlierStudyId: string; note?: string };
}

// Outcomes carry two times: `occurredOn`, the day it happened in the field (which may be long
// before anyone records it), and `...At`, the instant it was recorded. Version 1 of these events
// had only the latter; their upcasters read its day as `occurredOn`.

export interface CaseWithdrawn {
  type: 'CaseWithdrawn';
  data: { caseId: string; reason: string; /** `YYYY-MM-DD`. */ occurredOn: string; withdrawnAt: string };
}

export interface WaveScheduled {
  type: 'WaveScheduled';
  data: {
    caseId: string;
    waveId: string;
    waveNumber: number;
    /** `YYYY-MM-DD`, first day interviews may take place. */
    opensOn: string;
    /** `YYYY-MM-DD`, last day interviews may take place. */
    closesOn: string;
    /** Contacts of the case to remind about the wave; may be empty. */
    remindContactIds: string[];
    /** When they are reminded by email (an ISO instant). */
    remindAt: string;
    scheduledAt: string;
  };
}

export interface WaveRescheduled {
  type: 'WaveRescheduled';
  data: { caseId: string; waveId: string; opensOn: string; closesOn: string; rescheduledAt: string };
}

export interface InterviewRecorded {
  type: 'InterviewRecorded';
  data: {
    caseId: string;
    waveId: string;
    interviewId: string;
    role: CaseInterviewRole;
    /** `YYYY-MM-DD`, inside the wave's window. */
    interviewedOn: string;
    /**
     * The account of the researcher who held the interview: a reference, so that their name stays
     * the account's personal data. null only in v1 records, whose free-text name is not read.
     */
    interviewerAccountId: string | null;
    consent: InterviewConsent;
    transcriptReference?: string;
    /** The case contact interviewed, when the person is one. */
    contactId?: string;
  };
}

export interface WaveCompleted {
  type: 'WaveCompleted';
  data: { caseId: string; waveId: string; /** `YYYY-MM-DD`. */ occurredOn: string; completedAt: string };
}

export interface WaveSkipped {
  type: 'WaveSkipped';
  data: { caseId: string; waveId: string; reason: string; /** `YYYY-MM-DD`. */ occurredOn: string; skippedAt: string };
}

export interface WaveCancelled {
  type: 'WaveCancelled';
  data: { caseId: string; waveId: string; reason: string; /** `YYYY-MM-DD`. */ occurredOn: string; cancelledAt: string };
}

export interface WaveSignedOff {
  type: 'WaveSignedOff';
  data: { caseId: string; waveId: string; note?: string; /** `YYYY-MM-DD`. */ occurredOn: string; signedOffAt: string };
}

export interface ContactPersonal {
  name: string;
  email: string;
}

export interface ContactAdded {
  type: 'ContactAdded';
  data: {
    caseId: string;
    contactId: string;
    role: CaseInterviewRole;
    consentToContact: boolean;
    /** null once the contact's key is destroyed. */
    personal: ContactPersonal | null;
  };
}

export interface ContactConsentChanged {
  type: 'ContactConsentChanged';
  data: { caseId: string; contactId: string; consentToContact: boolean; changedAt: string };
}

export interface ContactOptedOut {
  type: 'ContactOptedOut';
  data: {
    caseId: string;
    contactId: string;
    optedOutAt: string;
    /** A person's reason for opting out is about them, so it is shredded with their details. */
    personal?: { reason: string } | null;
  };
}

export interface ContactDetailsUpdated {
  type: 'ContactDetailsUpdated';
  data: {
    caseId: string;
    contactId: string;
    /** Only the details that changed; null once the contact's key is destroyed. */
    personal: Partial<ContactPersonal> | null;
  };
}

export interface ContactErased {
  type: 'ContactErased';
  data: { caseId: string; contactId: string; erasedAt: string; requestedBy?: ErasureRequester };
}

/** Which of a wave's reminders a job was: one some days before the window opens, or the follow-up into it. */
export type ReminderKind = 'before-opening' | 'follow-up';

/** Names one reminder of the schedule (case/reminder-schedule.ts); `reminderId` is its job id. */
interface ReminderRef {
  caseId: string;
  waveId: string;
  contactId: string;
  reminderId: string;
  kind: ReminderKind;
  /** Days before the opening, for a before-opening reminder. */
  daysBefore?: number;
  /** The window it announced: the wave's window version when it was sent. */
  windowVersion: number;
}

/** A reminder email was accepted by the mail server for the contact. */
export interface ReminderSent {
  type: 'ReminderSent';
  data: ReminderRef & { /** The Message-ID the mail server accepted, for tracing a complaint back. */ messageId: string; sentAt: string };
}

/**
 * A reminder could not be delivered and will not be tried again: the mail server refused it for
 * good (a 5xx answer), or every attempt failed. The server's words may quote the address, so they
 * are kept with the contact's personal data; `smtpCode` is what an analysis can count.
 */
export interface ReminderFailed {
  type: 'ReminderFailed';
  data: ReminderRef & {
    failure: 'rejected' | 'attempts-exhausted';
    smtpCode?: number;
    attempts: number;
    failedAt: string;
    personal?: { reason: string } | null;
  };
}

export type ReminderEvent = ReminderSent | ReminderFailed;

export type WaveEvent = WaveScheduled | WaveRescheduled | InterviewRecorded | WaveCompleted | WaveSkipped | WaveCancelled | WaveSignedOff;

export type ContactEvent = ContactAdded | ContactConsentChanged | ContactOptedOut | ContactDetailsUpdated | ContactErased;

export type CaseEvent = CaseEnrolled | CaseLinkedToEarlierCase | CaseWithdrawn | WaveEvent | ContactEvent | ReminderEvent;

export const caseStreamName = (caseId: string): string => `case-${caseId}`;
