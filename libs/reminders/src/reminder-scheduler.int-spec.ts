import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import type { DataSource } from 'typeorm';
import { redisOptionsFromUrl } from '@casebook/config';
import { type DomainEvent, mutualStreamName, toStoredEvent } from '@casebook/domain';
import { PostgresEventStore } from '@casebook/event-store';
import { createDataSource } from '@casebook/read-models';
import { type TestDatabase, createTestDatabase, redisUrl } from '../../../test/support/test-database.js';
import { waitUntil } from '../../../test/support/wait-for.js';
import { REMINDER_QUEUE, type ReminderJobData, reminderJobId } from './reminder-job.js';
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

  it('adds one delayed job per scheduled wave, even when the events are handled again after a restart', async () => {
    const mutualId = randomUUID();
    const waveId = randomUUID();
    const now = new Date('2026-11-23T10:00:00Z');
    const events: DomainEvent[] = [
      { type: 'MutualRegistered', data: { mutualId, name: 'Harbourside Housing Mutual', serviceAreas: ['housing'], registeredAt: now.toISOString() } },
      {
        type: 'InterviewWaveScheduled',
        data: {
          mutualId,
          waveId,
          waveNumber: 1,
          opensOn: '2026-12-07',
          closesOn: '2027-01-29',
          contact: { name: 'Morgan Ellis', email: 'morgan@example.org' },
          remindAt: '2026-11-30T09:00:00.000Z',
        },
      },
    ];
    for (const event of events) {
      await store.appendToStream(mutualStreamName(mutualId), [{ id: randomUUID(), ...toStoredEvent(event), metadata: { correlationId: 'req-42' } }]);
    }

    const first = new ReminderScheduler(store, dataSource, queue, () => now);
    first.start();
    const job = await waitUntil(async () => (await queue.getJob(reminderJobId(waveId))) ?? undefined);
    await first.stop();
    expect(job.data).toMatchObject({ mutualName: 'Harbourside Housing Mutual', waveNumber: 1, correlationId: 'req-42', contact: { email: 'morgan@example.org' } });
    expect(job.opts.delay).toBe(Date.parse('2026-11-30T09:00:00.000Z') - now.getTime());

    // As after a crash between adding the job and storing the checkpoint: the same events again.
    await dataSource.query(`UPDATE read_models.projection_checkpoints SET commit_position = 0, prepare_position = 0 WHERE name = $1`, [first.checkpointName]);
    const second = new ReminderScheduler(store, dataSource, queue, () => now);
    second.start();
    const [lastEvent] = await store.readStream(mutualStreamName(mutualId), { direction: 'backwards', maxCount: 1 });
    await waitUntil(async () => {
      const checkpoint = await second.readCheckpoint();
      return checkpoint.commit === lastEvent.position.commit && checkpoint.prepare === lastEvent.position.prepare;
    });
    await second.stop();
    expect(await queue.getDelayedCount()).toBe(1);
  });
});
