// The contact history and the wave's contacts, built in PostgreSQL by the set-based writer from a
// recorded sequence of a case's events: the same rows whether the sequence comes one event a batch
// or all in one, an erasure blanking reasons written in earlier batches and in its own.
import type { DataSource } from 'typeorm';
import type { DomainEvent } from '@casebook/domain';
import { type TestDatabase, createTestDatabase } from '../../../../test/support/test-database.js';
import { createDataSource } from '../data-source.js';
import { applyRowChanges } from '../projector/row-changes-writer.js';
import { contactsProjection } from './contacts.projection.js';
import type { ProjectedEvent } from './projection.js';
import { waveProgressProjection } from './wave-progress.projection.js';

const caseId = '4a7e0b1c-2d3e-4f50-8a6b-7c8d9e0f1a2b';
const waveId = '5b8f1c2d-3e4f-4a61-9b7c-8d9e0f1a2b3c';
const [amara, bola, chidi] = [
  '6c901d2e-4f50-4b72-8c8d-9e0f1a2b3c4d',
  '7da12e3f-5061-4c83-9d9e-0f1a2b3c4d5e',
  '8eb23f40-6172-4d94-8eaf-1a2b3c4d5e6f',
];
const at = (day: number) => `2027-02-${String(day).padStart(2, '0')}T09:00:00.000Z`;
const ref = (contactId: string, daysBefore: number) => ({
  caseId,
  waveId,
  contactId,
  reminderId: `reminder_${waveId}_${contactId}_before-${daysBefore}_v1`,
  kind: 'before-opening' as const,
  daysBefore,
  windowVersion: 1,
});
const added = (contactId: string, name: string): DomainEvent => ({
  type: 'ContactAdded',
  data: { caseId, contactId, role: 'director', consentToContact: true, personal: { name, email: `${name}@example.org` } },
});

const RECORDED: DomainEvent[] = [
  {
    type: 'CaseEnrolled',
    data: {
      caseId,
      studyId: '9fc34051-7283-4ea5-9fb0-2b3c4d5e6f70',
      mutualId: 'a0d45162-8394-4fb6-a0c1-3c4d5e6f7081',
      selection: {
        serviceAreas: ['housing'],
        stageOfDevelopment: 'established',
        region: 'london',
        legalForm: 'community-interest-company',
      },
      enrolledAt: at(1),
    },
  },
  added(amara, 'amara'),
  added(bola, 'bola'),
  added(chidi, 'chidi'),
  {
    type: 'WaveScheduled',
    data: {
      caseId,
      waveId,
      waveNumber: 1,
      opensOn: '2027-03-01',
      closesOn: '2027-03-20',
      remindContactIds: [amara, bola, chidi],
      remindAt: at(22),
      scheduledAt: at(2),
    },
  },
  { type: 'ReminderSent', data: { ...ref(amara, 14), messageId: '<m-1@casebook.test>', sentAt: at(15) } },
  {
    type: 'ReminderFailed',
    data: {
      ...ref(bola, 14),
      failure: 'rejected',
      smtpCode: 550,
      attempts: 1,
      failedAt: at(15),
      personal: { reason: '550 no such user bola' },
    },
  },
  { type: 'ReminderSent', data: { ...ref(amara, 3), messageId: '<m-2@casebook.test>', sentAt: at(26) } },
  { type: 'ContactOptedOut', data: { caseId, contactId: chidi, optedOutAt: at(20), personal: { reason: 'Too busy' } } },
  { type: 'ContactOptedOut', data: { caseId, contactId: bola, optedOutAt: at(21), personal: { reason: 'Bola moved away' } } },
  {
    type: 'ReminderFailed',
    data: { ...ref(bola, 3), failure: 'attempts-exhausted', attempts: 8, failedAt: at(26), personal: { reason: 'timed out for bola' } },
  },
  { type: 'ContactConsentChanged', data: { caseId, contactId: chidi, consentToContact: true, changedAt: at(27) } },
  { type: 'ContactErased', data: { caseId, contactId: bola, erasedAt: at(28), requestedBy: 'contact' } },
];

const projected: ProjectedEvent[] = RECORDED.map((event, index) => ({
  event,
  streamName: `case-${caseId}`,
  revision: BigInt(index),
  position: { commit: BigInt(100 + index), prepare: BigInt(100 + index) },
  recordedAt: new Date(Date.parse(at(1)) + index * 60_000),
  metadata: { recordedBy: 'reminders-worker' },
  eventId: `${String(index).padStart(8, '0')}-0000-4000-8000-000000000000`,
}));

describe('reminder outcomes in the read models', () => {
  let database: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = await createDataSource(database.url).initialize();
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  async function project(batchSize: number) {
    await dataSource.query(
      `TRUNCATE read_models.contacts, read_models.contact_history, read_models.waves, read_models.wave_cases,
                read_models.wave_contacts, read_models.wave_case_contacts`,
    );
    for (let start = 0; start < projected.length; start += batchSize) {
      const batch = projected.slice(start, start + batchSize);
      await dataSource.transaction(async (manager) => {
        for (const projection of [contactsProjection, waveProgressProjection]) {
          await applyRowChanges(
            manager,
            batch.flatMap((event) => projection.project(event)),
          );
        }
      });
    }
    const history: Record<string, unknown>[] = await dataSource.query(
      `SELECT contact_id, stream_revision::text AS revision, type, at, reminder_id, kind, days_before, message_id, failure, smtp_code,
              attempts, reason
         FROM read_models.contact_history ORDER BY stream_revision`,
    );
    const waveContacts: Record<string, unknown>[] = await dataSource.query(
      `SELECT c.contact_id, c.named, c.reminded, c.failed, coalesce(o.opted_out, false) AS opted_out
         FROM read_models.wave_contacts c LEFT JOIN read_models.wave_case_contacts o USING (contact_id)
        WHERE c.wave_id = $1 ORDER BY c.contact_id`,
      [waveId],
    );
    return { history, waveContacts };
  }

  it('gives the same rows one event a batch or all at once', async () => {
    const oneByOne = await project(1);
    const inThrees = await project(3);
    const allAtOnce = await project(projected.length);
    expect(inThrees).toEqual(oneByOne);
    expect(allAtOnce).toEqual(oneByOne);
  });

  it.each([1, projected.length])(
    "lists every event about each contact, with the erased contact's reasons gone (batches of %i)",
    async (size) => {
      const { history, waveContacts } = await project(size);
      const of = (contactId: string) => history.filter((row) => row.contact_id === contactId);
      expect(of(amara).map((row) => [row.type, row.days_before, row.message_id])).toEqual([
        ['ContactAdded', null, null],
        ['ReminderSent', 14, '<m-1@casebook.test>'],
        ['ReminderSent', 3, '<m-2@casebook.test>'],
      ]);
      expect(of(bola).map((row) => [row.type, row.failure, row.smtp_code, row.attempts, row.reason])).toEqual([
        ['ContactAdded', null, null, null, null],
        ['ReminderFailed', 'rejected', 550, 1, null],
        ['ContactOptedOut', null, null, null, null],
        ['ReminderFailed', 'attempts-exhausted', null, 8, null],
        ['ContactErased', null, null, null, null],
      ]);
      expect(of(chidi).map((row) => [row.type, row.reason])).toEqual([
        ['ContactAdded', null],
        ['ContactOptedOut', 'Too busy'],
        ['ContactConsentChanged', null],
      ]);
      expect(JSON.stringify(history)).not.toMatch(/bola|moved away/);
      expect(new Date(of(bola)[1].at as string).toISOString()).toBe(at(15));

      expect(waveContacts).toEqual([
        { contact_id: amara, named: true, reminded: true, failed: false, opted_out: false },
        { contact_id: bola, named: true, reminded: false, failed: true, opted_out: true },
        // Opted out, then consented again.
        { contact_id: chidi, named: true, reminded: false, failed: false, opted_out: false },
      ]);
    },
  );
});
