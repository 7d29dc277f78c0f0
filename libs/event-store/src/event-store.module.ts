import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@casebook/config';
import { EventStore } from './event-store.port.js';
import { PostgresEventStore } from './postgres/postgres-event-store.js';

/** Provides the configured `EventStore` adapter to the whole app and closes it on shutdown. */
@Global()
@Module({
  providers: [
    {
      provide: EventStore,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig): EventStore => new PostgresEventStore({ connectionString: config.databaseUrl }),
    },
  ],
  exports: [EventStore],
})
export class EventStoreModule implements OnApplicationShutdown {
  constructor(@Inject(EventStore) private readonly store: EventStore) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}
