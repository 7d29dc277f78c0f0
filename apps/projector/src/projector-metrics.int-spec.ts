// The projector's held-back gauges against a real database: a transaction left open on another
// connection keeps a new event from the subscribers, and /metrics shows for how long and how
// many events wait, back to zero once it commits.
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { PostgresEventStore, subscribersHeldBack } from '@casebook/event-store';
import { type TestDatabase, createTestDatabase } from '../../../test/support/test-database.js';
import { waitUntil } from '../../../test/support/wait-for.js';
import { ProjectorMetrics } from './projector-metrics.js';

/** The value of an unlabelled metric in a Prometheus text exposition; undefined when absent. */
function valueOf(text: string, name: string): number | undefined {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${name} `));
  return line === undefined ? undefined : Number(line.slice(name.length + 1));
}

describe('projector metrics of a held-back store', () => {
  let database: TestDatabase;
  let store: PostgresEventStore;
  let reader: Client;

  beforeAll(async () => {
    database = await createTestDatabase();
    store = new PostgresEventStore({ connectionString: database.url });
    reader = new Client({ connectionString: database.url });
    await reader.connect();
  });
  afterAll(async () => {
    await reader?.end();
    await store?.close();
    await database?.drop();
  });

  const metrics = () =>
    new ProjectorMetrics(['contacts'], () =>
      subscribersHeldBack(async (sql, params) => (await reader.query(sql, params)).rows as unknown[]),
    );

  it('gauges how long a transaction has held events back and how many, and drops to zero once it ends', async () => {
    const scrape = async () => (await metrics().text()).text;
    const holder = new Client({ connectionString: database.url });
    await holder.connect();
    try {
      // A transaction id, as any write would take; then idle, as a forgotten session would be.
      await holder.query(`BEGIN; SELECT pg_current_xact_id()`);
      await store.appendToStream(`held-${randomUUID()}`, [{ id: randomUUID(), type: 'N.v1', data: {} }]);
      await store.appendToStream(`held-${randomUUID()}`, [{ id: randomUUID(), type: 'N.v1', data: {} }]);

      const held = await scrape();
      expect(valueOf(held, 'casebook_event_store_events_held_back')).toBe(2);
      expect(valueOf(held, 'casebook_event_store_held_back_seconds')).toBeGreaterThan(0);

      await holder.query('COMMIT');
      // Other work on the same server may hold the events a moment longer, never for long.
      const free = await waitUntil(
        async () => {
          const text = await scrape();
          return valueOf(text, 'casebook_event_store_events_held_back') === 0 ? text : undefined;
        },
        { timeoutMs: 10_000, what: 'no event to be held back' },
      );
      expect(valueOf(free, 'casebook_event_store_held_back_seconds')).toBe(0);
    } finally {
      await holder.end();
    }
  });

  it('shows no held-back gauges for a store without the hold', async () => {
    const text = (await new ProjectorMetrics(['contacts']).text()).text;
    expect(text).not.toContain('casebook_event_store_held_back');
  });
});
