// The schedule put back on the queue from the events, as after Redis lost its data: the reminders
// every case's record calls for now are added (or left, when there), and pending jobs the record
// no longer calls for are removed. Safe while the reminders app runs: the rebuild and the reactor
// take turns on the reactor's checkpoint, and job ids make a reminder present twice impossible.
import type { AppConfig } from '@casebook/config';
import { connectEventStore } from '@casebook/event-store';
import { createDataSource } from '@casebook/read-models';
import { ReminderScheduler, type ScheduleRebuilt, reminderJobOptions, reminderProducerQueue } from '@casebook/reminders';
import { DEFAULT_REMINDER_RETRY } from './reminders.module.js';

export interface RebuildScheduleOptions {
  /** The instant the schedule is worked out for; now unless a test sets it. */
  now?: () => Date;
  /** Redis key prefix of the queue; REMINDER_QUEUE_PREFIX (else BullMQ's `bull`) unless given. */
  prefix?: string;
}

export async function rebuildSchedule(config: AppConfig, options: RebuildScheduleOptions = {}): Promise<ScheduleRebuilt> {
  const store = await connectEventStore(config);
  const dataSource = await createDataSource(config.databaseUrl, { poolSize: 2 }).initialize();
  const queue = reminderProducerQueue(config.redisUrl, {
    prefix: options.prefix ?? config.reminderQueuePrefix ?? 'bull',
    defaultJobOptions: reminderJobOptions(DEFAULT_REMINDER_RETRY),
  });
  try {
    // Only its rebuild runs: it never starts following events.
    const scheduler = new ReminderScheduler(store, dataSource, queue, options.now, { queueCheckMs: false });
    return await scheduler.rebuild();
  } finally {
    await queue.close();
    await dataSource.destroy();
    await store.close();
  }
}
