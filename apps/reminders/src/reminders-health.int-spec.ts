// The reminders worker's health listener as an orchestrator probes it: ready while Redis and the
// database answer, unready naming whichever is away, and ready again once it is back. The Redis
// outage is played against the listener alone: BullMQ's worker cannot close while its own
// connection is still waiting out its reconnect back-off (up to 20 s), which is its business,
// not the probe's.
import { randomUUID } from 'node:crypto';
import { type AddressInfo, type Server, type Socket, connect, createServer } from 'node:net';
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { AppConfig, HealthReport } from '@casebook/config';
import { createDataSource } from '@casebook/read-models';
import { allowConnections, refuseConnections } from '../../../test/support/database-outage.js';
import { type TestDatabase, createTestDatabase, redisUrl } from '../../../test/support/test-database.js';
import { waitUntil } from '../../../test/support/wait-for.js';
import { RemindersHealth, RemindersHealthModule } from './reminders-health.js';
import { RemindersModule } from './reminders.module.js';

/** A TCP relay to the test Redis that can be cut and restored on the same port, as an outage. */
class RedisRelay {
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor(private readonly target: URL) {}

  async open(): Promise<void> {
    const server = createServer((client) => {
      const upstream = connect(Number(this.target.port || 6379), this.target.hostname);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('error', () => undefined);
        socket.on('close', () => {
          this.sockets.delete(socket);
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  async cut(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  }
}

function configFor(database: TestDatabase, redis: string): AppConfig {
  return {
    databaseUrl: database.url,
    redisUrl: redis,
    eventStore: 'postgres',
    http: { host: '127.0.0.1', port: 0 },
    healthPort: 0,
    smtp: { url: 'smtp://127.0.0.1:1', from: 'Casebook <casebook@test.invalid>' },
    unsubscribe: { secret: `test-unsubscribe-${randomUUID()}`, publicUrl: 'http://127.0.0.1' },
    projectionLagMaxEvents: 1000,
    projectionStallSeconds: 60,
    logLevel: 'warn',
  };
}

const readyStatus = (probe: (path: string) => Promise<{ status: number; body: HealthReport }>, status: number) =>
  waitUntil(
    async () => {
      const response = await probe('/health/ready');
      return response.status === status ? response : undefined;
    },
    { timeoutMs: 20_000, intervalMs: 100, what: `/health/ready to answer ${status}` },
  );

const probeOn = (port: () => number | undefined) => async (path: string) => {
  const response = await fetch(`http://127.0.0.1:${port()}${path}`);
  return { status: response.status, body: (await response.json()) as HealthReport };
};

describe('reminders health listener', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await allowConnections(database.url);
    await database?.drop();
  });

  describe('in the reminders app', () => {
    let reminders: INestApplicationContext;
    const probe = probeOn(() => reminders.get(RemindersHealth).port);

    beforeAll(async () => {
      reminders = await NestFactory.createApplicationContext(
        RemindersHealthModule.around(RemindersModule.register(configFor(database, redisUrl()), `test-${randomUUID()}`)),
        {
          logger: false,
          abortOnError: false,
        },
      );
      await reminders.init();
    });
    afterAll(async () => {
      await allowConnections(database.url);
      await reminders?.close();
    });

    it('is ready while Redis and the database answer', async () => {
      expect(await probe('/health/live')).toMatchObject({ status: 200, body: { status: 'ok' } });
      expect(await probe('/health/ready')).toMatchObject({
        status: 200,
        body: { status: 'ok', info: { redis: { status: 'up' }, database: { status: 'up' } } },
      });
    });

    it('is unready, naming the database, while the database is away, and ready again when it is back', async () => {
      await refuseConnections(database.url);
      const unready = await readyStatus(probe, 503);
      expect(unready.body.error.database).toMatchObject({ status: 'down' });
      expect(unready.body.info.redis).toMatchObject({ status: 'up' });
      expect((await probe('/health/live')).status).toBe(200);

      await allowConnections(database.url);
      await readyStatus(probe, 200);
    });
  });

  describe('with Redis going away', () => {
    let relay: RedisRelay;
    let dataSource: DataSource;
    let health: RemindersHealth;
    const probe = probeOn(() => health.port);

    beforeAll(async () => {
      relay = new RedisRelay(new URL(redisUrl()));
      await relay.open();
      const throughRelay = new URL(redisUrl());
      throughRelay.host = `127.0.0.1:${relay.port}`;
      dataSource = await createDataSource(database.url).initialize();
      health = new RemindersHealth(configFor(database, throughRelay.toString()), dataSource);
      await health.onApplicationBootstrap();
    });
    afterAll(async () => {
      await health?.onApplicationShutdown();
      await relay?.cut();
      await dataSource?.destroy();
    });

    it('is unready, naming Redis, while Redis is away, and ready again when it is back', async () => {
      expect((await probe('/health/ready')).status).toBe(200);
      await relay.cut();
      const unready = await readyStatus(probe, 503);
      expect(unready.body.error.redis).toMatchObject({ status: 'down' });
      expect(unready.body.info.database).toMatchObject({ status: 'up' });
      expect((await probe('/health/live')).status).toBe(200);

      await relay.open();
      await readyStatus(probe, 200);
    });
  });
});
