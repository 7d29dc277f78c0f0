import { type DynamicModule, Module } from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import { APP_CONFIG, type AppConfig, ConfigModule, redisOptionsFromUrl } from '@casebook/config';
import { EventStoreModule } from '@casebook/event-store';
import { type LogSettings, loggerModule } from '@casebook/logging';
import { ReadModelsModule } from '@casebook/read-models';
import { REMINDER_QUEUE } from '@casebook/reminders';
import { WriteModelModule } from '@casebook/write-model';
import { Mailer } from './mailer.js';
import { ReminderSchedulerService } from './reminder-scheduler.service.js';
import { ReminderProcessor } from './reminder.processor.js';

const DAY_SECONDS = 24 * 60 * 60;

@Module({})
export class RemindersModule {
  /**
   * `config` replaces the environment, for tests; a Redis key `prefix` keeps parallel tests
   * apart; `logs` (a level and where lines go) replaces LOG_LEVEL and stdout.
   */
  static register(config?: AppConfig, prefix = 'bull', logs?: LogSettings): DynamicModule {
    return {
      module: RemindersModule,
      imports: [
        ConfigModule.forRoot(['database', 'redis', 'smtp'], config),
        loggerModule('reminders', logs),
        EventStoreModule,
        ReadModelsModule,
        // The worker records what became of each reminder through the one write path; its Clock is the app's clock.
        WriteModelModule,
        BullModule.forRootAsync({
          inject: [APP_CONFIG],
          // Workers must wait for Redis rather than fail a command (BullMQ's own advice).
          useFactory: (appConfig: AppConfig) => ({
            prefix,
            connection: { ...redisOptionsFromUrl(appConfig.redisUrl), maxRetriesPerRequest: null },
          }),
        }),
        BullModule.registerQueue({
          name: REMINDER_QUEUE,
          defaultJobOptions: {
            attempts: 8,
            backoff: { type: 'exponential', delay: 30_000 },
            // Kept for 90 days so that a re-delivered event cannot schedule the same reminder again.
            removeOnComplete: { age: 90 * DAY_SECONDS },
            removeOnFail: { age: 365 * DAY_SECONDS },
          },
        }),
      ],
      providers: [Mailer, ReminderProcessor, ReminderSchedulerService],
    };
  }
}
