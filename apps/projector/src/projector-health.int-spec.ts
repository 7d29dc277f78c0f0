// The projector's health listener as an orchestrator probes it: ready while its database answers
// and its subscription runs, unready naming the database while that is away or naming the event
// it is stuck on, and ready again after an outage even when no new event arrives.
import { randomUUID } from 'node:crypto';
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { AppConfig, HealthReport } from '@casebook/config';
import { PostgresEventStore } from '@casebook/event-store';
import { allowConnections, refuseConnections } from '../../../test/support/database-outage.js';
import { type TestDatabase, createTestDatabase, redisUrl } from '../../../test/support/test-database.js';
import { sampleOf } from '../../../test/support/prometheus-text.js';
import { waitForProjection, waitUntil } from '../../../test/support/wait-for.js';
import { ProjectorHealth, ProjectorHealthModule } from './projector-health.js';
import { ProjectorModule } from './projector.module.js';
import { ProjectorService } from './projector.service.js';

function configFor(database: TestDatabase, healthPort?: number): AppConfig {
  return {
    databaseUrl: database.url,
    redisUrl: redisUrl(),
    eventStore: 'postgres',
    http: { host: '127.0.0.1', port: 0 },
    ...(healthPort === undefined ? {} : { healthPort }),
    smtp: { url: '', from: 'Casebook <casebook@test.invalid>' },
    projectionLagMaxEvents: 1000,
    projectionStallSeconds: 60,
    logLevel: 'warn',
  };
}

async function startProjector(config: AppConfig): Promise<INestApplicationContext> {
  const app = await NestFactory.createApplicationContext(ProjectorHealthModule.around(ProjectorModule.register(config)), {
    logger: false,
    abortOnError: false,
  });
  await app.init();
  return app;
}

describe('projector health listener', () => {
  let database: TestDatabase;
  let store: PostgresEventStore;
  let projector: INestApplicationContext | undefined;

  beforeAll(async () => {
    database = await createTestDatabase();
    store = new PostgresEventStore({ connectionString: database.url });
  });
  afterAll(async () => {
    await allowConnections(database.url);
    await projector?.close();
    await store?.close();
    await database?.drop();
  });

  const probe = async (path: string) => {
    const port = projector!.get(ProjectorHealth).port;
    const response = await fetch(`http://127.0.0.1:${port}${path}`);
    return { status: response.status, body: (await response.json()) as HealthReport };
  };
  const readyStatus = (status: number) =>
    waitUntil(
      async () => {
        const response = await probe('/health/ready');
        return response.status === status ? response : undefined;
      },
      { timeoutMs: 20_000, intervalMs: 100, what: `/health/ready to answer ${status}` },
    );

  it('opens no port without HEALTH_PORT', async () => {
    const health = new ProjectorHealth(configFor(database), {} as ProjectorService, {} as DataSource, store);
    await health.onApplicationBootstrap();
    expect(health.port).toBeUndefined();
  });

  it('is ready while its database answers and its subscription runs', async () => {
    projector = await startProjector(configFor(database, 0));
    expect(await probe('/health/live')).toMatchObject({ status: 200, body: { status: 'ok' } });
    expect(await probe('/health/ready')).toMatchObject({
      status: 200,
      body: { status: 'ok', info: { database: { status: 'up' }, subscription: { status: 'up' } } },
    });
  });

  it('is unready, naming the database, while the database is away, and ready again without a new event', async () => {
    await refuseConnections(database.url);
    const unready = await readyStatus(503);
    expect(unready.body.error.database).toMatchObject({ status: 'down' });
    expect((await probe('/health/live')).status).toBe(200);
    // The processors have noticed and are retrying, so readiness must not wait for their next batch.
    const { projector: processors } = projector!.get(ProjectorService);
    await waitUntil(() => Promise.resolve(processors.failures.length > 0), {
      timeoutMs: 20_000,
      what: 'the processors to notice the outage',
    });

    await allowConnections(database.url);
    const ready = await readyStatus(200);
    expect(ready.body.info.subscription.status).toBe('up');
  });

  it('is unready, naming the event, while the subscription is stuck on an event it cannot project', async () => {
    const stream = `mutual-poison-${randomUUID().slice(0, 8)}`;
    const { position } = await store.appendToStream(stream, [
      {
        id: randomUUID(),
        type: 'MutualRegistered.v1',
        data: { mutualId: 'not-a-uuid', name: 'Poison Trust', serviceAreas: ['other'], registeredAt: new Date().toISOString() },
      },
    ]);
    const stuck = await readyStatus(503);
    expect(stuck.body.error.subscription).toMatchObject({
      status: 'down',
      message: expect.stringContaining('stuck on MutualRegistered.v1'),
    });
    expect(stuck.body.info.database).toMatchObject({ status: 'up' });

    // Its metrics count the failures of the projections that cannot store the event; a projection
    // that does not handle registrations reads past it, applying and counting nothing.
    const port = projector!.get(ProjectorHealth).port;
    const scrape = async () => {
      const response = await fetch(`http://127.0.0.1:${port}/metrics`);
      expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
      const text = await response.text();
      return (name: string, projection: string) => sampleOf(text, name, { projection });
    };
    await waitForProjection(database.url, position, 'contacts');
    const value = await waitUntil(
      async () => {
        const read = await scrape();
        return (read('casebook_projection_failures_total', 'mutual-summary') ?? 0) >= 1 ? read : undefined;
      },
      { what: 'the failure of the summary to be counted' },
    );
    expect(value('casebook_projection_failures_total', 'contacts')).toBe(0);
    expect(value('casebook_projection_events_applied_total', 'contacts')).toBe(0);
  });

  it('stops answering once the app has closed', async () => {
    const port = projector!.get(ProjectorHealth).port;
    await projector!.close();
    projector = undefined;
    await expect(fetch(`http://127.0.0.1:${port}/health/live`)).rejects.toThrow();
  });
});
