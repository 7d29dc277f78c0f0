// /health's projection check against a real database: a transaction left open on another
// connection keeps a new event from the subscribers, and the check names it (pid, age) while it
// stays up, then forgets it once the transaction commits.
import { randomUUID } from 'node:crypto';
import { HealthIndicatorService } from '@nestjs/terminus';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '@casebook/config';
import { PostgresEventStore } from '@casebook/event-store';
import { createDataSource } from '@casebook/read-models';
import { type TestDatabase, createTestDatabase } from '../../../../test/support/test-database.js';
import { waitUntil } from '../../../../test/support/wait-for.js';
import { ProjectionStatus } from '../projections/projection-status.js';
import { EventStoreHealthIndicator, HELD_BACK_WARNING_SECONDS } from './event-store.health.js';

interface HeldBackReport {
  status: string;
  warning?: string;
  heldBack?: { eventsWaiting: number; transactions: { pid: number | null; seconds: number }[] };
}

describe('the event store health check', () => {
  let database: TestDatabase;
  let store: PostgresEventStore;
  let dataSource: DataSource;
  let indicator: EventStoreHealthIndicator;

  beforeAll(async () => {
    database = await createTestDatabase();
    store = new PostgresEventStore({ connectionString: database.url });
    dataSource = await createDataSource(database.url, { poolSize: 2 }).initialize();
    const config = { eventStore: 'postgres', projectionLagMaxEvents: 1000, projectionStallSeconds: 60 } as AppConfig;
    indicator = new EventStoreHealthIndicator(
      store,
      new HealthIndicatorService(),
      new ProjectionStatus(store, dataSource, config),
      dataSource,
      config,
    );
  });
  afterAll(async () => {
    await store?.close();
    await dataSource?.destroy();
    await database?.drop();
  });

  const report = async () => ((await indicator.projectionLag('projection')) as unknown as { projection: HeldBackReport }).projection;

  it('warns of a transaction that holds the subscribers back, naming its pid, and clears once it ends', async () => {
    const holder = new Client({ connectionString: database.url });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      const {
        rows: [{ pid }],
      } = await holder.query<{ pid: number }>('SELECT pg_backend_pid() AS pid, pg_current_xact_id()');
      await store.appendToStream(`held-${randomUUID()}`, [{ id: randomUUID(), type: 'N.v1', data: {} }]);
      const named = (now: HeldBackReport) => now.heldBack?.transactions.some((t) => t.pid === pid) ?? false;

      let held: HeldBackReport | undefined;
      await waitUntil(async () => named((held = await report())), {
        timeoutMs: (HELD_BACK_WARNING_SECONDS + 10) * 1000,
        intervalMs: 250,
        what: `/health to name pid ${pid}`,
      });
      expect(held).toMatchObject({ status: 'up', warning: expect.stringContaining(`pid ${pid}`) });
      expect(held!.heldBack!.eventsWaiting).toBeGreaterThanOrEqual(1);
      expect(held!.heldBack!.transactions.find((t) => t.pid === pid)!.seconds).toBeGreaterThanOrEqual(HELD_BACK_WARNING_SECONDS);

      await holder.query('COMMIT');
      expect(named(await report())).toBe(false);
    } finally {
      await holder.end();
    }
  });
});
