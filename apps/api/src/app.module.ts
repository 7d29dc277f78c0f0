import { type DynamicModule, Module } from '@nestjs/common';
import { type AppConfig, ConfigModule } from '@casebook/config';
import { EventStoreModule } from '@casebook/event-store';
import { type LogSettings, loggerModule } from '@casebook/logging';
import { AccountsModule } from './accounts/accounts.module.js';
import { AuthModule } from './auth/auth.module.js';
import { HealthModule } from './health/health.module.js';
import { REQUEST_LOGGING } from './http/request-logging.js';
import { WriteRouteModule } from './write-route/write-route.module.js';
import { MutualsModule } from './mutuals/mutuals.module.js';
import { StudiesModule } from './studies/studies.module.js';
import { CasesModule } from './cases/cases.module.js';
import { ContactsModule } from './contacts/contacts.module.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { ProjectionsModule } from './projections/projections.module.js';
import { ExportsModule } from './exports/exports.module.js';
import { CalendarFeedsModule } from './calendar-feeds/calendar-feeds.module.js';
import { QueuesModule } from './queues/queues.module.js';
import { UnsubscribeModule } from './unsubscribe/unsubscribe.module.js';

@Module({})
export class ApiModule {
  /** `config` replaces the environment, for tests; so does `logs` (a level and where lines go). */
  static register(config?: AppConfig, logs?: LogSettings): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        // Redis only for the queue board, which says so when REDIS_URL is not set.
        ConfigModule.forRoot(['database'], config),
        loggerModule('api', logs, REQUEST_LOGGING),
        EventStoreModule,
        AuthModule,
        WriteRouteModule,
        AccountsModule,
        MutualsModule,
        StudiesModule,
        CasesModule,
        ContactsModule,
        ProjectionsModule,
        ExportsModule,
        CalendarFeedsModule,
        UnsubscribeModule,
        MetricsModule,
        QueuesModule,
        HealthModule,
      ],
    };
  }
}
