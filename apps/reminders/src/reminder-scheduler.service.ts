import { Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bullmq';
import { PinoLogger } from 'nestjs-pino';
import type { DataSource } from 'typeorm';
import { EventStore } from '@casebook/event-store';
import { REMINDER_QUEUE, type ReminderJobData, ReminderScheduler } from '@casebook/reminders';

/** Turns scheduled interview waves into delayed reminder jobs for as long as the app lives. */
@Injectable()
export class ReminderSchedulerService implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly scheduler: ReminderScheduler;

  constructor(
    store: EventStore,
    @InjectDataSource() dataSource: DataSource,
    @InjectQueue(REMINDER_QUEUE) queue: Queue<ReminderJobData>,
    logger: PinoLogger,
  ) {
    logger.setContext('reminder-scheduler');
    this.scheduler = new ReminderScheduler(store, dataSource, queue, () => new Date(), { logger });
  }

  onApplicationBootstrap(): void {
    this.scheduler.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.scheduler.stop();
  }
}
