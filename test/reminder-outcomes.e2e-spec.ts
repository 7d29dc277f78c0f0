// What became of each reminder, on the record: ReminderSent and ReminderFailed, recorded through
// the write path the reminders worker uses, show in the contact's history and in wave progress;
// the mail server's words are the contact's personal data (withheld from viewers, gone with an
// erasure), and a long history is walked a page at a time.
import { randomUUID } from 'node:crypto';
import { type INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CommandBus } from '@nestjs/cqrs';
import { Client } from 'pg';
import { ConfigModule } from '@casebook/config';
import { type RecordReminderFailed, type RecordReminderSent, reminderJobId } from '@casebook/domain';
import { EventStoreModule } from '@casebook/event-store';
import { WriteCase, WriteModelModule, type WriteResult } from '@casebook/write-model';
import { type Harness, startCasebook } from './support/casebook-harness.js';
import { addContact, enrolledCase } from './support/research-fixtures.js';
import { type SmtpInbox, startSmtpInbox } from './support/smtp-inbox.js';
import { waitForProjection, waitUntil } from './support/wait-for.js';

const REJECTED = '550 5.1.1 <b.okafor@example.org>: Recipient address rejected';

describe('reminders sent and failed, on the record', () => {
  let casebook: Harness;
  let worker: INestApplicationContext;

  beforeAll(async () => {
    casebook = await startCasebook();
    // The reminders worker's write path, without its queue: what it records is what these tests send.
    @Module({ imports: [ConfigModule.forRoot(['database'], casebook.config), EventStoreModule, WriteModelModule] })
    class WorkerWritePath {}
    worker = await NestFactory.createApplicationContext(WorkerWritePath, { logger: false, abortOnError: false });
  });
  afterAll(async () => {
    await worker?.close();
    await casebook?.close();
  });

  const request = { correlationId: randomUUID(), causationId: randomUUID(), recordedBy: 'reminders-worker' };

  async function record(caseId: string, command: RecordReminderSent | RecordReminderFailed): Promise<WriteResult> {
    const result = await worker.get(CommandBus).execute(new WriteCase(caseId, command, { ...request, causationId: randomUUID() }));
    if (result.position) await waitForProjection(casebook.database.url, result.position);
    return result;
  }

  const before = (waveId: string, contactId: string, daysBefore: number) => ({
    waveId,
    contactId,
    kind: 'before-opening' as const,
    daysBefore,
    windowVersion: 1,
    reminderId: reminderJobId({ waveId, contactId, kind: 'before-opening', daysBefore }, 1),
  });

  const sent = (caseId: string, ref: ReturnType<typeof before>, now: string): RecordReminderSent => ({
    type: 'RecordReminderSent',
    data: { caseId, ...ref, messageId: `<${randomUUID()}@casebook.test>` },
    now,
  });

  async function ok<T = any>(response: Promise<{ status: number; body: T }>, what: string): Promise<T> {
    const answer = await response;
    if (answer.status >= 300) throw new Error(`${what} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    return answer.body;
  }

  async function waveWith(caseId: string, waveNumber: number, remindContactIds: string[]): Promise<string> {
    const wave = await casebook.request('POST', `/api/v1/cases/${caseId}/waves`, {
      waveNumber,
      opensOn: `2027-0${waveNumber + 2}-01`,
      closesOn: `2027-0${waveNumber + 2}-20`,
      remindContactIds,
    });
    if (wave.status !== 201) throw new Error(`schedule wave answered ${wave.status}: ${JSON.stringify(wave.body)}`);
    await casebook.projected(wave);
    return wave.body.id;
  }

  it('shows each reminder in the contact history and the wave progress, the failure reason only to those who may see it', async () => {
    const { studyId, caseId } = await enrolledCase(casebook, 'Tameside Care Mutual');
    const [amara, bola, chidi] = await Promise.all(
      ['Amara Obi', 'Bola Okafor', 'Chidi Eze'].map(
        async (name) => (await addContact(casebook, caseId, name, `${name.split(' ')[0]}@example.org`)).body.id as string,
      ),
    );
    const waveId = await waveWith(caseId, 1, [amara, bola, chidi]);

    const amaraSent = sent(caseId, before(waveId, amara, 14), '2027-02-15T09:00:00.000Z');
    await record(caseId, amaraSent);
    await record(caseId, sent(caseId, before(waveId, amara, 3), '2027-02-26T09:00:00.000Z'));
    const bolaRef = before(waveId, bola, 14);
    await record(caseId, {
      type: 'RecordReminderFailed',
      data: { caseId, ...bolaRef, failure: 'rejected', smtpCode: 550, attempts: 1, reason: REJECTED },
      now: '2027-02-15T09:00:02.000Z',
    });
    // Recorded once however often a worker reports it.
    expect((await record(caseId, amaraSent)).events).toEqual([]);
    await casebook.projected(await casebook.request('POST', `/api/v1/cases/${caseId}/contacts/${chidi}/opt-out`, { reason: 'Too busy' }));

    const history = await ok(casebook.request('GET', `/api/v1/cases/${caseId}/contacts/${amara}/history`), 'history');
    expect(history.contactId).toBe(amara);
    expect(history.next).toBeUndefined();
    expect(history.entries.map((entry: { type: string }) => entry.type)).toEqual(['ContactAdded', 'ReminderSent', 'ReminderSent']);
    expect(history.entries[1]).toEqual({
      eventId: expect.any(String),
      type: 'ReminderSent',
      at: '2027-02-15T09:00:00.000Z',
      recordedAt: expect.any(String),
      recordedBy: 'reminders-worker',
      waveId,
      waveNumber: 1,
      reminderId: amaraSent.data.reminderId,
      kind: 'before-opening',
      daysBefore: 14,
      windowVersion: 1,
      messageId: amaraSent.data.messageId,
    });
    expect(history.entries[2]).toMatchObject({ type: 'ReminderSent', daysBefore: 3, at: '2027-02-26T09:00:00.000Z' });

    const failed = {
      type: 'ReminderFailed',
      at: '2027-02-15T09:00:02.000Z',
      waveId,
      waveNumber: 1,
      reminderId: bolaRef.reminderId,
      kind: 'before-opening',
      daysBefore: 14,
      windowVersion: 1,
      failure: 'rejected',
      smtpCode: 550,
      attempts: 1,
    };
    const bolaPath = `/api/v1/cases/${caseId}/contacts/${bola}/history`;
    expect((await ok(casebook.request('GET', bolaPath), 'history')).entries[1]).toMatchObject({ ...failed, reason: REJECTED });
    const researcher = await casebook.account('researcher', [studyId]);
    expect((await ok(casebook.request('GET', bolaPath, undefined, researcher.headers), 'history')).entries[1]).toMatchObject({
      reason: REJECTED,
    });
    const viewer = await casebook.account('viewer', [studyId]);
    const asViewer = await casebook.request('GET', bolaPath, undefined, viewer.headers);
    expect(asViewer.status).toBe(200);
    expect(asViewer.body.entries[1]).toEqual({
      ...failed,
      eventId: expect.any(String),
      recordedAt: expect.any(String),
      recordedBy: 'reminders-worker',
      reason: null,
    });
    expect(JSON.stringify(asViewer.body)).not.toContain('example.org');
    const chidiAsViewer = await ok(
      casebook.request('GET', `/api/v1/cases/${caseId}/contacts/${chidi}/history`, undefined, viewer.headers),
      'history',
    );
    expect(chidiAsViewer.entries.at(-1)).toMatchObject({ type: 'ContactOptedOut', reason: null });
    // Every property answered is one the OpenAPI document publishes.
    const { components } = await ok(casebook.request('GET', '/api/docs-json'), 'OpenAPI document');
    const documented = (schema: string) => Object.keys(components.schemas[schema].properties as object);
    for (const entry of [...history.entries, ...asViewer.body.entries, ...chidiAsViewer.entries]) {
      expect(documented('ContactHistoryEntryResponse')).toEqual(expect.arrayContaining(Object.keys(entry as object)));
    }
    expect(documented('ContactHistoryResponse')).toEqual(expect.arrayContaining(['contactId', 'entries', 'next', 'nextCursor']));
    const outsider = await casebook.account('researcher');
    expect((await casebook.request('GET', bolaPath, undefined, outsider.headers)).status).toBe(403);
    expect((await casebook.request('GET', `/api/v1/cases/${caseId}/contacts/${randomUUID()}/history`)).status).toBe(404);

    const waves = await ok(casebook.request('GET', `/api/v1/cases/${caseId}/waves`, undefined, viewer.headers), 'wave progress');
    expect(waves[0].reminders).toEqual({
      namedCount: 3,
      remindedCount: 1,
      failedCount: 1,
      optedOutCount: 1,
      reminded: [amara],
      failed: [bola],
      optedOut: [chidi],
    });
    expect(documented('WaveRemindersResponse').sort()).toEqual(Object.keys(waves[0].reminders as object).sort());
    const studyWaves = await ok(casebook.request('GET', `/api/v1/studies/${studyId}/waves`), 'study wave progress');
    expect(studyWaves.find((wave: { waveId: string }) => wave.waveId === waveId).reminders).toEqual(waves[0].reminders);

    // Consenting again lifts the opt-out, as the record has it.
    await casebook.projected(
      await casebook.request('PUT', `/api/v1/cases/${caseId}/contacts/${chidi}/consent`, { consentToContact: true }),
    );
    const after = await ok(casebook.request('GET', `/api/v1/cases/${caseId}/waves`), 'wave progress');
    expect(after[0].reminders).toMatchObject({ optedOutCount: 0, optedOut: [] });
  });

  it('forgets the failure reason when the contact is erased, and keeps the rest of the record', async () => {
    const { caseId } = await enrolledCase(casebook, 'Bury Community Mutual');
    const contactId = (await addContact(casebook, caseId, 'Bola Okafor', 'b.okafor@example.org')).body.id as string;
    const waveId = await waveWith(caseId, 1, [contactId]);
    const ref = before(waveId, contactId, 14);
    await record(caseId, {
      type: 'RecordReminderFailed',
      data: { caseId, ...ref, failure: 'attempts-exhausted', attempts: 8, reason: REJECTED },
      now: '2027-02-16T10:00:00.000Z',
    });
    await casebook.projected(
      await casebook.request('POST', `/api/v1/cases/${caseId}/contacts/${contactId}/opt-out`, { reason: 'Bola moved away' }),
    );
    const path = `/api/v1/cases/${caseId}/contacts/${contactId}/history`;
    expect((await ok(casebook.request('GET', path), 'history')).entries.map((e: { reason?: string }) => e.reason)).toEqual([
      undefined,
      REJECTED,
      'Bola moved away',
    ]);

    const erased = await casebook.request('DELETE', `/api/v1/cases/${caseId}/contacts/${contactId}`, { requestedBy: 'contact' });
    expect(erased.status).toBe(200);
    await casebook.projected(erased);

    const history = await ok(casebook.request('GET', path), 'history');
    expect(history.entries.map((e: { type: string }) => e.type)).toEqual([
      'ContactAdded',
      'ReminderFailed',
      'ContactOptedOut',
      'ContactErased',
    ]);
    expect(history.entries[1]).toMatchObject({ reminderId: ref.reminderId, failure: 'attempts-exhausted', attempts: 8, reason: null });
    expect(history.entries[2]).toMatchObject({ reason: null });
    expect(history.entries[3]).toMatchObject({ requestedBy: 'contact' });
    // Gone from the table itself, not only from the answer.
    const client = new Client({ connectionString: casebook.database.url });
    await client.connect();
    const { rows } = await client.query(`SELECT to_jsonb(h)::text AS row FROM read_models.contact_history h WHERE contact_id = $1`, [
      contactId,
    ]);
    await client.end();
    expect(rows).toHaveLength(4);
    for (const { row } of rows) {
      expect(row).not.toContain('Recipient address rejected');
      expect(row).not.toContain('moved away');
    }
    const waves = await ok(casebook.request('GET', `/api/v1/cases/${caseId}/waves`), 'wave progress');
    expect(waves[0].reminders).toMatchObject({ namedCount: 1, remindedCount: 0, failed: [contactId], optedOut: [contactId] });
  });

  it('walks a long history a page at a time without gap or duplicate, entries recorded meanwhile coming at the end', async () => {
    const { caseId } = await enrolledCase(casebook, 'Oldham Leisure Mutual');
    const contactId = (await addContact(casebook, caseId, 'Dayo Ade', 'dayo@example.org')).body.id as string;
    for (let waveNumber = 1; waveNumber <= 3; waveNumber += 1) {
      const waveId = await waveWith(caseId, waveNumber, [contactId]);
      for (const days of [14, 3])
        await record(
          caseId,
          sent(caseId, before(waveId, contactId, days), `2027-0${waveNumber + 1}-${days === 14 ? 10 : 20}T09:00:00.000Z`),
        );
    }
    for (const consentToContact of [false, true, false, true]) {
      await ok(casebook.request('PUT', `/api/v1/cases/${caseId}/contacts/${contactId}/consent`, { consentToContact }), 'consent');
    }
    const last = await casebook.request('PATCH', `/api/v1/cases/${caseId}/contacts/${contactId}`, {
      personal: { email: 'dayo.ade@example.org' },
    });
    await casebook.projected(last);
    const path = `/api/v1/cases/${caseId}/contacts/${contactId}/history`;
    const whole = (await ok(casebook.request('GET', `${path}?limit=200`), 'history')).entries as { eventId: string; type: string }[];
    // Added, six reminders, four consent changes, a change of details.
    expect(whole).toHaveLength(12);
    expect(whole.at(-1)).toMatchObject({ type: 'ContactDetailsUpdated', changedFields: ['email'] });
    expect(JSON.stringify(whole)).not.toContain('dayo');

    const walked: string[] = [];
    let next: string | undefined = `${path}?limit=5`;
    let pages = 0;
    while (next && pages < 20) {
      const page: { entries: { eventId: string }[]; next?: string; nextCursor?: string } = await ok(
        casebook.request('GET', next),
        'history page',
      );
      walked.push(...page.entries.map((entry: { eventId: string }) => entry.eventId));
      next = page.next;
      pages += 1;
      if (pages === 1) {
        expect(page.entries).toHaveLength(5);
        expect(page.next).toContain('limit=5');
        expect(page.nextCursor).toEqual(expect.any(String));
        // Recorded while the walk is under way: it comes at the end, nothing shifts.
        await casebook.projected(await casebook.request('POST', `/api/v1/cases/${caseId}/contacts/${contactId}/opt-out`));
      }
    }
    expect(pages).toBe(3);
    const now = (await ok(casebook.request('GET', `${path}?limit=200`), 'history')).entries as { eventId: string; type: string }[];
    expect(now.at(-1)?.type).toBe('ContactOptedOut');
    expect(walked).toEqual(now.map((entry) => entry.eventId));
    expect(new Set(walked).size).toBe(13);
  });

  it('refuses a page size or cursor it did not give, naming the field and rule', async () => {
    const { caseId } = await enrolledCase(casebook, 'Salford Youth Mutual');
    const contactId = (await addContact(casebook, caseId, 'Efe Uko', 'efe@example.org')).body.id as string;
    const path = `/api/v1/cases/${caseId}/contacts/${contactId}/history`;
    for (const [query, field, rule] of [
      ['cursor=not-a-cursor', 'cursor', 'cursor'],
      ['limit=0', 'limit', 'page-size'],
      ['limit=201', 'limit', 'page-size'],
    ]) {
      const refused = await casebook.request('GET', `${path}?${query}`);
      expect(refused.status).toBe(400);
      expect(refused.headers.get('content-type')).toContain('application/problem+json');
      expect(JSON.stringify(refused.body)).toContain(field);
      expect(JSON.stringify(refused.body)).toContain(rule);
    }
  });
});

describe('reminders the running worker sent or could not send, on the record', () => {
  // Monday 15 February 2027, 10:00 in London: in working hours, three days before the window opens.
  const now = () => new Date('2027-02-15T10:00:00.000Z');
  let casebook: Harness;
  let inbox: SmtpInbox;

  beforeAll(async () => {
    inbox = await startSmtpInbox();
    casebook = await startCasebook({ now });
    await casebook.startReminders(inbox.url);
  });
  afterAll(async () => {
    await casebook?.close();
    await inbox?.close();
  });

  it("shows the worker's ReminderSent with the email's Message-ID, and its ReminderFailed when the mail server refuses for good", async () => {
    const { caseId } = await enrolledCase(casebook, 'Wigan Wellbeing Mutual');
    const ada = (await addContact(casebook, caseId, 'Ada Nwosu', 'ada.nwosu@example.org')).body.id as string;
    const ben = (await addContact(casebook, caseId, 'Ben Ike', 'ben.ike@example.org')).body.id as string;
    inbox.refuseNext('ben.ike@example.org', 1, 550, '5.1.1 <ben.ike@example.org>: Recipient address rejected');
    const wave = await casebook.request('POST', `/api/v1/cases/${caseId}/waves`, {
      waveNumber: 1,
      opensOn: '2027-02-18',
      closesOn: '2027-03-31',
      remindContactIds: [ada, ben],
    });
    expect(wave.status).toBe(201);

    const mail = await inbox.waitFor((m) => m.to.includes('ada.nwosu@example.org'), 30_000);
    const path = (contactId: string) => `/api/v1/cases/${caseId}/contacts/${contactId}/history`;
    const lastOf = (contactId: string, type: string) =>
      waitUntil(
        async () => {
          const { body } = await casebook.request('GET', path(contactId));
          return (body?.entries as { type: string; messageId?: string; reason?: string }[] | undefined)?.find(
            (entry) => entry.type === type,
          );
        },
        { timeoutMs: 30_000, what: `${type} in the history` },
      );
    const sentEntry = await lastOf(ada, 'ReminderSent');
    expect(sentEntry).toMatchObject({ waveId: wave.body.id, waveNumber: 1, kind: 'before-opening', daysBefore: 3, windowVersion: 1 });
    expect(mail.header('message-id')).toBe(sentEntry.messageId);
    const failedEntry = await lastOf(ben, 'ReminderFailed');
    expect(failedEntry).toMatchObject({ waveId: wave.body.id, failure: 'rejected', smtpCode: 550, attempts: 1 });
    expect(failedEntry.reason).toContain('Recipient address rejected');

    const waves = await waitUntil(
      async () => {
        const { body } = await casebook.request('GET', `/api/v1/cases/${caseId}/waves`);
        return body?.[0]?.reminders?.remindedCount === 1 && body[0].reminders.failedCount === 1 ? body : undefined;
      },
      { timeoutMs: 30_000, what: 'wave progress to count the outcomes' },
    );
    expect(waves[0].reminders).toMatchObject({ namedCount: 2, reminded: [ada], failed: [ben], optedOut: [] });
  });
});
