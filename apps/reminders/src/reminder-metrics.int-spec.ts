// The reminders app's /metrics and /health/ready as a scraper and a probe read them, against a
// Redis of this file's own (so it can be stopped) and a local SMTP server: the queue's counts by
// state, and what the worker made of the reminders it handled (sent, failed for good, skipped).
// The reactor is left out, so the queue holds exactly the jobs each test adds.
import { randomUUID } from 'node:crypto';
import { getQueueToken } from '@nestjs/bullmq';
import { Test, type TestingModule } from '@nestjs/testing';
import type { Job, Queue } from 'bullmq';
import type { HealthReport } from '@casebook/config';
import { remindersOfCase } from '@casebook/domain';
import { REMINDER_QUEUE, type ReminderJobData, ReminderRecords, reminderJobData } from '@casebook/reminders';
import { Clock } from '@casebook/write-model';
import { type Harness, startCasebook } from '../../../test/support/casebook-harness.js';
import { sampleOf } from '../../../test/support/prometheus-text.js';
import { type OwnRedis, startOwnRedis } from '../../../test/support/redis-server.js';
import { addContact, enrolledCase } from '../../../test/support/research-fixtures.js';
import { type SmtpInbox, startSmtpInbox } from '../../../test/support/smtp-inbox.js';
import { waitUntil } from '../../../test/support/wait-for.js';
import { ReminderProcessor } from './reminder.processor.js';
import { ReminderSchedulerService } from './reminder-scheduler.service.js';
import { RemindersHealth, RemindersHealthModule } from './reminders-health.js';
import { RemindersModule } from './reminders.module.js';

const DAY_MS = 86_400_000;

describe('the reminders app’s metrics and health', () => {
  let casebook: Harness;
  let inbox: SmtpInbox;
  let redis: OwnRedis;
  let app: TestingModule;
  let queue: Queue<ReminderJobData>;
  let clock = new Date('2027-03-01T10:00:00.000Z');
  let redisStopped = false;

  beforeAll(async () => {
    inbox = await startSmtpInbox();
    redis = await startOwnRedis();
    casebook = await startCasebook({ now: () => clock });
    const config = {
      ...casebook.config,
      redisUrl: redis.url,
      healthPort: 0,
      smtp: { ...casebook.config.smtp, url: inbox.url },
      unsubscribe: { ...casebook.config.unsubscribe!, publicUrl: casebook.baseUrl },
    };
    app = await Test.createTestingModule({
      imports: [
        RemindersHealthModule.around(
          RemindersModule.register(config, `test-${randomUUID()}`, { level: 'silent', format: 'json' }, { attempts: 2, delayMs: 100 }),
        ),
      ],
    })
      .overrideProvider(ReminderSchedulerService)
      .useValue({})
      .compile();
    app.get(Clock, { strict: false }).now = () => clock;
    await app.init();
    queue = app.get<Queue<ReminderJobData>>(getQueueToken(REMINDER_QUEUE));
  });
  afterAll(async () => {
    // The worker closes only while Redis answers.
    if (redisStopped) await redis.start();
    await queue?.obliterate({ force: true });
    await app?.close();
    await casebook?.close();
    await redis?.close();
    await inbox?.close();
  });

  const listener = (path: string) => fetch(`http://127.0.0.1:${app.get(RemindersHealth).port}${path}`);
  const metrics = async () => {
    const response = await listener('/metrics');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    return response.text();
  };
  const jobs = (text: string, state: string) => sampleOf(text, 'casebook_reminder_jobs', { state });
  const outcome = (text: string, name: string, kind = 'before-opening') => sampleOf(text, `casebook_reminders_${name}_total`, { kind });

  /** A contact to remind of wave 1 of a new case, and the job the reactor would add for it, due now. */
  async function dueReminder(mutualName: string, email: string) {
    const { caseId } = await enrolledCase(casebook, mutualName);
    const { id: contactId } = (await addContact(casebook, caseId, 'Sam Patel', email)).body as { id: string };
    const wave = await casebook.request('POST', `/api/v1/cases/${caseId}/waves`, {
      waveNumber: 1,
      opensOn: '2027-04-05',
      closesOn: '2027-05-28',
      remindContactIds: [contactId],
    });
    expect(wave.status).toBe(201);
    const record = await app.get(ReminderRecords).ofCase(caseId);
    const reminder = remindersOfCase(record!, clock.toISOString()).find((r) => r.contactId === contactId && r.kind === 'before-opening')!;
    const { windowVersion } = record!.case.waves.find((candidate) => candidate.waveId === reminder.waveId)!;
    return { reminder, data: reminderJobData(reminder, caseId, windowVersion, `test-${randomUUID()}`) };
  }

  async function finished(jobId: string): Promise<Job<ReminderJobData>> {
    return waitUntil(
      async () => {
        const job = await queue.getJob(jobId);
        const state = await job?.getState();
        return (state === 'completed' || state === 'failed') && job;
      },
      { what: `job ${jobId} to finish` },
    );
  }

  it('counts the jobs the queue holds by state, and the reminders sent, failed for good and skipped', async () => {
    const before = await metrics();
    expect(outcome(before, 'sent')).toBe(0);
    expect(outcome(before, 'failed')).toBe(0);
    expect(before).toMatch(/^casebook_reminder_queue_reachable 1$/m);
    expect(jobs(before, 'waiting')).toBe(0);

    // Sent, after a passing refusal: the retry is no failure.
    const sent = await dueReminder('Riverside Community Health CIC', 'sam@riverside.example.org');
    inbox.refuseNext('sam@riverside.example.org', 1, 421, '4.7.0 Too many connections, slow down');
    clock = new Date(sent.reminder.sendAt);
    await queue.add('send-reminder', sent.data, { jobId: sent.reminder.jobId });
    expect(await (await finished(sent.reminder.jobId)).getState()).toBe('completed');

    // Refused for good.
    const refused = await dueReminder('Northgate Leisure Trust', 'kim@northgate.example.org');
    inbox.refuseNext('kim@northgate.example.org', 5, 550, '5.1.1 mailbox unavailable');
    clock = new Date(refused.reminder.sendAt);
    await queue.add('send-reminder', refused.data, { jobId: refused.reminder.jobId });
    expect(await (await finished(refused.reminder.jobId)).getState()).toBe('failed');

    // Skipped: the record calls for no reminder of an earlier window.
    const stale = { ...sent.data, windowVersion: 0 };
    const staleId = sent.reminder.jobId.replace(/_v\d+$/, '_v0');
    await queue.add('send-reminder', stale, { jobId: staleId });
    expect((await finished(staleId)).returnvalue).toMatchObject({ skipped: expect.any(String) });

    // Held: one due in a month, and two due now that no worker takes.
    await queue.add('send-reminder', sent.data, { jobId: `reminder_later_${randomUUID()}`, delay: 30 * DAY_MS });
    // Without doNotWaitActive, pause() also cancels the fetch in flight, so no job is taken after it.
    await app.get(ReminderProcessor).worker.pause();
    await queue.add('send-reminder', sent.data, { jobId: `reminder_waiting_${randomUUID()}` });
    await queue.add('send-reminder', sent.data, { jobId: `reminder_waiting_${randomUUID()}` });

    const after = await metrics();
    expect({
      waiting: jobs(after, 'waiting'),
      delayed: jobs(after, 'delayed'),
      active: jobs(after, 'active'),
      completed: jobs(after, 'completed'),
      failed: jobs(after, 'failed'),
      sent: outcome(after, 'sent'),
      failedForGood: outcome(after, 'failed'),
      skipped: outcome(after, 'skipped'),
      followUpsSent: outcome(after, 'sent', 'follow-up'),
    }).toEqual({ waiting: 2, delayed: 1, active: 0, completed: 2, failed: 1, sent: 1, failedForGood: 1, skipped: 1, followUpsSent: 0 });
    await app.get(ReminderProcessor).worker.resume();
  });

  it('reports Redis down on /health/ready while it is stopped, still answers /metrics, and is ready again once it is back', async () => {
    const ready = async (status: number) =>
      waitUntil(
        async () => {
          const response = await listener('/health/ready');
          return response.status === status && ((await response.json()) as HealthReport);
        },
        { timeoutMs: 20_000, intervalMs: 100, what: `/health/ready to answer ${status}` },
      );
    await ready(200);
    await redis.stop();
    redisStopped = true;

    const down = await ready(503);
    expect(down.error.redis).toMatchObject({ status: 'down' });
    expect(down.info.database).toMatchObject({ status: 'up' });
    expect((await listener('/health/live')).status).toBe(200);
    // The scrape answers in bounded time, saying the queue could not be counted.
    const started = Date.now();
    const text = await metrics();
    expect(Date.now() - started).toBeLessThan(5000);
    expect(text).toMatch(/^casebook_reminder_queue_reachable 0$/m);
    expect(jobs(text, 'waiting')).toBeUndefined();
    expect(outcome(text, 'sent')).toBe(1);

    await redis.start();
    redisStopped = false;
    const up = await ready(200);
    expect(up.info.redis).toMatchObject({ status: 'up' });
    await waitUntil(async () => /^casebook_reminder_queue_reachable 1$/m.test(await metrics()), {
      timeoutMs: 20_000,
      intervalMs: 200,
      what: 'the queue to be counted again',
    });
  });
});
