// One example of every domain event type, in its current shape, with every optional field
// present. Keyed by `DomainEventType` and typed with `Required<...>`, so a new event type, or a
// new field, that comes without an example is a compile error. The personal-data spec
// (personal-data.spec.ts) scans these for names and emails of people outside `personal`; where
// a field holds a person's details, the example puts one of the sentinel people below in it.
import type { DomainEvent, DomainEventType } from './event-registry.js';

/** People who exist only in these examples, so that any trace of them is a finding. */
export const SENTINEL_PEOPLE = {
  contact: { name: 'Eleanor Whitfield', email: 'eleanor.whitfield@example.org' },
  staff: { displayName: 'Dr Imogen Haverford' },
} as const;

type DataOf<T extends DomainEventType> = Extract<DomainEvent, { type: T }>['data'];
export type EventExamples = { [T in DomainEventType]: Required<DataOf<T>> };

const mutualId = '6f1d2c3b-0a4e-4b5f-8c6d-7e8f9a0b1c2d';
const milestoneId = '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d';
const accountId = '3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f';
const studyId = '5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b';
const caseId = '7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d';
const earlierCaseId = '8b9c0d1e-2f3a-4b4c-8d5e-6f7a8b9c0d1e';
const waveId = '9c0d1e2f-3a4b-4c5d-8e6f-7a8b9c0d1e2f';
const interviewId = '0d1e2f3a-4b5c-4d6e-8f7a-8b9c0d1e2f3a';
const contactId = '2f3a4b5c-6d7e-4f8a-8b9c-0d1e2f3a4b5c';
const tokenId = '4b5c6d7e-8f9a-4b0c-8d1e-2f3a4b5c6d7e';
const at = '2026-03-02T10:00:00.000Z';
const milestone = { mutualId, milestoneId, occurredOn: '2026-02', notes: 'From the annual report' };
const contract = { ...milestone, commissioner: 'Anytown County Council', contractName: 'Adult social care', endsOn: '2029-03-31' };
const service = { ...milestone, serviceName: 'Memory cafe', serviceArea: 'health-and-social-care' as const, description: 'Weekly drop-in' };
const terms = { ...contract, startsOn: '2026-04-01', annualValueGbp: 1_200_000 };

export const EVENT_EXAMPLES: EventExamples = {
  MutualRegistered: {
    mutualId,
    name: 'Pennine Care Co-operative',
    serviceAreas: ['health-and-social-care'],
    region: 'north-west',
    legalForm: 'community-interest-company',
    parentBody: 'Anytown Primary Care Trust',
    registeredAt: at,
  },
  RegistrationCorrected: {
    mutualId,
    changes: {
      name: 'Pennine Care CIC',
      serviceAreas: ['health-and-social-care', 'housing'],
      region: 'yorkshire-and-the-humber',
      legalForm: null,
      parentBody: 'Anytown Health Authority',
    },
    reason: 'Per the registration certificate',
  },
  MutualEnrolledInStudy: { mutualId, studyId, caseId, enrolledAt: at },
  MutualSpunOut: { ...milestone, parentBody: 'Anytown Primary Care Trust', staffTransferred: 120 },
  ContractAwarded: terms,
  ContractRenewed: terms,
  ContractExtended: terms,
  ContractLost: { ...contract, reason: 'Re-tendered', annualValueGbp: 900_000 },
  ContractEnded: { ...contract, reason: 'Service brought back in house' },
  GovernanceChanged: {
    ...milestone,
    legalForm: 'community-benefit-society',
    boardComposition: { staff: 4, community: 2, serviceUsers: 2, independent: 1, publicBody: 1, total: 10 },
    ownershipModel: 'multi-stakeholder',
    employeeOwnedSharePercent: 40,
    memberCount: 310,
  },
  FundingSecured: {
    ...milestone,
    funder: 'Big Society Capital',
    amountGbp: 250_000,
    fundingType: 'social-investment',
    purpose: 'New premises',
  },
  StaffingReported: { ...milestone, headcount: 140, fte: 121.5, asAt: '2026-01-31' },
  TurnoverReported: { ...milestone, financialYear: '2025-26', amountGbp: 4_800_000 },
  ServiceLaunched: service,
  ServiceClosed: service,
  MutualMerged: { ...milestone, withOrganisation: 'Valley Health Mutual', newName: 'Pennine and Valley Care' },
  MutualAcquired: { ...milestone, by: 'Northern Care Group Ltd' },
  MutualDissolved: { ...milestone, reason: 'Assets transferred to a successor charity' },
  AwardReceived: { ...milestone, awardName: 'Social Enterprise of the Year', awardedBy: 'Social Enterprise UK' },
  ObservationRecorded: { ...milestone, text: 'Board minutes now published monthly' },
  MilestoneCorrected: {
    mutualId,
    milestoneId,
    milestoneType: 'FundingSecured',
    occurredOn: '2026-03',
    values: {
      funder: 'Big Society Capital',
      amountGbp: 260_000,
      fundingType: 'social-investment',
      purpose: 'New premises',
      notes: 'Amount per the offer letter',
    },
    reason: 'The first figure was the amount applied for',
  },
  MilestoneRetracted: { mutualId, milestoneId, reason: 'Recorded against the wrong mutual' },

  AccountCreated: { accountId, role: 'researcher', createdAt: at, personal: { displayName: SENTINEL_PEOPLE.staff.displayName } },
  AccountRoleChanged: { accountId, role: 'viewer', changedAt: at },
  StudyMembershipGranted: { accountId, studyId, grantedAt: at },
  StudyMembershipRevoked: { accountId, studyId, revokedAt: at },
  AccessTokenIssued: {
    accountId,
    tokenId,
    tokenHash: 'a3f1c2e4b5d6978812ab34cd56ef7890a3f1c2e4b5d6978812ab34cd56ef7890',
    label: 'laptop',
    issuedAt: at,
  },
  AccessTokenRevoked: { accountId, tokenId, revokedAt: at },
  AccountDeactivated: { accountId, reason: 'Left the project', deactivatedAt: at },
  AccountErased: { accountId, erasedAt: at },
  CalendarFeedIssued: {
    accountId,
    feedId: '6d7e8f9a-0b1c-4d2e-8f3a-4b5c6d7e8f9a',
    secretHash: 'c4e2a1f3b5d7968a12cd34ef56ab7890c4e2a1f3b5d7968a12cd34ef56ab7890',
    issuedAt: at,
  },
  CalendarFeedRevoked: { accountId, feedId: '6d7e8f9a-0b1c-4d2e-8f3a-4b5c6d7e8f9a', revokedAt: at },

  StudyCreated: {
    studyId,
    title: 'Public service mutuals, ten years on',
    startsOn: '2025-01-06',
    endsOn: '2028-03-31',
    aims: 'How ownership shapes services',
    timeZone: 'Europe/London',
    createdAt: at,
  },
  StudyDetailsChanged: {
    studyId,
    title: 'Public service mutuals at fifteen',
    startsOn: '2025-02-03',
    endsOn: '2028-06-30',
    aims: 'Ownership and services',
    timeZone: 'Europe/London',
    reason: 'Extended by the funder',
    changedAt: at,
  },
  ReminderPolicyChanged: {
    studyId,
    daysBefore: [14, 3],
    followUpDaysIntoWindow: null,
    workingHours: { from: '09:30', to: '16:00' },
    workingDays: [1, 2, 3, 4],
    reason: 'Contacts asked for fewer emails',
    changedAt: at,
  },

  CaseEnrolled: {
    caseId,
    studyId,
    mutualId,
    selection: {
      serviceAreas: ['health-and-social-care'],
      stageOfDevelopment: 'established',
      turnoverBand: '1m-5m',
      employeeBand: '50-249',
      region: 'north-west',
      legalForm: 'community-interest-company',
    },
    enrolledAt: at,
  },
  CaseLinkedToEarlierCase: { caseId, earlierCaseId, earlierStudyId: studyId, note: 'Same mutual, first study' },
  CaseWithdrawn: { caseId, reason: 'The mutual closed', occurredOn: '2026-03-01', withdrawnAt: at },
  WaveScheduled: {
    caseId,
    waveId,
    waveNumber: 1,
    opensOn: '2026-03-09',
    closesOn: '2026-04-30',
    remindContactIds: [contactId],
    remindAt: '2026-03-02T09:00:00.000Z',
    scheduledAt: at,
  },
  WaveRescheduled: { caseId, waveId, opensOn: '2026-03-16', closesOn: '2026-05-15', rescheduledAt: at },
  InterviewRecorded: {
    caseId,
    waveId,
    interviewId,
    role: 'director',
    interviewedOn: '2026-03-20',
    interviewerAccountId: accountId,
    consent: 'given',
    transcriptReference: 'PCC-W1-D',
    contactId,
  },
  WaveCompleted: { caseId, waveId, occurredOn: '2026-04-30', completedAt: at },
  WaveSkipped: { caseId, waveId, reason: 'No one available', occurredOn: '2026-04-30', skippedAt: at },
  WaveCancelled: { caseId, waveId, reason: 'Case withdrawn', occurredOn: '2026-04-30', cancelledAt: at },
  WaveSignedOff: { caseId, waveId, note: 'Transcripts checked', occurredOn: '2026-05-02', signedOffAt: at },
  ContactAdded: { caseId, contactId, role: 'director', consentToContact: true, personal: { ...SENTINEL_PEOPLE.contact } },
  ContactConsentChanged: { caseId, contactId, consentToContact: false, changedAt: at },
  ContactOptedOut: { caseId, contactId, optedOutAt: at, personal: { reason: `${SENTINEL_PEOPLE.contact.name} has moved away` } },
  ContactDetailsUpdated: { caseId, contactId, personal: { ...SENTINEL_PEOPLE.contact } },
  ContactErased: { caseId, contactId, erasedAt: at, requestedBy: 'contact' },
  ReminderSent: {
    caseId,
    waveId,
    contactId,
    reminderId: `reminder_${waveId}_${contactId}_before-14_v1`,
    kind: 'before-opening',
    daysBefore: 14,
    windowVersion: 1,
    messageId: '<0f9c2d4e-7a1b-4c3d-9e8f-1a2b3c4d5e6f@casebook.example.org>',
    sentAt: at,
  },
  ReminderFailed: {
    caseId,
    waveId,
    contactId,
    reminderId: `reminder_${waveId}_${contactId}_before-3_v1`,
    kind: 'before-opening',
    daysBefore: 3,
    windowVersion: 1,
    failure: 'rejected',
    smtpCode: 550,
    attempts: 1,
    failedAt: at,
    personal: { reason: `550 5.1.1 <${SENTINEL_PEOPLE.contact.email}>: Recipient address rejected` },
  },

  DataExported: {
    exportId: '1e2f3a4b-5c6d-4e7f-8a9b-0c1d2e3f4a5b',
    studyId,
    view: 'milestones',
    format: 'csv',
    level: 'deidentified',
    freeText: false,
    filters: { caseId },
    accountId,
    exportedAt: at,
  },
};

/** The examples as domain events, in registry order. */
export const exampleEvents = (): DomainEvent[] =>
  (Object.entries(EVENT_EXAMPLES) as [DomainEventType, object][]).map(([type, data]) => ({ type, data }) as DomainEvent);
