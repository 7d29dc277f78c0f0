// Starts the real apps in this process against real PostgreSQL and Redis: the API listening on
// a free port (configured exactly as main.ts does), the projector, and optionally the reminders
// worker pointed at an SMTP server of the test's choosing.
import { randomUUID } from 'node:crypto';
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { DestinationStream } from 'pino';
import type { AppConfig } from '@casebook/config';
import { type LogSettings, logSettings } from '@casebook/logging';
import { parsePosition } from '@casebook/event-store';
import { ApiModule } from '../../apps/api/src/app.module.js';
import { HTTP_APP_OPTIONS, configureHttpApp, createFastifyAdapter } from '../../apps/api/src/http/configure-http-app.js';
import { Clock } from '@casebook/write-model';
import { ProjectorModule } from '../../apps/projector/src/projector.module.js';
import { RemindersModule } from '../../apps/reminders/src/reminders.module.js';
import { EventStoreDbTestServer } from './eventstoredb-test-server/index.js';
import { type TestDatabase, createTestDatabase, redisUrl } from './test-database.js';
import { waitForProjection } from './wait-for.js';

export interface HttpResult<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export interface HarnessOptions {
  /**
   * Which event store the apps use. By default the one CASEBOOK_TEST_EVENT_STORE names
   * (`postgres` unless set); for `eventstoredb` the server at EVENTSTORE_CONNECTION_STRING,
   * else a wire-compatible test server started for this harness.
   */
  eventStore?: 'postgres' | 'eventstoredb';
  /** Use a test server even when EVENTSTORE_CONNECTION_STRING names a real one (to stop it). */
  ownEventStoreServer?: boolean;
  /** Settings that differ from the test defaults. */
  config?: Partial<AppConfig>;
  /**
   * Where the apps' log lines go, at `config.logLevel`. Without it they log only when LOG_LEVEL
   * is set (to stdout, at that level), so that tests keep the console quiet. One logger serves a
   * process (nestjs-pino): the first harness of a test file sets it for the harnesses after it.
   */
  logs?: DestinationStream;
  /** What the API's clock (write-model/clock.ts) reads, for tests that decide what "today" is. */
  now?: () => Date;
}

export interface Harness {
  config: AppConfig;
  /** The EventStoreDB test server, when the harness started one. */
  eventStoreServer?: EventStoreDbTestServer;
  database: TestDatabase;
  baseUrl: string;
  /** Sends a request as the first administrator unless `headers.authorization` says otherwise ('' for none). */
  request<T = any>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<HttpResult<T>>;
  /** Creates an account with a role (and study memberships) and returns its bearer token. */
  account(
    role: 'admin' | 'researcher' | 'viewer',
    studyIds?: string[],
  ): Promise<{ accountId: string; token: string; headers: Record<string, string> }>;
  /** Waits until the read models include the write whose response is given. */
  projected(write: HttpResult<{ position: string }>): Promise<void>;
  /** Stops the projector app, so tests can see what happens while the read models fall behind. */
  stopProjector(): Promise<void>;
  /** Starts a projector app again after stopProjector(). */
  startProjector(): Promise<void>;
  /**
   * Starts the reminders app with BullMQ keys under a prefix of its own (or `prefix`, to start it
   * again on the same queue), which it returns; `now` replaces its clock (the API's by default).
   */
  startReminders(smtpUrl: string, options?: { prefix?: string; now?: () => Date }): Promise<string>;
  close(): Promise<void>;
}

const quiet = { logger: false as const, abortOnError: false };

export async function startCasebook(options: HarnessOptions = {}): Promise<Harness> {
  const eventStore = options.eventStore ?? (process.env.CASEBOOK_TEST_EVENT_STORE === 'eventstoredb' ? 'eventstoredb' : 'postgres');
  const database = await createTestDatabase();
  const realServer = options.ownEventStoreServer ? undefined : process.env.EVENTSTORE_CONNECTION_STRING;
  const eventStoreServer = eventStore === 'eventstoredb' && !realServer ? await EventStoreDbTestServer.start() : undefined;
  const config: AppConfig = {
    databaseUrl: database.url,
    redisUrl: redisUrl(),
    eventStore,
    ...(eventStore === 'eventstoredb' ? { eventStoreConnectionString: realServer ?? eventStoreServer!.connectionString } : {}),
    http: { host: '127.0.0.1', port: 0 },
    smtp: { url: '', from: 'Casebook <casebook@test.invalid>' },
    projectionLagMaxEvents: 1000,
    projectionStallSeconds: 60,
    adminToken: `test-admin-${randomUUID()}`,
    // The page's address is known once the API listens; the reminders app is told it then.
    unsubscribe: { secret: `test-unsubscribe-${randomUUID()}`, publicUrl: 'http://127.0.0.1' },
    logLevel: 'warn',
    ...options.config,
  };
  const logs: LogSettings = options.logs
    ? { level: config.logLevel, format: 'json', destination: options.logs }
    : process.env.LOG_LEVEL
      ? logSettings({ logLevel: process.env.LOG_LEVEL as AppConfig['logLevel'] }, process.env)
      : { level: 'silent', format: 'json' };
  const apps: INestApplicationContext[] = [];
  const closeAll = async () => {
    for (const app of apps.reverse()) await app.close();
    await eventStoreServer?.close();
    await database.drop();
  };
  let baseUrl: string;
  let projector: INestApplicationContext | undefined;
  const startProjector = async () => {
    projector = await NestFactory.createApplicationContext(ProjectorModule.register(config, logs), quiet);
    apps.push(projector);
    await projector.init();
  };
  try {
    const api = await NestFactory.create<NestFastifyApplication>(ApiModule.register(config, logs), createFastifyAdapter(), {
      ...quiet,
      ...HTTP_APP_OPTIONS,
    });
    apps.push(api);
    const { now } = options;
    if (now) api.get(Clock, { strict: false }).now = now;
    await configureHttpApp(api);
    await api.listen(0, '127.0.0.1');
    baseUrl = (await api.getUrl()).replace('[::1]', '127.0.0.1');
    await startProjector();
  } catch (error) {
    await closeAll();
    throw error;
  }

  const harness: Harness = {
    config,
    eventStoreServer,
    database,
    baseUrl,
    async request(method, path, body, headers = {}) {
      const { authorization = `Bearer ${config.adminToken}`, ...rest } = headers;
      const response = await fetch(`${baseUrl}${path}`, {
        method,
        headers: {
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(authorization ? { authorization } : {}),
          ...rest,
        },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        // Not JSON; the raw text is the body.
      }
      return { status: response.status, headers: response.headers, body: parsed as any };
    },
    async account(role, studyIds = []) {
      const created = await harness.request('POST', '/api/v1/accounts', { displayName: `Test ${role}`, role });
      if (created.status !== 201) throw new Error(`Could not create an account: ${JSON.stringify(created.body)}`);
      for (const studyId of studyIds) {
        const granted = await harness.request('PUT', `/api/v1/accounts/${created.body.accountId}/studies/${studyId}`);
        if (granted.status !== 200) throw new Error(`Could not grant membership: ${JSON.stringify(granted.body)}`);
      }
      return { accountId: created.body.accountId, token: created.body.token, headers: { authorization: `Bearer ${created.body.token}` } };
    },
    async projected(write) {
      const position = parsePosition(write.body.position);
      if (!position) throw new Error(`No position in ${JSON.stringify(write.body)}`);
      await waitForProjection(database.url, position);
    },
    async stopProjector() {
      if (!projector) return;
      apps.splice(apps.indexOf(projector), 1);
      await projector.close();
      projector = undefined;
    },
    async startProjector() {
      if (!projector) await startProjector();
    },
    async startReminders(smtpUrl, reminderOptions = {}) {
      const prefix = reminderOptions.prefix ?? `test-${randomUUID()}`;
      const unsubscribe = config.unsubscribe && { ...config.unsubscribe, publicUrl: baseUrl };
      const reminders = await NestFactory.createApplicationContext(
        RemindersModule.register({ ...config, smtp: { ...config.smtp, url: smtpUrl }, ...(unsubscribe && { unsubscribe }) }, prefix, logs),
        quiet,
      );
      // The same clock as the API's, so "today" is one day for the record and for the schedule.
      const now = reminderOptions.now ?? options.now;
      if (now) reminders.get(Clock, { strict: false }).now = now;
      await reminders.init();
      apps.push(reminders);
      return prefix;
    },
    close: closeAll,
  };
  return harness;
}
