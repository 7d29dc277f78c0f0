import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bullmq';
import { PinoLogger } from 'nestjs-pino';
import type { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@casebook/config';
import { EventStore } from '@casebook/event-store';
import { REMINDER_QUEUE, type ReminderJobData, ReminderScheduler, reminderProducerQueue } from '@casebook/reminders';
import { Clock } from '@casebook/write-model';

/** Keeps the reminder queue in step with the record for as long as the app lives. */
@Injectable()
export class ReminderSchedulerService implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly scheduler: ReminderScheduler;
  private readonly producer: Queue<ReminderJobData>;

  constructor(
    store: EventStore,
    @InjectDataSource() dataSource: DataSource,
    @InjectQueue(REMINDER_QUEUE) workerQueue: Queue<ReminderJobData>,
    @Inject(APP_CONFIG) config: AppConfig,
    clock: Clock,
    logger: PinoLogger,
  ) {
    logger.setContext('reminder-scheduler');
    // This queue's connection meets the same outage the worker's does, which the worker logs;
    // without a listener BullMQ would print each failed reconnection to the console.
    workerQueue.on('error', () => undefined);
    // The worker's queue waits for Redis in every command; the scheduler's fails at once, so that
    // its batch is retried from the checkpoint rather than held open. Same queue, same job options.
    this.producer = reminderProducerQueue(config.redisUrl, {
      prefix: workerQueue.opts.prefix,
      defaultJobOptions: workerQueue.defaultJobOptions,
    });
    this.scheduler = new ReminderScheduler(store, dataSource, this.producer, () => clock.now(), { logger });
  }

  onApplicationBootstrap(): void {
    this.scheduler.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.scheduler.stop();
    await this.producer.close();
  }
}
