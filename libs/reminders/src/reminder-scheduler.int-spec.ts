import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import type { DataSource } from 'typeorm';
import { redisOptionsFromUrl } from '@casebook/config';
import { type DomainEvent, caseStreamName, toStoredEvent } from '@casebook/domain';
import { PostgresEventStore } from '@casebook/event-store';
import { createDataSource } from '@casebook/read-models';
import { type TestDatabase, createTestDatabase, redisUrl } from '../../../test/support/test-database.js';
import { waitUntil } from '../../../test/support/wait-for.js';
import { REMINDER_QUEUE, type ReminderJobData } from './reminder-job.js';
const reminderJobId = (waveId: string, contactId: string): string => `wave-reminder-${waveId}-${contactId}`;
import { ReminderScheduler } from './reminder-scheduler.js';

describe('ReminderScheduler', () => {
  let database: TestDatabase;
  let store: PostgresEventStore;
  let dataSource: DataSource;
  let queue: Queue<ReminderJobData>;

  beforeAll(async () => {
    database = await createTestDatabase();
    store = new PostgresEventStore({ connectionString: database.url, pollIntervalMs: 50 });
    dataSource = await createDataSource(database.url).initialize();
    queue = new Queue<ReminderJobData>(REMINDER_QUEUE, { connection: redisOptionsFromUrl(redisUrl()), prefix: `test-${randomUUID()}` });
  });
  afterAll(async () => {
    await queue.obliterate({ force: true });
    await queue.close();
    await dataSource.destroy();
    await store.close();
    await database.drop();
  });

  it('adds one delayed job per contact to remind, by reference only, even when events are handled again', async () => {
    const caseId = randomUUID();
    const waveId = randomUUID();
    const now = new Date('2026-11-23T10:00:00Z');
    const event: DomainEvent = {
      type: 'WaveScheduled',
      data: {
        caseId,
        waveId,
        waveNumber: 1,
        opensOn: '2026-12-07',
        closesOn: '2027-01-29',
        remindContactIds: ['c-1', 'c-2'],
        remindAt: '2026-11-30T09:00:00.000Z',
        scheduledAt: now.toISOString(),
      },
    };
    await store.appendToStream(caseStreamName(caseId), [
      { id: randomUUID(), ...toStoredEvent(event), metadata: { correlationId: 'req-42' } },
    ]);

    const first = new ReminderScheduler(store, dataSource, queue, () => now);
    first.start();
    const jobs = await waitUntil(async () => {
      const found = await Promise.all(['c-1', 'c-2'].map((c) => queue.getJob(reminderJobId(waveId, c))));
      return found.every(Boolean) ? found : undefined;
    });
    await first.stop();
    expect(jobs.map((job) => job!.data)).toEqual([
      { caseId, waveId, contactId: 'c-1', correlationId: 'req-42' },
      { caseId, waveId, contactId: 'c-2', correlationId: 'req-42' },
    ]);
    expect(jobs[0]!.opts.delay).toBe(Date.parse('2026-11-30T09:00:00.000Z') - now.getTime());

    // As after a crash between adding the jobs and storing the checkpoint: the same event again.
    await dataSource.query(`UPDATE read_models.projection_checkpoints SET commit_position = 0, prepare_position = 0 WHERE name = $1`, [
      first.checkpointName,
    ]);
    const second = new ReminderScheduler(store, dataSource, queue, () => now);
    second.start();
    const [lastEvent] = await store.readStream(caseStreamName(caseId), { direction: 'backwards', maxCount: 1 });
    await waitUntil(async () => {
      const checkpoint = await second.readCheckpoint();
      return checkpoint.commit === lastEvent.position.commit && checkpoint.prepare === lastEvent.position.prepare;
    });
    await second.stop();
    expect(await queue.getDelayedCount()).toBe(2);
  });
});
