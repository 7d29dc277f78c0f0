// The test server is only worth having if the real client cannot tell it from EventStoreDB,
// so every case here goes through @eventstore/db-client over gRPC, never into the server.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import * as grpc from '@grpc/grpc-js';
import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  START,
  StreamNotFoundError,
  UnavailableError,
  WrongExpectedVersionError,
  excludeSystemEvents,
  jsonEvent,
  streamNameFilter,
} from '@eventstore/db-client';
import type {
  AllStreamResolvedEvent,
  AllStreamSubscription,
  AppendResult,
  Position,
  ResolvedEvent,
  StreamSubscription,
} from '@eventstore/db-client';
import { EventStoreDbTestServer, type EventStoreDbTestServerOptions } from './index.js';

type Entry = AllStreamResolvedEvent | ResolvedEvent | 'caughtUp';

/** Everything a subscription delivered, in order, with `caughtUp` where it was signalled. */
class Recorder {
  readonly timeline: Entry[] = [];
  readonly checkpoints: Position[] = [];
  readonly errors: Error[] = [];

  constructor(readonly subscription: AllStreamSubscription | StreamSubscription) {
    subscription.on('data', (event: ResolvedEvent) => this.timeline.push(event));
    subscription.on('caughtUp', () => this.timeline.push('caughtUp'));
    subscription.on('error', (error: Error) => this.errors.push(error));
  }

  get events(): ResolvedEvent[] {
    return this.timeline.filter((entry): entry is ResolvedEvent => entry !== 'caughtUp');
  }

  get eventIds(): string[] {
    return this.events.map((resolved) => resolved.event!.id);
  }

  get caughtUpAfter(): number {
    return this.timeline.indexOf('caughtUp');
  }
}

async function eventually<T>(probe: () => T | undefined | false, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function event(type: string, data: Record<string, unknown> = {}, metadata?: Record<string, unknown>) {
  return jsonEvent({ id: randomUUID(), type, data, ...(metadata ? { metadata } : {}) });
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

function compare(a: Position, b: Position): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  return a.prepare === b.prepare ? 0 : a.prepare < b.prepare ? -1 : 1;
}

const unique = (prefix: string) => `${prefix}-${randomUUID()}`;

const servers: EventStoreDbTestServer[] = [];
const clients: EventStoreDBClient[] = [];

async function startServer(options?: EventStoreDbTestServerOptions) {
  const server = await EventStoreDbTestServer.start(options);
  servers.push(server);
  return server;
}

function connect(server: EventStoreDbTestServer) {
  const client = EventStoreDBClient.connectionString(server.connectionString);
  clients.push(client);
  return client;
}

afterAll(async () => {
  for (const client of clients) await client.dispose();
  for (const server of servers) await server.close();
});

describe.each([
  { path: 'BatchAppend', options: {} },
  { path: 'Append', options: { features: false } },
])('appending through Streams/$path', ({ path, options }) => {
  let server: EventStoreDbTestServer;
  let client: EventStoreDBClient;

  beforeAll(async () => {
    server = await startServer(options);
    client = connect(server);
  });

  it('is the path the client takes', async () => {
    await client.appendToStream(unique('path'), event('PathChosen'));

    const calls = server.calls;
    if (path === 'BatchAppend') {
      expect(calls.getSupportedMethods).toBe(1);
      expect(calls.batchAppend).toBe(1);
      expect(calls.append).toBe(0);
    } else {
      expect(calls.batchAppend).toBe(0);
      expect(calls.append).toBe(1);
    }
  });

  it('numbers revisions from 0 and gives each write a later $all position', async () => {
    const stream = unique('numbering');
    const first = await client.appendToStream(stream, [event('A'), event('B')], { expectedRevision: 'no_stream' });
    const second = await client.appendToStream(stream, event('C'), { expectedRevision: 1n });

    expect(first.success).toBe(true);
    expect(first.nextExpectedRevision).toBe(1n);
    expect(second.nextExpectedRevision).toBe(2n);
    expect(compare(second.position!, first.position!)).toBe(1);
    // Byte offsets in a log that already holds system records: large and sparse.
    expect(first.position!.commit).toBeGreaterThan(2n ** 32n);
    expect(second.position!.prepare - first.position!.prepare).toBeGreaterThan(1n);
  });

  it('refuses no_stream for an existing stream and reports the current revision', async () => {
    const stream = unique('no-stream');
    await client.appendToStream(stream, [event('A'), event('B')], { expectedRevision: 'no_stream' });

    const error = await client.appendToStream(stream, event('C'), { expectedRevision: 'no_stream' }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(WrongExpectedVersionError);
    expect((error as WrongExpectedVersionError).actualVersion).toBe(1n);
    expect((error as WrongExpectedVersionError).expectedVersion).toBe('no_stream');
    expect((error as WrongExpectedVersionError).streamName).toBe(stream);
  });

  it('refuses stream_exists for a missing stream and accepts it once the stream exists', async () => {
    const stream = unique('stream-exists');

    const error = await client.appendToStream(stream, event('A'), { expectedRevision: 'stream_exists' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WrongExpectedVersionError);
    expect((error as WrongExpectedVersionError).actualVersion).toBe('no_stream');
    expect((error as WrongExpectedVersionError).expectedVersion).toBe('stream_exists');

    await client.appendToStream(stream, event('A'), { expectedRevision: 'any' });
    const result = await client.appendToStream(stream, event('B'), { expectedRevision: 'stream_exists' });
    expect(result.nextExpectedRevision).toBe(1n);
  });

  it('accepts the exact current revision and refuses a stale one', async () => {
    const stream = unique('exact');
    await client.appendToStream(stream, event('A'));
    await client.appendToStream(stream, event('B'), { expectedRevision: 0n });

    const error = await client.appendToStream(stream, event('C'), { expectedRevision: 0n }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WrongExpectedVersionError);
    expect((error as WrongExpectedVersionError).actualVersion).toBe(1n);
    expect((error as WrongExpectedVersionError).expectedVersion).toBe(0n);

    const missing = await client.appendToStream(unique('exact-missing'), event('A'), { expectedRevision: 0n }).catch((e: unknown) => e);
    expect((missing as WrongExpectedVersionError).actualVersion).toBe('no_stream');
  });

  it('answers a retried write with the original result instead of writing it twice', async () => {
    const stream = unique('idempotent');
    const events = [event('A'), event('B')];
    const before = server.eventCount;
    const first = await client.appendToStream(stream, events, { expectedRevision: 'no_stream' });
    const retried = await client.appendToStream(stream, events, { expectedRevision: 'no_stream' });
    const retriedWithAny = await client.appendToStream(stream, events, { expectedRevision: 'any' });

    expect(retried).toEqual(first);
    expect(retriedWithAny).toEqual(first);
    expect(server.eventCount).toBe(before + 2);
    const stored = await collect(client.readStream(stream));
    expect(stored.map((resolved) => resolved.event!.id)).toEqual(events.map((e) => e.id));
  });

  it('writes one append as one transaction, even when the client splits it into several requests', async () => {
    const stream = unique('split');
    const events = [0, 1, 2, 3, 4].map((n) => event('Chunk', { n, padding: 'x'.repeat(100) }));

    // BatchAppend sends a new request whenever the next event would exceed this many bytes.
    const result = await client.appendToStream(stream, events, { expectedRevision: 'no_stream', batchAppendSize: 300 });

    expect(result.nextExpectedRevision).toBe(4n);
    const stored = await collect(client.readStream(stream));
    expect(stored.map((resolved) => resolved.event!.id)).toEqual(events.map((e) => e.id));
    const positions = stored.map((resolved) => resolved.event!.position);
    expect(new Set(positions.map((position) => position!.commit)).size).toBe(1);
    expect(new Set(positions.map((position) => position!.prepare)).size).toBe(5);
    expect(positions[4]).toEqual(result.position);
  });

  it('stores only the events written: no system events appear in $all', async () => {
    const before = server.eventCount;
    const result = await client.appendToStream(unique('plain'), [event('A'), event('B'), event('C')]);

    expect(server.eventCount).toBe(before + 3);
    const tail = await collect(client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 3 }));
    expect(tail.map((resolved) => resolved.event!.type)).toEqual(['C', 'B', 'A']);
    expect(tail[0].event!.position).toEqual(result.position);
  });
});

describe('reading', () => {
  let server: EventStoreDbTestServer;
  let client: EventStoreDBClient;
  const stream = unique('read');
  const written = [0, 1, 2, 3, 4].map((n) => event(`Numbered${n}`, { n }, { causation: `cmd-${n}` }));
  let writes: AppendResult[];
  const writtenAt = Date.now();

  beforeAll(async () => {
    server = await startServer();
    client = connect(server);
    writes = [];
    for (const e of written) writes.push(await client.appendToStream(stream, e));
    await client.appendToStream(unique('other'), event('Elsewhere'));
  });

  const revisions = (events: ResolvedEvent[]) => events.map((resolved) => resolved.event!.revision);

  it('returns each event as written, with revision, position and created time', async () => {
    const [first] = await collect(client.readStream(stream, { maxCount: 1 }));

    expect(first.event).toMatchObject({
      streamId: stream,
      id: written[0].id,
      type: 'Numbered0',
      revision: 0n,
      data: { n: 0 },
      metadata: { causation: 'cmd-0' },
      isJson: true,
      position: writes[0].position,
    });
    expect(first.event!.created.getTime()).toBeGreaterThanOrEqual(writtenAt - 1_000);
    expect(first.event!.created.getTime()).toBeLessThanOrEqual(Date.now() + 1_000);
    expect(first.commitPosition).toBe(writes[0].position!.commit);
  });

  it('reads a stream forwards and backwards, from a revision, up to maxCount', async () => {
    expect(revisions(await collect(client.readStream(stream)))).toEqual([0n, 1n, 2n, 3n, 4n]);
    expect(revisions(await collect(client.readStream(stream, { direction: BACKWARDS, fromRevision: END })))).toEqual([4n, 3n, 2n, 1n, 0n]);
    expect(revisions(await collect(client.readStream(stream, { fromRevision: 2n, maxCount: 2 })))).toEqual([2n, 3n]);
    expect(revisions(await collect(client.readStream(stream, { direction: BACKWARDS, fromRevision: 2n })))).toEqual([2n, 1n, 0n]);
    expect(revisions(await collect(client.readStream(stream, { direction: FORWARDS, fromRevision: END })))).toEqual([]);
  });

  it('reports a missing stream as StreamNotFoundError', async () => {
    const missing = unique('missing');

    const error = await collect(client.readStream(missing)).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(StreamNotFoundError);
    expect((error as StreamNotFoundError).streamName).toBe(missing);
  });

  it('reads $all forwards including the given position and backwards excluding it', async () => {
    const from = writes[2].position!;

    const forwards = await collect(client.readAll({ fromPosition: from, maxCount: 2 }));
    const backwards = await collect(client.readAll({ direction: BACKWARDS, fromPosition: from, maxCount: 2 }));

    expect(forwards.map((resolved) => resolved.event!.id)).toEqual([written[2].id, written[3].id]);
    expect(backwards.map((resolved) => resolved.event!.id)).toEqual([written[1].id, written[0].id]);
  });

  it('reads the whole of $all in position order from either end', async () => {
    const forwards = await collect(client.readAll({ fromPosition: START }));
    const backwards = await collect(client.readAll({ direction: BACKWARDS, fromPosition: END }));

    expect(forwards).toHaveLength(6);
    expect(backwards.map((resolved) => resolved.event!.id)).toEqual(forwards.map((resolved) => resolved.event!.id).reverse());
    for (let i = 1; i < forwards.length; i++) {
      expect(compare(forwards[i].event!.position, forwards[i - 1].event!.position)).toBe(1);
    }
  });
});

describe('catch-up subscriptions', () => {
  let server: EventStoreDbTestServer;
  let client: EventStoreDBClient;

  beforeAll(async () => {
    server = await startServer();
    client = connect(server);
  });

  it('subscribes to $all from the start with a stream prefix filter: history, caughtUp, then live events', async () => {
    const prefix = unique('case');
    const history = [
      await client.appendToStream(`${prefix}-1`, event('Opened')),
      await client.appendToStream(unique('noise'), event('Noise')),
      await client.appendToStream(`${prefix}-2`, event('Opened')),
    ];
    const checkpoints: Position[] = [];
    const recorder = new Recorder(
      client.subscribeToAll({
        fromPosition: START,
        filter: streamNameFilter({
          prefixes: [prefix],
          maxSearchWindow: 1,
          checkpointReached: (_subscription, position) => {
            checkpoints.push(position);
          },
        }),
      }),
    );
    try {
      await eventually(() => recorder.caughtUpAfter >= 0, 'caughtUp');
      expect(recorder.timeline.slice(0, recorder.caughtUpAfter).map((e) => (e as ResolvedEvent).event!.streamId)).toEqual([
        `${prefix}-1`,
        `${prefix}-2`,
      ]);
      expect(recorder.events.map((resolved) => resolved.event!.position)).toEqual([history[0].position, history[2].position]);
      // With a window of 1 every scanned event, matching or not, is checkpointed.
      expect(checkpoints).toContainEqual(history[1].position);

      const live = await client.appendToStream(`${prefix}-3`, event('Opened'));
      await client.appendToStream(unique('noise'), event('Noise'));
      await eventually(() => recorder.events.length === 3, 'the live event');
      expect(recorder.events[2].event!.position).toEqual(live.position);
      expect(recorder.timeline.indexOf('caughtUp')).toBe(2);
      expect(recorder.errors).toEqual([]);
    } finally {
      await recorder.subscription.unsubscribe();
    }
  });

  it('subscribes to $all from a position, excluding the event at that position', async () => {
    const prefix = unique('from-position');
    const first = await client.appendToStream(`${prefix}-a`, event('First'));
    const second = await client.appendToStream(`${prefix}-a`, event('Second'));
    const recorder = new Recorder(
      client.subscribeToAll({ fromPosition: first.position!, filter: streamNameFilter({ prefixes: [prefix] }) }),
    );
    try {
      await eventually(() => recorder.caughtUpAfter >= 0, 'caughtUp');
      expect(recorder.events.map((resolved) => resolved.event!.position)).toEqual([second.position]);

      const third = await client.appendToStream(`${prefix}-b`, event('Third'));
      await eventually(() => recorder.events.length === 2, 'the live event');
      expect(recorder.events[1].event!.position).toEqual(third.position);
    } finally {
      await recorder.subscription.unsubscribe();
    }
  });

  it('sends checkpoints through a stretch of events the filter skips', async () => {
    const prefix = unique('quiet');
    const checkpoints: Position[] = [];
    const recorder = new Recorder(
      client.subscribeToAll({
        fromPosition: END,
        filter: streamNameFilter({
          prefixes: [prefix],
          maxSearchWindow: 2,
          checkpointInterval: 2,
          checkpointReached: (_subscription, position) => {
            checkpoints.push(position);
          },
        }),
      }),
    );
    try {
      await eventually(() => recorder.caughtUpAfter >= 0, 'caughtUp');
      const skipped: AppendResult[] = [];
      for (let i = 0; i < 8; i++) skipped.push(await client.appendToStream(unique('skipped'), event('Skipped')));

      // Window 2 × multiplier 2: a checkpoint after every fourth scanned event.
      await eventually(() => checkpoints.length >= 2, 'two checkpoints');
      expect(checkpoints.slice(0, 2)).toEqual([skipped[3].position, skipped[7].position]);
      expect(recorder.events).toEqual([]);
    } finally {
      await recorder.subscription.unsubscribe();
    }
  });

  it('subscribes to a stream from the start and after a revision', async () => {
    const stream = unique('stream-subscription');
    const written = [event('A'), event('B'), event('C')];
    await client.appendToStream(stream, written);
    await client.appendToStream(unique('other'), event('Other'));
    const fromStart = new Recorder(client.subscribeToStream(stream, { fromRevision: START }));
    const afterFirst = new Recorder(client.subscribeToStream(stream, { fromRevision: 0n }));
    try {
      await eventually(() => fromStart.caughtUpAfter >= 0 && afterFirst.caughtUpAfter >= 0, 'caughtUp');
      expect(fromStart.eventIds).toEqual(written.map((e) => e.id));
      expect(afterFirst.eventIds).toEqual([written[1].id, written[2].id]);

      const live = event('D');
      await client.appendToStream(stream, live, { expectedRevision: 2n });
      await eventually(() => fromStart.events.length === 4 && afterFirst.events.length === 3, 'the live event');
      expect(fromStart.events[3].event).toMatchObject({ id: live.id, revision: 3n });
      expect(afterFirst.events[2].event!.id).toBe(live.id);
    } finally {
      await fromStart.subscription.unsubscribe();
      await afterFirst.subscription.unsubscribe();
    }
  });

  it('waits for a stream that does not exist yet', async () => {
    const stream = unique('not-yet');
    const recorder = new Recorder(client.subscribeToStream(stream));
    try {
      await eventually(() => recorder.caughtUpAfter >= 0, 'caughtUp');
      expect(recorder.events).toEqual([]);
      const first = event('First');
      await client.appendToStream(stream, first, { expectedRevision: 'no_stream' });
      await eventually(() => recorder.events.length === 1, 'the first event');
      expect(recorder.eventIds).toEqual([first.id]);
      expect(recorder.errors).toEqual([]);
    } finally {
      await recorder.subscription.unsubscribe();
    }
  });

  it('leaves out system events with excludeSystemEvents()', async () => {
    const stream = unique('with-metadata');
    const marker = await client.appendToStream(stream, event('Marker'));
    // Stream metadata is a `$metadata` event in the `$$<stream>` system stream.
    await client.setStreamMetadata(stream, { maxCount: 10 });
    const regular = await client.appendToStream(stream, event('Regular'));

    const everything = await collect(client.readAll({ fromPosition: marker.position! }));
    expect(everything.map((resolved) => resolved.event!.type)).toEqual(['Marker', '$metadata', 'Regular']);
    expect(everything[1].event!.streamId).toBe(`$$${stream}`);

    const recorder = new Recorder(client.subscribeToAll({ fromPosition: marker.position!, filter: excludeSystemEvents() }));
    try {
      await eventually(() => recorder.caughtUpAfter >= 0, 'caughtUp');
      expect(recorder.events.map((resolved) => resolved.event!.position)).toEqual([regular.position]);
    } finally {
      await recorder.subscription.unsubscribe();
    }
  });

  it('stops sending when the client unsubscribes', async () => {
    // Earlier tests' subscriptions end asynchronously once they unsubscribe.
    await eventually(() => server.openReadCalls === 0, 'earlier subscriptions to end');
    const before = server.openReadCalls;
    const recorder = new Recorder(client.subscribeToAll({ fromPosition: END }));
    await eventually(() => recorder.caughtUpAfter >= 0, 'caughtUp');
    expect(server.openReadCalls).toBe(before + 1);

    await recorder.subscription.unsubscribe();

    await eventually(() => server.openReadCalls === before, 'the server to drop the subscription');
    await client.appendToStream(unique('after-unsubscribe'), event('Unseen'));
    expect(recorder.events).toEqual([]);
  });
});

describe('stop() and restart()', () => {
  it('drops subscriptions with UNAVAILABLE and comes back on the same port with the same data', async () => {
    const server = await startServer();
    const client = connect(server);
    const stream = unique('survivor');
    const before = await client.appendToStream(stream, event('BeforeStop'));
    const recorder = new Recorder(client.subscribeToStream(stream));
    await eventually(() => recorder.caughtUpAfter >= 0, 'caughtUp');
    const port = server.port;

    await server.stop();

    const dropped = await eventually(() => recorder.errors[0], 'the subscription to fail');
    expect(dropped).toBeInstanceOf(UnavailableError);
    const whileDown = await client.appendToStream(stream, event('WhileDown')).catch((e: unknown) => e);
    // The client's first call on a new connection asks for server features, and passes that
    // failure on as the raw gRPC error rather than an UnavailableError.
    expect((whileDown as { code?: number }).code).toBe(grpc.status.UNAVAILABLE);

    await server.restart();

    expect(server.port).toBe(port);
    const after = await client.appendToStream(stream, event('AfterRestart'), { expectedRevision: 0n });
    expect(after.nextExpectedRevision).toBe(1n);
    expect(compare(after.position!, before.position!)).toBe(1);
    const fresh = connect(server);
    const stored = await collect(fresh.readStream(stream));
    expect(stored.map((resolved) => resolved.event!.type)).toEqual(['BeforeStop', 'AfterRestart']);
  });
});
