import { randomUUID } from 'node:crypto';
import { type Job, type Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import { type AppConfig, loadConfig, redisOptionsFromUrl } from '@casebook/config';
import { type DomainEvent, caseStreamName, remindersOfCase, studyStreamName, toStoredEvent } from '@casebook/domain';
import { type EventStore, type Position, comparePositions, connectEventStore } from '@casebook/event-store';
import { createDataSource } from '@casebook/read-models';
import { type OwnRedis, startOwnRedis } from '../../../test/support/redis-server.js';
import { type TestDatabase, createTestDatabase, redisUrl } from '../../../test/support/test-database.js';
import { waitUntil } from '../../../test/support/wait-for.js';
// The command line's rebuild, as `npm run reminders -- rebuild-schedule` runs it.
import { rebuildSchedule } from '../../../apps/reminders/src/rebuild-schedule.js';
import type { ReminderJobData } from './reminder-job.js';
import { ReminderRecords } from './reminder-record.js';
import { ReminderScheduler, type ReminderSchedulerOptions, reminderProducerQueue } from './reminder-scheduler.js';

// Mondays in Europe/London's winter (GMT), so 09:00 local is 09:00Z.
const WAVE_1 = { opensOn: '2026-12-07', closesOn: '2027-01-29' };
const WAVE_2 = { opensOn: '2027-06-07', closesOn: '2027-07-30' };
const WAVE_3 = { opensOn: '2027-12-06', closesOn: '2028-01-28' };
const START = new Date('2026-11-02T10:00:00Z');

const FAST: Partial<ReminderSchedulerOptions> = { retryDelayMs: { initial: 50, max: 400 }, redisTimeoutMs: 1000, queueCheckMs: false };

/** The tests' clock: the scheduler asks it what time it is. */
let now = START;
const clock = () => now;

function configFor(databaseUrl: string, redis: string): AppConfig {
  return loadConfig({ DATABASE_URL: databaseUrl, REDIS_URL: redis, EVENT_STORE: 'postgres' }, ['database', 'redis']);
}

/** Where the last event the tests recorded sits in `$all`: what a scheduler has caught up to. */
let lastPosition: Position | undefined;

/** Appends events as the write path would: the case's (or study's) stream, a correlation id on each. */
async function record(store: EventStore, streamName: string, ...events: DomainEvent[]): Promise<void> {
  const { position } = await store.appendToStream(
    streamName,
    events.map((event) => ({ id: randomUUID(), ...toStoredEvent(event), metadata: { correlationId: `req-${randomUUID()}` } })),
  );
  lastPosition = position;
}

const at = () => now.toISOString();

interface TestCase {
  caseId: string;
  contactIds: string[];
  waveIds: string[];
}

async function studyOf(store: EventStore): Promise<string> {
  const studyId = randomUUID();
  await record(store, studyStreamName(studyId), {
    type: 'StudyCreated',
    data: {
      studyId,
      title: 'Mutuals ten years on',
      startsOn: '2025-01-06',
      endsOn: '2028-03-31',
      timeZone: 'Europe/London',
      createdAt: at(),
    },
  });
  return studyId;
}

/** A case with its contacts (all consenting unless named in `noConsent`) and waves, each wave reminding every contact. */
async function caseOf(
  store: EventStore,
  studyId: string,
  { contacts = 2, waves = [WAVE_1], noConsent = [] as number[] } = {},
): Promise<TestCase> {
  const caseId = randomUUID();
  const contactIds = Array.from({ length: contacts }, () => randomUUID());
  const waveIds = waves.map(() => randomUUID());
  const roles = ['director', 'staff', 'service-user', 'trustee-or-board-member'] as const;
  await record(
    store,
    caseStreamName(caseId),
    {
      type: 'CaseEnrolled',
      data: {
        caseId,
        studyId,
        mutualId: randomUUID(),
        selection: {
          serviceAreas: ['health-and-social-care'],
          stageOfDevelopment: 'established',
          region: 'north-west',
          legalForm: 'community-interest-company',
        },
        enrolledAt: at(),
      },
    },
    ...contactIds.map((contactId, index): DomainEvent => ({
      type: 'ContactAdded',
      data: {
        caseId,
        contactId,
        role: roles[index % roles.length],
        consentToContact: !noConsent.includes(index),
        personal: { name: `Contact ${index + 1}`, email: `contact-${index + 1}@example.org` },
      },
    })),
    ...waves.map((window, index): DomainEvent => ({
      type: 'WaveScheduled',
      data: {
        caseId,
        waveId: waveIds[index],
        waveNumber: index + 1,
        ...window,
        remindContactIds: contactIds,
        remindAt: `${window.opensOn}T09:00:00.000Z`,
        scheduledAt: at(),
      },
    })),
  );
  return { caseId, contactIds, waveIds };
}

async function caughtUp(scheduler: ReminderScheduler): Promise<void> {
  const reached = lastPosition!;
  await waitUntil(async () => comparePositions(await scheduler.readCheckpoint(), reached) >= 0, {
    what: `${scheduler.checkpointName} to reach the last event recorded`,
  });
}

/** Jobs no worker has taken, by id: what the queue will send. */
async function pendingJobs(queue: Queue<ReminderJobData>): Promise<Map<string, Job<ReminderJobData>>> {
  const jobs = await queue.getJobs(['delayed', 'waiting', 'prioritized'], 0, -1);
  return new Map(jobs.map((job) => [job.id!, job]));
}

async function jobsOfCase(queue: Queue<ReminderJobData>, caseId: string): Promise<Job<ReminderJobData>[]> {
  return [...(await pendingJobs(queue)).values()].filter((job) => job.data.caseId === caseId).sort((a, b) => a.id!.localeCompare(b.id!));
}

const idsOf = (jobs: Iterable<Job<ReminderJobData>>) => [...jobs].map((job) => job.id!).sort();

/** What the domain says the cases' records call for now: the oracle the queue is held to. */
async function expectedJobIds(store: EventStore, caseIds: string[]): Promise<string[]> {
  const records = new ReminderRecords(store);
  const ids: string[] = [];
  for (const caseId of caseIds) {
    const caseRecord = await records.ofCase(caseId);
    if (caseRecord) ids.push(...remindersOfCase(caseRecord, now.toISOString()).map((reminder) => reminder.jobId));
  }
  return ids.sort();
}

describe('ReminderScheduler', () => {
  let database: TestDatabase;
  let store: EventStore;
  let dataSource: DataSource;
  let queue: Queue<ReminderJobData>;
  let scheduler: ReminderScheduler;
  let studyId: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    store = await connectEventStore(configFor(database.url, redisUrl()));
    dataSource = await createDataSource(database.url).initialize();
    queue = reminderProducerQueue(redisUrl(), { prefix: `test-${randomUUID()}` });
    scheduler = new ReminderScheduler(store, dataSource, queue, clock, FAST);
    scheduler.start();
    studyId = await studyOf(store);
  });
  afterAll(async () => {
    await scheduler?.stop();
    await queue?.obliterate({ force: true });
    await queue?.close();
    await dataSource?.destroy();
    await store?.close();
    await database?.drop();
  });
  beforeEach(() => {
    now = START;
  });

  it("adds each reminder the study's policy calls for, in working hours of its zone, by reference only, once however often events are handled", async () => {
    const { caseId, contactIds, waveIds } = await caseOf(store, studyId);
    await caughtUp(scheduler);
    const jobs = await jobsOfCase(queue, caseId);
    // The default policy: 14 and 3 days before the opening, a follow-up 7 days into the window, at 09:00 on working days.
    const expected = contactIds.flatMap((contactId) => [
      {
        id: `reminder_${waveIds[0]}_${contactId}_before-14_v1`,
        kind: 'before-opening',
        daysBefore: 14,
        sendAt: '2026-11-23T09:00:00.000Z',
      },
      { id: `reminder_${waveIds[0]}_${contactId}_before-3_v1`, kind: 'before-opening', daysBefore: 3, sendAt: '2026-12-04T09:00:00.000Z' },
      {
        id: `reminder_${waveIds[0]}_${contactId}_follow-up_v1`,
        kind: 'follow-up',
        daysBefore: undefined,
        sendAt: '2026-12-14T09:00:00.000Z',
      },
    ]);
    expect(jobs.map((job) => ({ id: job.id, kind: job.data.kind, daysBefore: job.data.daysBefore, sendAt: job.data.sendAt }))).toEqual(
      expected.sort((a, b) => a.id.localeCompare(b.id)),
    );
    for (const job of jobs) {
      expect(Object.keys(job.data).sort()).toEqual(
        [
          'caseId',
          'contactId',
          'correlationId',
          'kind',
          'sendAt',
          'waveId',
          'windowVersion',
          ...(job.data.kind === 'before-opening' ? ['daysBefore'] : []),
        ].sort(),
      );
      expect(JSON.stringify(job.data)).not.toContain('example.org');
      expect(job.opts.delay).toBe(Date.parse(job.data.sendAt) - START.getTime());
      expect(job.opts.attempts).toBe(8);
    }

    // As after a crash between changing the queue and committing the checkpoint: every event handled again, from a blank table.
    await scheduler.stop();
    await dataSource.query(
      `WITH reset AS (UPDATE read_models.projection_checkpoints SET commit_position = 0, prepare_position = 0 WHERE name = $1)
       DELETE FROM read_models.reminder_jobs`,
      [scheduler.checkpointName],
    );
    scheduler.start();
    await caughtUp(scheduler);
    expect(idsOf(await jobsOfCase(queue, caseId))).toEqual(idsOf(jobs));
  });

  it('moves the reminders of a rescheduled wave: the old jobs are gone, the new ones are due at the new times', async () => {
    const { caseId, contactIds, waveIds } = await caseOf(store, studyId);
    await caughtUp(scheduler);
    const before = idsOf(await jobsOfCase(queue, caseId));
    expect(before).toHaveLength(6);

    await record(store, caseStreamName(caseId), {
      type: 'WaveRescheduled',
      data: { caseId, waveId: waveIds[0], opensOn: '2027-01-11', closesOn: '2027-02-26', rescheduledAt: at() },
    });
    await caughtUp(scheduler);
    const after = await jobsOfCase(queue, caseId);
    for (const id of before) expect(await queue.getJob(id)).toBeUndefined();
    expect(after.map((job) => [job.id, job.data.sendAt, job.data.windowVersion, job.opts.delay])).toEqual(
      contactIds
        .flatMap((contactId) => [
          [`reminder_${waveIds[0]}_${contactId}_before-14_v2`, '2026-12-28T09:00:00.000Z'],
          [`reminder_${waveIds[0]}_${contactId}_before-3_v2`, '2027-01-08T09:00:00.000Z'],
          [`reminder_${waveIds[0]}_${contactId}_follow-up_v2`, '2027-01-18T09:00:00.000Z'],
        ])
        .sort((a, b) => a[0].localeCompare(b[0]))
        .map(([id, sendAt]) => [id, sendAt, 2, Date.parse(sendAt) - now.getTime()]),
    );
  });

  it('moves pending jobs to the times a changed policy calls for, under the same ids', async () => {
    const policyStudy = await studyOf(store);
    const { caseId, contactIds, waveIds } = await caseOf(store, policyStudy, { contacts: 1 });
    await caughtUp(scheduler);
    const followUp = `reminder_${waveIds[0]}_${contactIds[0]}_follow-up_v1`;
    expect((await queue.getJob(followUp))!.data.sendAt).toBe('2026-12-14T09:00:00.000Z');

    await record(store, studyStreamName(policyStudy), {
      type: 'ReminderPolicyChanged',
      data: {
        studyId: policyStudy,
        daysBefore: [14],
        followUpDaysIntoWindow: 10,
        workingHours: { from: '10:00', to: '16:00' },
        workingDays: [1, 2, 3, 4, 5],
        changedAt: at(),
      },
    });
    await caughtUp(scheduler);
    const jobs = await jobsOfCase(queue, caseId);
    expect(jobs.map((job) => [job.id, job.data.sendAt])).toEqual([
      [`reminder_${waveIds[0]}_${contactIds[0]}_before-14_v1`, '2026-11-23T10:00:00.000Z'],
      [followUp, '2026-12-17T10:00:00.000Z'],
    ]);
    expect(jobs[1].opts.delay).toBe(Date.parse('2026-12-17T10:00:00.000Z') - now.getTime());
  });

  const waveClosed =
    (type: 'WaveCancelled' | 'WaveCompleted' | 'WaveSkipped') =>
    (caseId: string, waveId: string): DomainEvent => {
      const common = { caseId, waveId, occurredOn: '2026-11-02' };
      if (type === 'WaveCancelled') return { type, data: { ...common, reason: 'Mutual merged', cancelledAt: at() } };
      if (type === 'WaveSkipped') return { type, data: { ...common, reason: 'No one available', skippedAt: at() } };
      return { type, data: { ...common, completedAt: at() } };
    };

  it.each([
    ['a cancelled wave', waveClosed('WaveCancelled')],
    ['a completed wave', waveClosed('WaveCompleted')],
    ['a skipped wave', waveClosed('WaveSkipped')],
  ])("removes every pending reminder of %s, and no other wave's", async (_what, closing) => {
    const { caseId, waveIds } = await caseOf(store, studyId, { waves: [WAVE_1, WAVE_2] });
    await caughtUp(scheduler);
    expect(await jobsOfCase(queue, caseId)).toHaveLength(12);

    await record(store, caseStreamName(caseId), closing(caseId, waveIds[0]));
    await caughtUp(scheduler);
    const left = await jobsOfCase(queue, caseId);
    expect(left).toHaveLength(6);
    expect(left.every((job) => job.data.waveId === waveIds[1])).toBe(true);
  });

  it.each([
    [
      'opts out',
      (caseId: string, contactId: string): DomainEvent => ({ type: 'ContactOptedOut', data: { caseId, contactId, optedOutAt: at() } }),
    ],
    [
      'withdraws consent',
      (caseId: string, contactId: string): DomainEvent => ({
        type: 'ContactConsentChanged',
        data: { caseId, contactId, consentToContact: false, changedAt: at() },
      }),
    ],
    [
      'is erased',
      (caseId: string, contactId: string): DomainEvent => ({
        type: 'ContactErased',
        data: { caseId, contactId, erasedAt: at(), requestedBy: 'contact' },
      }),
    ],
  ])('removes every pending reminder of a contact who %s, in every wave, and only theirs', async (_what, change) => {
    const { caseId, contactIds } = await caseOf(store, studyId, { waves: [WAVE_1, WAVE_2] });
    await caughtUp(scheduler);
    expect(await jobsOfCase(queue, caseId)).toHaveLength(12);

    await record(store, caseStreamName(caseId), change(caseId, contactIds[0]));
    await caughtUp(scheduler);
    const left = await jobsOfCase(queue, caseId);
    expect(left).toHaveLength(6);
    expect(left.every((job) => job.data.contactId === contactIds[1])).toBe(true);
  });

  it('adds the reminders of a contact whose consent is given later', async () => {
    const { caseId, contactIds } = await caseOf(store, studyId, { contacts: 2, noConsent: [1] });
    await caughtUp(scheduler);
    expect((await jobsOfCase(queue, caseId)).map((job) => job.data.contactId)).toEqual([contactIds[0], contactIds[0], contactIds[0]]);

    await record(store, caseStreamName(caseId), {
      type: 'ContactConsentChanged',
      data: { caseId, contactId: contactIds[1], consentToContact: true, changedAt: at() },
    });
    await caughtUp(scheduler);
    expect(await jobsOfCase(queue, caseId)).toHaveLength(6);
    expect(idsOf(await jobsOfCase(queue, caseId))).toEqual(await expectedJobIds(store, [caseId]));
  });

  it("removes only that contact's follow-up when an interview is recorded in an open window", async () => {
    // Opened on a Thursday; the follow-up is due a week in, on the next Thursday.
    const { caseId, contactIds, waveIds } = await caseOf(store, studyId, { waves: [{ opensOn: '2026-10-29', closesOn: '2026-12-18' }] });
    await caughtUp(scheduler);
    const followUps = contactIds.map((contactId) => `reminder_${waveIds[0]}_${contactId}_follow-up_v1`);
    expect(idsOf(await jobsOfCase(queue, caseId))).toEqual([...followUps].sort());
    expect((await queue.getJob(followUps[0]))!.data.sendAt).toBe('2026-11-05T09:00:00.000Z');

    await record(store, caseStreamName(caseId), {
      type: 'InterviewRecorded',
      data: {
        caseId,
        waveId: waveIds[0],
        interviewId: randomUUID(),
        role: 'director',
        interviewedOn: '2026-11-02',
        interviewerAccountId: randomUUID(),
        consent: 'given',
        contactId: contactIds[0],
      },
    });
    await caughtUp(scheduler);
    expect(idsOf(await jobsOfCase(queue, caseId))).toEqual([followUps[1]]);
  });

  it('leaves off the queue a reminder recorded as sent, and adds it to no other', async () => {
    const { caseId, contactIds, waveIds } = await caseOf(store, studyId, { contacts: 1 });
    await caughtUp(scheduler);
    const first = `reminder_${waveIds[0]}_${contactIds[0]}_before-14_v1`;
    // As the worker does: the job is taken and done; what it sent is recorded on the case.
    await queue.remove(first);
    await record(store, caseStreamName(caseId), {
      type: 'ReminderSent',
      data: {
        caseId,
        waveId: waveIds[0],
        contactId: contactIds[0],
        reminderId: first,
        kind: 'before-opening',
        daysBefore: 14,
        windowVersion: 1,
        messageId: '<a@casebook.example.org>',
        sentAt: at(),
      },
    });
    await caughtUp(scheduler);
    expect(idsOf(await jobsOfCase(queue, caseId))).toEqual(
      [`reminder_${waveIds[0]}_${contactIds[0]}_before-3_v1`, `reminder_${waveIds[0]}_${contactIds[0]}_follow-up_v1`].sort(),
    );
  });

  it('puts back a reminder a worker passed over while consent was withdrawn, once consent is given again', async () => {
    const { caseId, contactIds, waveIds } = await caseOf(store, studyId, { contacts: 1 });
    await caughtUp(scheduler);
    const first = `reminder_${waveIds[0]}_${contactIds[0]}_before-14_v1`;
    // The job falls due just as consent is withdrawn: a worker takes it, finds the contact may not
    // be contacted, and finishes it unsent. BullMQ keeps a finished job's id.
    const worker = new Worker<ReminderJobData>(queue.name, () => Promise.resolve({ skipped: 'the contact may not be contacted' }), {
      connection: { ...redisOptionsFromUrl(redisUrl()), maxRetriesPerRequest: null },
      prefix: queue.opts.prefix,
      autorun: false,
    });
    await (await queue.getJob(first))!.promote();
    void worker.run();
    await waitUntil(async () => (await queue.getJobState(first)) === 'completed', { what: 'the worker to pass over the job' });
    await worker.close();
    await record(store, caseStreamName(caseId), {
      type: 'ContactConsentChanged',
      data: { caseId, contactId: contactIds[0], consentToContact: false, changedAt: at() },
    });
    await caughtUp(scheduler);
    expect(await jobsOfCase(queue, caseId)).toEqual([]);

    await record(store, caseStreamName(caseId), {
      type: 'ContactConsentChanged',
      data: { caseId, contactId: contactIds[0], consentToContact: true, changedAt: at() },
    });
    await caughtUp(scheduler);
    expect(idsOf(await jobsOfCase(queue, caseId))).toEqual(await expectedJobIds(store, [caseId]));
    expect(idsOf(await jobsOfCase(queue, caseId))).toContain(first);
  });
});

describe('ReminderScheduler when Redis loses its data or goes away', () => {
  let database: TestDatabase;
  let redis: OwnRedis;
  let admin: Redis;
  let config: AppConfig;
  let store: EventStore;
  let dataSource: DataSource;
  let queue: Queue<ReminderJobData>;
  let scheduler: ReminderScheduler | undefined;
  const prefix = `test-${randomUUID()}`;
  const cases: TestCase[] = [];

  const pendingIds = async () => [...(await pendingJobs(queue)).keys()].sort();
  const allCaseIds = () => cases.map((each) => each.caseId);

  beforeAll(async () => {
    now = START;
    database = await createTestDatabase();
    redis = await startOwnRedis();
    admin = new Redis(redis.url, { maxRetriesPerRequest: null });
    config = configFor(database.url, redis.url);
    store = await connectEventStore(config);
    dataSource = await createDataSource(database.url).initialize();
    queue = reminderProducerQueue(redis.url, { prefix });

    // A study at the size of a real one: 12 cases, 3 waves each, 3 or 4 contacts, some not consenting.
    const studyId = await studyOf(store);
    for (let index = 0; index < 12; index += 1) {
      cases.push(
        await caseOf(store, studyId, { contacts: 3 + (index % 2), waves: [WAVE_1, WAVE_2, WAVE_3], noConsent: index % 4 === 0 ? [2] : [] }),
      );
    }
    scheduler = new ReminderScheduler(store, dataSource, queue, clock, FAST);
    scheduler.start();
    await caughtUp(scheduler);
  });
  afterAll(async () => {
    await scheduler?.stop();
    await queue?.close();
    admin?.disconnect();
    await redis?.close();
    await dataSource?.destroy();
    await store?.close();
    await database?.drop();
  });

  it("holds the queue to exactly the reminders the study's records call for", async () => {
    const expected = await expectedJobIds(store, allCaseIds());
    // 42 contacts, 3 of them not consenting, 3 waves, 3 reminders each.
    expect(expected).toHaveLength(39 * 3 * 3);
    expect(await pendingIds()).toEqual(expected);
  });

  it('restores exactly the same jobs with `rebuild-schedule` after Redis was flushed, and adds none twice but removes a stale one when run again', async () => {
    const before = await pendingJobs(queue);
    // With the reminders app running, as an operator would run it.
    await admin.flushall();
    expect(await pendingIds()).toEqual([]);

    const rebuilt = await rebuildSchedule(config, { now: clock, prefix });
    expect(rebuilt).toMatchObject({ cases: 12, reminders: before.size, added: before.size, alreadyPresent: 0, moved: 0, removed: 0 });
    const after = await pendingJobs(queue);
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
    const withoutCorrelation = ({ correlationId: _correlationId, ...data }: ReminderJobData) => data;
    for (const [id, job] of after) {
      expect(withoutCorrelation(job.data)).toEqual(withoutCorrelation(before.get(id)!.data));
      expect(job.opts.delay).toBe(before.get(id)!.opts.delay);
    }

    // A job the record no longer calls for, as in a copy of Redis restored from before a wave moved.
    const [sample] = before.values();
    const stale = `reminder_${sample.data.waveId}_${sample.data.contactId}_follow-up_v0`;
    await queue.add('send-reminder', { ...sample.data, kind: 'follow-up', windowVersion: 0 }, { jobId: stale, delay: 86_400_000 });
    const again = await rebuildSchedule(config, { now: clock, prefix });
    expect(again).toMatchObject({ added: 0, alreadyPresent: before.size, moved: 0, removed: 1 });
    expect(await queue.getJob(stale)).toBeUndefined();
    expect(await queue.getJobCountByTypes('delayed', 'waiting', 'prioritized')).toBe(before.size);
  });

  it('rebuilds by itself a queue it finds empty while the record calls for reminders', async () => {
    const expected = await expectedJobIds(store, allCaseIds());
    await scheduler!.stop();
    await admin.flushall();
    scheduler = new ReminderScheduler(store, dataSource, queue, clock, { ...FAST, queueCheckMs: 100 });
    scheduler.start();
    const restored = await waitUntil(
      async () => {
        const ids = await pendingIds();
        return ids.length === expected.length ? ids : undefined;
      },
      { what: 'the queue to be rebuilt' },
    );
    expect(restored).toEqual(expected);
  });

  it('loses nothing that happened while Redis was stopped: the scheduler retries from its checkpoint once it is back', async () => {
    // Cases whose contacts all consent.
    const [moved, cancelled, optingOut, joining] = [cases[1], cases[2], cases[3], cases[5]];
    const checkpointBefore = await scheduler!.readCheckpoint();
    await redis.stop();

    await record(store, caseStreamName(moved.caseId), {
      type: 'WaveRescheduled',
      data: { caseId: moved.caseId, waveId: moved.waveIds[1], opensOn: '2027-06-14', closesOn: '2027-08-06', rescheduledAt: at() },
    });
    await record(store, caseStreamName(cancelled.caseId), waveClosedEvent(cancelled.caseId, cancelled.waveIds[2]));
    await record(store, caseStreamName(optingOut.caseId), {
      type: 'ContactOptedOut',
      data: { caseId: optingOut.caseId, contactId: optingOut.contactIds[1], optedOutAt: at() },
    });
    const newcomer = randomUUID();
    await record(store, caseStreamName(joining.caseId), {
      type: 'ContactAdded',
      data: {
        caseId: joining.caseId,
        contactId: newcomer,
        role: 'trustee-or-board-member',
        consentToContact: true,
        personal: { name: 'New Trustee', email: 'trustee@example.org' },
      },
    });
    const fourthWave = randomUUID();
    await record(store, caseStreamName(joining.caseId), {
      type: 'WaveScheduled',
      data: {
        caseId: joining.caseId,
        waveId: fourthWave,
        waveNumber: 4,
        opensOn: '2028-02-07',
        closesOn: '2028-03-24',
        remindContactIds: [...joining.contactIds, newcomer],
        remindAt: '2028-02-07T09:00:00.000Z',
        scheduledAt: at(),
      },
    });
    // The scheduler meets the outage and keeps its checkpoint where it was.
    await waitUntil(() => scheduler!.failure !== undefined, { what: 'the scheduler to meet the outage' });
    expect(comparePositions(await scheduler!.readCheckpoint(), checkpointBefore)).toBe(0);

    await redis.start();
    await caughtUp(scheduler!);
    const expected = await expectedJobIds(store, allCaseIds());
    expect(await pendingIds()).toEqual(expected);
    const ids = new Set(expected);
    expect([...ids].filter((id) => id.includes(moved.waveIds[1]) && id.endsWith('_v2'))).toHaveLength(3 * moved.contactIds.length);
    expect([...ids].some((id) => id.includes(moved.waveIds[1]) && id.endsWith('_v1'))).toBe(false);
    expect([...ids].some((id) => id.includes(cancelled.waveIds[2]))).toBe(false);
    expect([...ids].some((id) => id.includes(`_${optingOut.contactIds[1]}_`))).toBe(false);
    expect([...ids].filter((id) => id.includes(fourthWave))).toHaveLength(3 * (joining.contactIds.length + 1));
    expect(scheduler!.failure).toBeUndefined();
  });
});

function waveClosedEvent(caseId: string, waveId: string): DomainEvent {
  return { type: 'WaveCancelled', data: { caseId, waveId, reason: 'Mutual merged', occurredOn: '2026-11-02', cancelledAt: at() } };
}
