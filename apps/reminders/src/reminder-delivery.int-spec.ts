// The reminders worker against real Redis, PostgreSQL and a local SMTP server, with the API and
// projector of the harness recording what the tests change. The reactor is left out: each test
// adds the job the reactor would add, sets the worker's clock to the moment the job is due, and
// then changes the record or the mail server as the case needs, so that what the worker does at
// that moment is all that is tested.
import { randomUUID } from 'node:crypto';
import { getQueueToken } from '@nestjs/bullmq';
import { Test, type TestingModule } from '@nestjs/testing';
import type { Job, Queue } from 'bullmq';
import { type DomainEvent, type Reminder, caseStreamName, fromStoredEvent, remindersOfCase } from '@casebook/domain';
import { EventStore } from '@casebook/event-store';
import { REMINDER_QUEUE, type ReminderJobData, ReminderRecords, reminderJobData, verifyUnsubscribeToken } from '@casebook/reminders';
import { Clock } from '@casebook/write-model';
import { type Harness, type HttpResult, startCasebook } from '../../../test/support/casebook-harness.js';
import { addContact, enrolledCase } from '../../../test/support/research-fixtures.js';
import { type SmtpInbox, startSmtpInbox } from '../../../test/support/smtp-inbox.js';
import { waitUntil } from '../../../test/support/wait-for.js';
import { ReminderSchedulerService } from './reminder-scheduler.service.js';
import { type ReminderRetry, RemindersModule } from './reminders.module.js';

// Short waits, the same shape as DEFAULT_REMINDER_RETRY's: exponential, half of each wait drawn at random.
const RETRY: ReminderRetry = { attempts: 3, delayMs: 300, jitter: 0.5 };
const ZONE = 'America/New_York';

interface Written {
  id: string;
}

interface Worker {
  app: TestingModule;
  queue: Queue<ReminderJobData>;
  close(): Promise<void>;
}

describe('reminder delivery', () => {
  let casebook: Harness;
  let inbox: SmtpInbox;
  let worker: Worker;
  // One clock for the API (what the record says happened when) and the worker (what is due now).
  let clock = new Date('2027-03-01T10:00:00.000Z');

  async function startWorker(smtpUrl: string): Promise<Worker> {
    const config = {
      ...casebook.config,
      smtp: { ...casebook.config.smtp, url: smtpUrl },
      unsubscribe: { ...casebook.config.unsubscribe!, publicUrl: casebook.baseUrl },
    };
    const app = await Test.createTestingModule({
      imports: [RemindersModule.register(config, `test-${randomUUID()}`, { level: 'silent', format: 'json' }, RETRY)],
    })
      .overrideProvider(ReminderSchedulerService)
      .useValue({})
      .compile();
    app.get(Clock, { strict: false }).now = () => clock;
    await app.init();
    const queue = app.get<Queue<ReminderJobData>>(getQueueToken(REMINDER_QUEUE));
    return {
      app,
      queue,
      async close() {
        await queue.obliterate({ force: true });
        await app.close();
      },
    };
  }

  beforeAll(async () => {
    inbox = await startSmtpInbox();
    casebook = await startCasebook({ now: () => clock });
    worker = await startWorker(inbox.url);
  });
  afterAll(async () => {
    await worker?.close();
    await casebook?.close();
    await inbox?.close();
  });
  beforeEach(() => {
    clock = new Date('2027-03-01T10:00:00.000Z');
  });

  const ok = <R extends HttpResult>(response: R, what: string): R => {
    if (response.status >= 300) throw new Error(`${what} answered ${response.status}: ${JSON.stringify(response.body)}`);
    return response;
  };

  /** A case in a study in ZONE with one contact to remind of wave 1 (by default 5 April to 28 May 2027). */
  async function caseWithWave(mutualName: string, email: string, window = { opensOn: '2027-04-05', closesOn: '2027-05-28' }) {
    const { studyId, caseId } = await enrolledCase(casebook, mutualName);
    ok(await casebook.request('PATCH', `/api/v1/studies/${studyId}`, { timeZone: ZONE }), 'set the zone');
    const { id: contactId } = (await addContact(casebook, caseId, 'Sam Patel', email)).body as Written;
    const wave = ok(
      await casebook.request('POST', `/api/v1/cases/${caseId}/waves`, {
        waveNumber: 1,
        ...window,
        remindContactIds: [contactId],
      }),
      'schedule the wave',
    );
    return { studyId, caseId, contactId, waveId: (wave.body as Written).id };
  }

  /** The first reminder of `kind` the record calls for now, with the job data the reactor adds for it. */
  async function reminderOf(caseId: string, contactId: string, kind: Reminder['kind'] = 'before-opening') {
    const record = await worker.app.get(ReminderRecords).ofCase(caseId);
    const reminder = remindersOfCase(record!, clock.toISOString()).find((r) => r.contactId === contactId && r.kind === kind);
    if (!reminder) throw new Error(`The record calls for no ${kind} reminder`);
    const wave = record!.case.waves.find((candidate) => candidate.waveId === reminder.waveId)!;
    return { reminder, data: reminderJobData(reminder, caseId, wave.windowVersion, `test-${randomUUID()}`) };
  }

  /** Puts the job on the queue as due now, as the reactor's delayed job would be at `sendAt`. */
  async function due(job: { reminder: Reminder; data: ReminderJobData }, queue = worker.queue): Promise<void> {
    clock = new Date(job.reminder.sendAt);
    await queue.add('send-reminder', job.data, { jobId: job.reminder.jobId });
  }

  /** The job once the worker is done with it: completed, or failed with no attempt left. */
  async function finished(jobId: string, queue = worker.queue, after = 0): Promise<Job<ReminderJobData>> {
    return waitUntil(
      async () => {
        const job = await queue.getJob(jobId);
        const state = await job?.getState();
        // Fetched again once finished: a copy read before has no return value yet.
        return (state === 'completed' || state === 'failed') && (job!.finishedOn ?? 0) > after && queue.getJob(jobId);
      },
      { what: `job ${jobId} to finish` },
    ) as Promise<Job<ReminderJobData>>;
  }

  async function caseEvents(caseId: string, type: DomainEvent['type']): Promise<Record<string, unknown>[]> {
    const stored = await worker.app.get(EventStore).readStream(caseStreamName(caseId));
    return stored
      .map((recorded) => ({ event: fromStoredEvent(recorded.type, recorded.data), metadata: recorded.metadata }))
      .filter(({ event }) => event?.type === type)
      .map(({ event, metadata }) => ({ ...event!.data, metadata }));
  }

  const mailsTo = (address: string) => inbox.messages.filter((mail) => mail.to.includes(address));
  const attemptsTo = (address: string) => inbox.attempts.filter((attempt) => attempt.to.includes(address));

  it('emails a due reminder once, in text and HTML, naming the study, the wave and its window in the study’s zone, with a one-click unsubscribe link', async () => {
    const email = 'sam.patel@riverside.example.org';
    const { caseId, contactId, waveId } = await caseWithWave('Riverside Community Health CIC', email);
    const job = await reminderOf(caseId, contactId);
    expect(job.data.daysBefore).toBe(14);
    await due(job);

    const done = await finished(job.reminder.jobId);
    expect(done.returnvalue).toEqual({ messageId: `<${job.reminder.jobId}@test.invalid>` });
    const [mail, ...more] = mailsTo(email);
    expect(more).toEqual([]);
    expect(mail.header('subject')).toBe('Interview wave 1 with Riverside Community Health CIC opens on Monday 5 April 2027');
    expect(mail.header('message-id')).toBe(`<${job.reminder.jobId}@test.invalid>`);
    expect(mail.header('x-correlation-id')).toBe(job.data.correlationId);
    for (const part of [mail.text!, mail.html!]) {
      expect(part).toContain('Dear Sam Patel,');
      expect(part).toContain('“Study of Riverside Community Health CIC” with Riverside Community Health CIC');
      expect(part).toContain('Interview wave 1 opens in 14 days');
      expect(part).toMatch(/Monday 5 April 2027(<\/strong>)? to (<strong>)?Friday 28 May 2027/);
      expect(part).toContain(`(dates in ${ZONE})`);
    }

    // The link in both parts and in the headers is the same signed token, for this contact only.
    const [link = '', token = ''] =
      new RegExp(`${casebook.baseUrl.replace(/[.]/g, '\\.')}/unsubscribe/([A-Za-z0-9_.-]+)`).exec(mail.text ?? '') ?? [];
    expect(token).not.toBe('');
    expect(mail.html).toContain(`<a href="${link}">`);
    expect(mail.header('list-unsubscribe')).toBe(`<${link}>`);
    expect(mail.header('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    const claim = verifyUnsubscribeToken(token, casebook.config.unsubscribe!.secret, clock.getTime());
    expect(claim).toMatchObject({ ok: true, caseId, contactId });
    expect(verifyUnsubscribeToken(token, casebook.config.unsubscribe!.secret, clock.getTime() + 121 * 86_400_000)).toEqual({
      ok: false,
      why: 'expired',
    });

    const [sent, ...sentAgain] = await caseEvents(caseId, 'ReminderSent');
    expect(sentAgain).toEqual([]);
    expect(sent).toMatchObject({
      caseId,
      waveId,
      contactId,
      reminderId: job.reminder.jobId,
      kind: 'before-opening',
      daysBefore: 14,
      windowVersion: 1,
      messageId: `<${job.reminder.jobId}@test.invalid>`,
      sentAt: job.reminder.sendAt,
    });
    expect(sent.metadata).toMatchObject({ correlationId: job.data.correlationId, recordedBy: 'casebook-reminders' });
  });

  it('holds a job that comes due outside working hours in the study’s zone until the next working moment', async () => {
    const email = 'morgan.lee@brook.example.org';
    const { caseId, contactId } = await caseWithWave('Brook Street Care', email);
    const job = await reminderOf(caseId, contactId);
    // Monday 22 March 2027, 09:00 in New York; the worker runs it at 20:00 there, after hours.
    expect(job.reminder.sendAt).toBe('2027-03-22T13:00:00.000Z');
    await due({ ...job, reminder: { ...job.reminder, sendAt: '2027-03-23T00:00:00.000Z' } });

    const held = await waitUntil(async () => {
      const found = await worker.queue.getJob(job.reminder.jobId);
      return (await found?.getState()) === 'delayed' && found;
    });
    const thirteenHours = 13 * 60 * 60 * 1000;
    expect(held.delay).toBeGreaterThan(thirteenHours - 60_000);
    expect(held.delay).toBeLessThanOrEqual(thirteenHours);
    expect(attemptsTo(email)).toEqual([]);

    clock = new Date('2027-03-23T13:00:00.000Z');
    await held.promote();
    await finished(job.reminder.jobId);
    expect(mailsTo(email)).toHaveLength(1);
    expect((await caseEvents(caseId, 'ReminderSent'))[0]).toMatchObject({ sentAt: '2027-03-23T13:00:00.000Z' });
  });

  it('sends once when the same job runs twice, or is added again after it went out', async () => {
    const email = 'jo.reid@eastfield.example.org';
    const { caseId, contactId } = await caseWithWave('Eastfield Libraries', email);
    const job = await reminderOf(caseId, contactId);
    await due(job);
    const first = await finished(job.reminder.jobId);
    expect(mailsTo(email)).toHaveLength(1);

    await first.retry('completed');
    const again = await finished(job.reminder.jobId, worker.queue, first.finishedOn);
    expect(again.returnvalue).toEqual({ messageId: `<${job.reminder.jobId}@test.invalid>` });

    // As after a Redis restored from an old copy: the job is new to the queue, not to the record.
    await again.remove();
    await worker.queue.add('send-reminder', job.data, { jobId: job.reminder.jobId });
    const third = await finished(job.reminder.jobId);
    expect(third.returnvalue).toEqual({ skipped: 'it was sent already, or failed for good' });

    expect(mailsTo(email)).toHaveLength(1);
    expect(await caseEvents(caseId, 'ReminderSent')).toHaveLength(1);
  });

  it('records ReminderFailed "rejected" at the first 5xx answer, and does not try again', async () => {
    const email = 'kim.fraser@northgate.example.org';
    const { caseId, contactId } = await caseWithWave('Northgate Leisure Trust', email);
    const job = await reminderOf(caseId, contactId);
    inbox.refuseNext(email, 5, 550, `5.1.1 <${email}>: mailbox unavailable`);
    await due(job);

    const done = await finished(job.reminder.jobId);
    expect(await done.getState()).toBe('failed');
    // BullMQ keeps this in Redis: codes only, never the address the server quoted.
    expect(done.failedReason).toBe('The mail server answered 550');
    expect(attemptsTo(email)).toHaveLength(1);
    expect(mailsTo(email)).toEqual([]);
    const [failed, ...more] = await caseEvents(caseId, 'ReminderFailed');
    expect(more).toEqual([]);
    expect(failed).toMatchObject({
      reminderId: job.reminder.jobId,
      kind: 'before-opening',
      failure: 'rejected',
      smtpCode: 550,
      attempts: 1,
      personal: { reason: expect.stringContaining('mailbox unavailable') },
    });
    expect(JSON.stringify({ ...failed, personal: undefined })).not.toContain(email);
    expect(await caseEvents(caseId, 'ReminderSent')).toEqual([]);
  });

  it('tries again after a 4xx answer with growing waits, and records ReminderFailed "attempts-exhausted" after the last', async () => {
    const email = 'lee.ward@harbour.example.org';
    const { caseId, contactId } = await caseWithWave('Harbour Care Co-operative', email);
    const job = await reminderOf(caseId, contactId);
    inbox.refuseNext(email, RETRY.attempts, 451, '4.3.0 Temporary local problem, try again later');
    await due(job);

    const done = await finished(job.reminder.jobId);
    expect(await done.getState()).toBe('failed');
    const times = attemptsTo(email).map((attempt) => attempt.at);
    expect(times).toHaveLength(RETRY.attempts);
    // Each wait is at least half its exponential step (the rest is jitter), less a little for the clock's grain.
    times.slice(1).forEach((at, i) => expect(at - times[i]).toBeGreaterThanOrEqual(RETRY.delayMs * 2 ** i * (1 - RETRY.jitter) - 20));
    expect(mailsTo(email)).toEqual([]);
    const [failed, ...more] = await caseEvents(caseId, 'ReminderFailed');
    expect(more).toEqual([]);
    expect(failed).toMatchObject({
      reminderId: job.reminder.jobId,
      failure: 'attempts-exhausted',
      smtpCode: 451,
      attempts: RETRY.attempts,
      personal: { reason: expect.stringContaining('try again later') },
    });
  });

  it('delivers on a later attempt after a passing refusal, and records it sent once', async () => {
    const email = 'ali.khan@meadow.example.org';
    const { caseId, contactId } = await caseWithWave('Meadow Health Partnership', email);
    const job = await reminderOf(caseId, contactId);
    inbox.refuseNext(email, 1, 421, '4.7.0 Too many connections, slow down');
    await due(job);

    const done = await finished(job.reminder.jobId);
    expect(await done.getState()).toBe('completed');
    expect(attemptsTo(email).map((attempt) => attempt.code)).toEqual([421, 250]);
    expect(mailsTo(email)).toHaveLength(1);
    expect(await caseEvents(caseId, 'ReminderSent')).toHaveLength(1);
    expect(await caseEvents(caseId, 'ReminderFailed')).toEqual([]);
  });

  it('tries again while the mail server cannot be reached, then records ReminderFailed "attempts-exhausted"', async () => {
    // A server that stopped listening: every connection is refused.
    const gone = await startSmtpInbox();
    await gone.close();
    const unreachable = await startWorker(gone.url);
    try {
      const email = 'pat.doyle@southside.example.org';
      const { caseId, contactId } = await caseWithWave('Southside Youth Services', email);
      const job = await reminderOf(caseId, contactId);
      await due(job, unreachable.queue);

      const done = await finished(job.reminder.jobId, unreachable.queue);
      expect(await done.getState()).toBe('failed');
      const [failed, ...more] = await caseEvents(caseId, 'ReminderFailed');
      expect(more).toEqual([]);
      expect(failed).toMatchObject({
        failure: 'attempts-exhausted',
        attempts: RETRY.attempts,
        personal: { reason: expect.stringMatching(/ECONNREFUSED/) },
      });
      expect(failed.smtpCode).toBeUndefined();
    } finally {
      await unreachable.close();
    }
  });

  it('sends nothing for a job that comes due after its contact opted out', async () => {
    const email = 'rowan.hale@valley.example.org';
    const { caseId, contactId } = await caseWithWave('Valley Mental Health Mutual', email);
    const job = await reminderOf(caseId, contactId);
    ok(await casebook.request('POST', `/api/v1/cases/${caseId}/contacts/${contactId}/opt-out`, {}), 'opt out');
    await due(job);

    expect((await finished(job.reminder.jobId)).returnvalue).toEqual({ skipped: 'the contact opted out' });
    expect(attemptsTo(email)).toEqual([]);
    expect(await caseEvents(caseId, 'ReminderSent')).toEqual([]);
    expect(await caseEvents(caseId, 'ReminderFailed')).toEqual([]);
  });

  it('sends nothing for a job of a window that has moved since, and the moved window’s reminder names the new days', async () => {
    const email = 'chris.ng@lakeside.example.org';
    const { caseId, contactId, waveId } = await caseWithWave('Lakeside Social Care', email);
    const old = await reminderOf(caseId, contactId);
    ok(
      await casebook.request('PUT', `/api/v1/cases/${caseId}/waves/${waveId}/window`, { opensOn: '2027-05-03', closesOn: '2027-06-25' }),
      'move',
    );
    await due(old);
    expect((await finished(old.reminder.jobId)).returnvalue).toEqual({ skipped: 'the wave was rescheduled since' });
    expect(attemptsTo(email)).toEqual([]);

    clock = new Date('2027-03-01T10:00:00.000Z');
    const moved = await reminderOf(caseId, contactId);
    expect(moved.data.windowVersion).toBe(2);
    await due(moved);
    await finished(moved.reminder.jobId);
    expect(mailsTo(email).map((mail) => mail.header('subject'))).toEqual([
      'Interview wave 1 with Lakeside Social Care opens on Monday 3 May 2027',
    ]);
  });

  it('sends no follow-up to a contact interviewed in the wave since the job was added', async () => {
    // The API refuses an interview dated after the real today, so this window is open now.
    clock = new Date();
    const day = (offset: number) => new Date(clock.getTime() + offset * 86_400_000).toISOString().slice(0, 10);
    const email = 'dana.cole@hillside.example.org';
    const { caseId, contactId, waveId } = await caseWithWave('Hillside Community Transport', email, {
      opensOn: day(-10),
      closesOn: day(40),
    });
    const followUp = await reminderOf(caseId, contactId, 'follow-up');
    ok(
      await casebook.request('POST', `/api/v1/cases/${caseId}/waves/${waveId}/interviews`, {
        role: 'director',
        interviewedOn: day(-1),
        consent: 'given',
        contactId,
      }),
      'record the interview',
    );
    await due(followUp);

    expect((await finished(followUp.reminder.jobId)).returnvalue).toEqual({ skipped: 'the contact was interviewed in this wave' });
    expect(attemptsTo(email)).toEqual([]);
  });
});
