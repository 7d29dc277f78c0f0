import type { DomainEvent } from '@casebook/domain';
import { WaveCase } from '../entities/wave-case.entity.js';
import { WaveCaseContact } from '../entities/wave-case-contact.entity.js';
import { WaveContact } from '../entities/wave-contact.entity.js';
import { WaveProgress } from '../entities/wave-progress.entity.js';
import { waveProgressProjection } from './wave-progress.projection.js';

const recordedAt = new Date('2026-11-23T10:00:00Z');
const at = recordedAt.toISOString();
const caseId = 'c';
const waveId = 'w';
const where = { waveId };
const project = (event: DomainEvent) =>
  waveProgressProjection.project({
    event,
    revision: 1n,
    streamName: `case-${caseId}`,
    position: { commit: 1n, prepare: 1n },
    recordedAt,
    metadata: {},
    eventId: 'e1',
  });

describe('wave progress projection', () => {
  it("keeps each case's study and mutual from its enrolment, as wave events name only the case", () => {
    expect(
      project({
        type: 'CaseEnrolled',
        data: {
          caseId,
          studyId: 's',
          mutualId: 'm',
          selection: {
            serviceAreas: ['culture-media-and-libraries'],
            stageOfDevelopment: 'established',
            employeeBand: '50-249',
            region: 'london',
            legalForm: 'community-interest-company',
          },
          enrolledAt: at,
        },
      }),
    ).toEqual([{ op: 'upsert', entity: WaveCase, row: { caseId, studyId: 's', mutualId: 'm' }, conflictPaths: ['caseId'] }]);
  });

  it('adds a scheduled wave with its window and no interviews', () => {
    expect(
      project({
        type: 'WaveScheduled',
        data: {
          caseId,
          waveId,
          waveNumber: 2,
          opensOn: '2027-01-11',
          closesOn: '2027-02-26',
          remindContactIds: ['p'],
          remindAt: '2027-01-04T09:00:00.000Z',
          scheduledAt: at,
        },
      }),
    ).toEqual([
      {
        op: 'upsert',
        entity: WaveProgress,
        conflictPaths: ['waveId'],
        row: {
          waveId,
          caseId,
          waveNumber: 2,
          opensOn: '2027-01-11',
          closesOn: '2027-02-26',
          status: 'scheduled',
          interviewCount: 0,
          signedOffAt: null,
          completedOn: null,
          skippedOn: null,
          cancelledOn: null,
          signedOffOn: null,
          skippedReason: null,
          cancelledReason: null,
        },
      },
      {
        op: 'upsert',
        entity: WaveContact,
        conflictPaths: ['waveContact'],
        row: { waveContact: 'w:p', waveId, caseId, contactId: 'p', named: true },
      },
    ]);
  });

  const reminder = {
    caseId,
    waveId,
    contactId: 'p',
    reminderId: 'reminder_w_p_before-14_v1',
    kind: 'before-opening' as const,
    daysBefore: 14,
    windowVersion: 1,
  };

  it('marks a contact reminded or failed for the wave: flags, so that a second reminder counts the contact once', () => {
    const row = { waveContact: 'w:p', waveId, caseId, contactId: 'p' };
    expect(project({ type: 'ReminderSent', data: { ...reminder, messageId: '<m@x>', sentAt: at } })).toEqual([
      { op: 'upsert', entity: WaveContact, conflictPaths: ['waveContact'], row: { ...row, reminded: true } },
    ]);
    expect(
      project({
        type: 'ReminderFailed',
        data: { ...reminder, failure: 'rejected', smtpCode: 550, attempts: 1, failedAt: at, personal: { reason: '550 no such user' } },
      }),
    ).toEqual([{ op: 'upsert', entity: WaveContact, conflictPaths: ['waveContact'], row: { ...row, failed: true } }]);
  });

  it("keeps each contact's opt-out, lifted by consenting again but not set by withdrawing consent", () => {
    const upsert = (optedOut: boolean) => [
      { op: 'upsert', entity: WaveCaseContact, conflictPaths: ['contactId'], row: { contactId: 'p', caseId, optedOut } },
    ];
    expect(project({ type: 'ContactOptedOut', data: { caseId, contactId: 'p', optedOutAt: at, personal: null } })).toEqual(upsert(true));
    expect(project({ type: 'ContactConsentChanged', data: { caseId, contactId: 'p', consentToContact: true, changedAt: at } })).toEqual(
      upsert(false),
    );
    expect(project({ type: 'ContactConsentChanged', data: { caseId, contactId: 'p', consentToContact: false, changedAt: at } })).toEqual(
      [],
    );
  });

  it('moves the window when rescheduled', () => {
    expect(
      project({ type: 'WaveRescheduled', data: { caseId, waveId, opensOn: '2027-02-01', closesOn: '2027-03-31', rescheduledAt: at } }),
    ).toEqual([{ op: 'update', entity: WaveProgress, where, set: { opensOn: '2027-02-01', closesOn: '2027-03-31' } }]);
  });

  it('counts interviews, and the first one starts a scheduled wave', () => {
    expect(
      project({
        type: 'InterviewRecorded',
        data: {
          caseId,
          waveId,
          interviewId: 'i',
          role: 'staff',
          interviewedOn: '2026-02-02',
          interviewerAccountId: 'a-1',
          consent: 'given',
        },
      }),
    ).toEqual([
      { op: 'increment', entity: WaveProgress, where, column: 'interviewCount', by: 1 },
      { op: 'update', entity: WaveProgress, where: { waveId, status: 'scheduled' }, set: { status: 'in-progress' } },
    ]);
  });

  it.each<[string, DomainEvent, Partial<WaveProgress>]>([
    [
      'completed',
      { type: 'WaveCompleted', data: { caseId, waveId, occurredOn: '2019-03-29', completedAt: at } },
      { status: 'completed', completedOn: '2019-03-29' },
    ],
    [
      'skipped',
      { type: 'WaveSkipped', data: { caseId, waveId, reason: 'Restructuring', occurredOn: '2019-06-03', skippedAt: at } },
      { status: 'skipped', skippedReason: 'Restructuring', skippedOn: '2019-06-03' },
    ],
    [
      'cancelled',
      { type: 'WaveCancelled', data: { caseId, waveId, reason: 'Funding cut', occurredOn: '2020-03-16', cancelledAt: at } },
      { status: 'cancelled', cancelledReason: 'Funding cut', cancelledOn: '2020-03-16' },
    ],
    [
      'signed off',
      { type: 'WaveSignedOff', data: { caseId, waveId, note: 'Checked', occurredOn: '2019-04-01', signedOffAt: at } },
      { status: 'signed-off', signedOffAt: recordedAt, signedOffOn: '2019-04-01' },
    ],
  ])('stores the status of a %s wave and the day it happened', (_, event, set) => {
    expect(project(event)).toEqual([{ op: 'update', entity: WaveProgress, where, set }]);
  });

  it('ignores events that are not about a wave', () => {
    expect(project({ type: 'CaseWithdrawn', data: { caseId, reason: 'x', occurredOn: '2026-11-23', withdrawnAt: at } })).toEqual([]);
    expect(project({ type: 'ContactErased', data: { caseId, contactId: 'p', erasedAt: at } })).toEqual([]);
  });
});
