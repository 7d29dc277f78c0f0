import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@casebook/config';
import { EventStore } from './event-store.port.js';
import { EventStoreDbEventStore } from './eventstoredb/eventstoredb-event-store.js';
import { PersonalDataProtectingEventStore } from './personal-data/personal-data-protection.js';
import { SubjectKeyStore } from './personal-data/subject-key-store.js';
import { PostgresEventStore } from './postgres/postgres-event-store.js';

/** Builds the adapter that EVENT_STORE names; start-up fails, saying why, if it does not answer. */
export async function connectEventStore(config: AppConfig): Promise<EventStore> {
  // Personal fields are encrypted before any adapter sees them; their keys live in PostgreSQL.
  const store = new PersonalDataProtectingEventStore(adapterFor(config), new SubjectKeyStore(config.databaseUrl));
  const where =
    config.eventStore === 'eventstoredb' ? `EventStoreDB at ${config.eventStoreConnectionString}` : 'PostgreSQL at DATABASE_URL';
  try {
    await withTimeout(store.ping(), 10_000);
  } catch (error) {
    await store.close().catch(() => undefined);
    const hint = config.eventStore === 'postgres' ? ' (is the database migrated? `npm run migrate`)' : '';
    throw new Error(
      `The event store (EVENT_STORE=${config.eventStore}) did not answer: ${where}${hint}: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
  return store;
}

function adapterFor(config: AppConfig): EventStore {
  if (config.eventStore === 'postgres') return new PostgresEventStore({ connectionString: config.databaseUrl });
  // loadConfig refuses EVENT_STORE=eventstoredb without it; a config built by hand may lack it.
  if (config.eventStoreConnectionString === undefined) throw new Error('EVENT_STORE=eventstoredb needs EVENTSTORE_CONNECTION_STRING');
  return new EventStoreDbEventStore({ connectionString: config.eventStoreConnectionString, deadlineMs: 10_000 });
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      reject(new Error(`no answer within ${ms} ms`));
    }, ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Provides the configured `EventStore` adapter to the whole app and closes it on shutdown. */
@Global()
@Module({
  providers: [
    { provide: EventStore, inject: [APP_CONFIG], useFactory: connectEventStore },
    // The same instance, for the one caller that erases data subjects.
    { provide: PersonalDataProtectingEventStore, inject: [EventStore], useFactory: (store: EventStore) => store },
  ],
  exports: [EventStore, PersonalDataProtectingEventStore],
})
export class EventStoreModule implements OnApplicationShutdown {
  constructor(@Inject(EventStore) private readonly store: EventStore) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}
