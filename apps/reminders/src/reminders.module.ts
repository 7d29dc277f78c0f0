import { type DynamicModule, Module } from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import { CqrsModule } from '@nestjs/cqrs';
import { APP_CONFIG, type AppConfig, ConfigModule, redisOptionsFromUrl } from '@casebook/config';
import { EventStore, EventStoreModule } from '@casebook/event-store';
import { type LogSettings, loggerModule } from '@casebook/logging';
import { ReadModelsModule } from '@casebook/read-models';
import { REMINDER_QUEUE, ReminderRecords } from '@casebook/reminders';
import { WriteModelModule } from '@casebook/write-model';
import { Mailer } from './mailer.js';
import { ReminderMetrics } from './reminder-metrics.js';
import { ReminderSchedulerService } from './reminder-scheduler.service.js';
import { REMINDER_RETRY, ReminderProcessor } from './reminder.processor.js';

const DAY_SECONDS = 24 * 60 * 60;

/** How a reminder whose send failed for a passing reason (4xx, no connection) is tried again: the worker's exponential back-off. */
export interface ReminderRetry {
  /** Attempts in all, the first included; after the last, ReminderFailed (attempts-exhausted) is recorded. */
  attempts: number;
  /** The wait before the first retry; each later one is twice the one before. */
  delayMs: number;
  /** The share of each wait drawn at random (0 to 1), so reminders that failed together do not all retry together. */
  jitter: number;
}

/** Up to about an hour in all: long enough to ride out a mail server's restart, short enough to keep a reminder timely. */
export const DEFAULT_REMINDER_RETRY: ReminderRetry = { attempts: 8, delayMs: 30_000, jitter: 0.5 };

@Module({})
export class RemindersModule {
  /**
   * `config` replaces the environment, for tests; a Redis key `prefix` keeps parallel tests
   * apart (REMINDER_QUEUE_PREFIX, else `bull`, without it); `logs` (a level and where lines go)
   * replaces LOG_LEVEL and stdout; `retry` replaces DEFAULT_REMINDER_RETRY (tests shorten the waits).
   */
  static register(config?: AppConfig, prefix?: string, logs?: LogSettings, retry: Partial<ReminderRetry> = {}): DynamicModule {
    const { attempts, delayMs, jitter } = { ...DEFAULT_REMINDER_RETRY, ...retry };
    return {
      module: RemindersModule,
      imports: [
        ConfigModule.forRoot(['database', 'redis', 'smtp'], config),
        loggerModule('reminders', logs),
        EventStoreModule,
        ReadModelsModule,
        // The worker records what became of each reminder through the one write path; its Clock is the app's clock.
        WriteModelModule,
        CqrsModule,
        BullModule.forRootAsync({
          inject: [APP_CONFIG],
          // Workers must wait for Redis rather than fail a command (BullMQ's own advice).
          useFactory: (appConfig: AppConfig) => ({
            prefix: prefix ?? appConfig.reminderQueuePrefix ?? 'bull',
            connection: { ...redisOptionsFromUrl(appConfig.redisUrl), maxRetriesPerRequest: null },
          }),
        }),
        BullModule.registerQueue({
          name: REMINDER_QUEUE,
          defaultJobOptions: {
            attempts,
            backoff: { type: 'exponential', delay: delayMs, jitter },
            // Kept a while for the queue board; the record, not the job, says a reminder went out.
            removeOnComplete: { age: 90 * DAY_SECONDS },
            removeOnFail: { age: 365 * DAY_SECONDS },
          },
        }),
      ],
      providers: [
        { provide: ReminderRecords, inject: [EventStore], useFactory: (store: EventStore) => new ReminderRecords(store) },
        Mailer,
        { provide: REMINDER_RETRY, useValue: { attempts, delayMs, jitter } satisfies ReminderRetry },
        ReminderProcessor,
        ReminderSchedulerService,
        ReminderMetrics,
      ],
      exports: [ReminderMetrics],
    };
  }
}
