import { Client } from 'pg';
import { createTestDatabase } from '../../../../test/support/test-database.js';
import { type ContractFixture, describeEventStoreContract } from '../event-store.contract.js';
import { describeEventStoreProperties } from '../event-store.properties.js';
import { PostgresEventStore } from './postgres-event-store.js';

async function setUp(): Promise<ContractFixture> {
  const database = await createTestDatabase();
  const store = new PostgresEventStore({ connectionString: database.url, poolSize: 12 });
  return {
    store,
    async slowDownCommits() {
      // Every append now lingers 0-15 ms after taking its positions and before committing,
      // so later positions routinely commit first: the trap a $all reader must not fall into.
      const client = new Client({ connectionString: database.url });
      await client.connect();
      await client.query(`
        CREATE FUNCTION event_store.linger() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN PERFORM pg_sleep(random() * 0.015); RETURN NULL; END $$;
        CREATE TRIGGER linger AFTER INSERT ON event_store.events
          FOR EACH STATEMENT EXECUTE FUNCTION event_store.linger();`);
      await client.end();
    },
    async teardown() {
      await store.close();
      await database.drop();
    },
  };
}

describeEventStoreContract('PostgreSQL', setUp);
describeEventStoreProperties('PostgreSQL', setUp);
