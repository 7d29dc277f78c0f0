import { randomUUID } from 'node:crypto';
import { type AddressInfo, type Server, type Socket, connect, createServer } from 'node:net';
import { Client } from 'pg';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/test-database.js';
import { type ContractFixture, describeEventStoreContract, untilReadable } from '../event-store.contract.js';
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

/**
 * Sits between the store and the server and notes every round trip a client makes: each simple
 * Query, and each Sync closing a run of extended-protocol messages, with the statements it ran.
 */
class RoundTripRecorder {
  readonly roundTrips: string[][] = [];
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();

  private constructor(target: URL) {
    this.server = createServer((client) => {
      const upstream = connect(Number(target.port), target.hostname);
      this.sockets.add(client).add(upstream);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
      client.on('error', () => undefined);
      upstream.on('error', () => undefined);
      upstream.pipe(client);
      const named = new Map<string, string>();
      let pending: string[] = [];
      let started = false;
      let buffered = Buffer.alloc(0);
      client.on('data', (chunk: Buffer) => {
        upstream.write(chunk);
        buffered = Buffer.concat([buffered, chunk]);
        for (;;) {
          // The startup message has no type byte; every later one has.
          const head = started ? 1 : 0;
          if (buffered.length < head + 4) return;
          const length = buffered.readInt32BE(head);
          if (buffered.length < head + length) return;
          const type = started ? String.fromCharCode(buffered[0]) : '';
          const body = buffered.subarray(head + 4, head + length);
          buffered = buffered.subarray(head + length);
          if (!started) {
            started = true;
            continue;
          }
          const strings = body.toString('utf8').split('\0');
          if (type === 'Q') this.roundTrips.push([strings[0]]);
          // Parse: statement name, text. Bind: portal, statement name.
          if (type === 'P') named.set(strings[0], strings[1]);
          if (type === 'B') pending.push(named.get(strings[1]) ?? '?');
          if (type === 'S') {
            this.roundTrips.push(pending);
            pending = [];
          }
        }
      });
    });
  }

  static async start(databaseUrl: string): Promise<{ recorder: RoundTripRecorder; url: string }> {
    const target = new URL(databaseUrl);
    const recorder = new RoundTripRecorder(target);
    await new Promise<void>((resolve) => recorder.server.listen(0, '127.0.0.1', resolve));
    const url = new URL(databaseUrl);
    url.hostname = '127.0.0.1';
    url.port = String((recorder.server.address() as AddressInfo).port);
    return { recorder, url: url.toString() };
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

describe('PostgreSQL event store', () => {
  let database: TestDatabase;
  const stores: PostgresEventStore[] = [];
  const storeAt = (url: string, options: { pollIntervalMs?: number } = {}) => {
    const store = new PostgresEventStore({ connectionString: url, ...options });
    stores.push(store);
    return store;
  };
  const event = (n: number) => ({ id: randomUUID(), type: 'N.v1', data: { n } });

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await Promise.all(stores.map((store) => store.close()));
    await database?.drop();
  });

  it('appends in one round trip, its notification sent apart from it', async () => {
    const { recorder, url } = await RoundTripRecorder.start(database.url);
    try {
      const store = storeAt(url);
      const stream = `one-trip-${randomUUID()}`;
      const notifying = (statements: string[]) => statements.some((sql) => /notify/i.test(sql));
      // The first append opens the connections (the pool's, and the one notices go on).
      await store.appendToStream(stream, [event(0)], { expectedRevision: 'no_stream' });
      await waitFor(() => recorder.roundTrips.some(notifying), 'notice');
      recorder.roundTrips.length = 0;
      await store.appendToStream(stream, [event(1), event(2)], { expectedRevision: 0n });
      expect(recorder.roundTrips.filter((statements) => !notifying(statements))).toHaveLength(1);
      // The notice follows on a round trip (so a transaction) of its own.
      await waitFor(() => recorder.roundTrips.some(notifying), 'notice');
      expect(recorder.roundTrips.filter(notifying)).toEqual([[expect.stringMatching(/^NOTIFY /)]]);
      expect(await store.readStream(stream)).toHaveLength(3);
    } finally {
      await recorder.close();
    }
  });

  it('tells listeners after the appends have committed, with fewer notices than appends', async () => {
    const store = storeAt(database.url);
    const listener = new Client({ connectionString: database.url });
    await listener.connect();
    try {
      let notices = 0;
      listener.on('notification', () => notices++);
      await listener.query('LISTEN event_store_appended');
      const appends = 60;
      await Promise.all(Array.from({ length: appends }, (_, n) => store.appendToStream(`burst-${n % 6}-${randomUUID()}`, [event(n)])));
      const before = notices;
      // Every append has resolved, so it has committed; the notice for the last is still to come.
      await waitFor(() => notices > before, 'a notice after the last append');
      expect(notices).toBeLessThan(appends);
    } finally {
      await listener.end();
    }
  });

  it('delivers events that came with no notice, by polling', async () => {
    const store = storeAt(database.url, { pollIntervalMs: 50 });
    const stream = `unannounced-${randomUUID()}`;
    const seen: string[] = [];
    const subscription = store.subscribeToAll({ fromPosition: 'start', filter: { streamNamePrefixes: [stream] } });
    const reading = (async () => {
      for await (const { events } of subscription) seen.push(...events.map((e) => e.streamName));
    })();
    // Written as another process's append would be, without the NOTIFY that follows it.
    const writer = new Client({ connectionString: database.url });
    await writer.connect();
    try {
      await writer.query(
        `SELECT * FROM event_store.append($1, 'no_stream', ARRAY[$2::uuid], ARRAY['N.v1'], ARRAY['{}'::jsonb], ARRAY['{}'::jsonb])`,
        [stream, randomUUID()],
      );
      await waitFor(() => seen.length === 1, 'the unannounced event');
    } finally {
      await writer.end();
      await subscription.close();
      await reading;
    }
    expect(seen).toEqual([stream]);
  });

  it('names a transaction that holds the subscribers back, and forgets it once it ends', async () => {
    const store = storeAt(database.url);
    const holder = new Client({ connectionString: database.url });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      // A transaction id, as any write would take; then idle, as a forgotten session would be.
      const {
        rows: [{ pid }],
      } = await holder.query<{ pid: number }>('SELECT pg_backend_pid() AS pid, pg_current_xact_id()');
      const { position } = await store.appendToStream(`held-${randomUUID()}`, [event(0)]);
      const held = await store.subscribersHeldBack();
      expect(held.eventsWaiting).toBeGreaterThanOrEqual(1);
      expect(held.transactions).toContainEqual(
        expect.objectContaining({ pid, database: new URL(database.url).pathname.slice(1), state: 'idle in transaction' }),
      );
      expect(await store.readAll({ fromPosition: position })).toEqual([]);
      // Named only once it has been open long enough.
      const opened = held.transactions.find((t) => t.pid === pid)!.seconds;
      expect((await store.subscribersHeldBack({ minimumSeconds: opened + 60 })).transactions.map((t) => t.pid)).not.toContain(pid);

      await holder.query('COMMIT');
      expect((await store.subscribersHeldBack()).transactions.map((t) => t.pid)).not.toContain(pid);
      await untilReadable(store, position);
    } finally {
      await holder.end();
    }
  });
});

async function waitFor(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`no ${what} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
