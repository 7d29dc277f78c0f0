// The behaviour every EventStore adapter must show, written once and run against each
// adapter (see *.int-spec.ts beside the adapters).
import { randomUUID } from 'node:crypto';
import {
  EventStore,
  type EventToAppend,
  type Position,
  type RecordedEvent,
  WrongExpectedVersionError,
  comparePositions,
  formatPosition,
} from './event-store.port.js';

export interface ContractFixture {
  store: EventStore;
  /** Makes every append transaction linger for a random moment before it commits. */
  slowDownCommits?: () => Promise<void>;
  teardown(): Promise<void>;
}

const event = (type = 'SomethingHappened.v1', data: object = {}): EventToAppend => ({ id: randomUUID(), type, data });

/**
 * Resolves once a `$all` read shows the event at `position`. PostgreSQL's `$all` shows an event
 * only when every older transaction on the server has ended, and other databases on a shared
 * server have transactions too; EventStoreDB shows it at once.
 */
export async function untilReadable(store: EventStore, position: Position, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [first] = await store.readAll({ fromPosition: position, maxCount: 1 });
    if (first && comparePositions(first.position, position) === 0) return;
    if (Date.now() > deadline) throw new Error(`$all did not show ${formatPosition(position)} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Positions strictly rising (forwards) or falling (backwards), checked in one expectation. */
export function expectOrdered(events: RecordedEvent[], direction: 'forwards' | 'backwards'): void {
  const wrong = events.flatMap((event, i) => {
    if (i === 0) return [];
    const order = comparePositions(events[i - 1].position, event.position);
    return (direction === 'forwards' ? order < 0 : order > 0)
      ? []
      : [`${formatPosition(events[i - 1].position)} then ${formatPosition(event.position)}`];
  });
  expect(wrong).toEqual([]);
}

/**
 * How a long stream is written: one event alone, three large batches, then single events, so
 * its revisions span several transactions (and several digits).
 */
function piecesOf(total: number): number[] {
  if (total <= 3) return Array.from({ length: total }, () => 1);
  const batch = Math.ceil((total - 3) / 3);
  const pieces = [1];
  for (let left = total - 3; left > 0; left -= batch) pieces.push(Math.min(batch, left));
  return [...pieces, 1, 1];
}

const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);

async function collect(store: EventStore, from: Parameters<EventStore['subscribeToAll']>[0], count: number, prefix: string) {
  const seen: RecordedEvent[] = [];
  const subscription = store.subscribeToAll({ ...from, filter: { streamNamePrefixes: [prefix] } });
  for await (const { events } of subscription) {
    seen.push(...events);
    if (seen.length >= count) break;
  }
  await subscription.close();
  return seen;
}

export function describeEventStoreContract(adapter: string, setUp: () => Promise<ContractFixture>): void {
  describe(`EventStore contract: ${adapter}`, () => {
    let fixture: ContractFixture;
    let store: EventStore;
    // Each test writes to streams of its own prefix so that tests never see each other's events.
    let prefix: string;

    beforeAll(async () => {
      fixture = await setUp();
      store = fixture.store;
    });
    afterAll(() => fixture.teardown());
    beforeEach(() => {
      prefix = `t${randomUUID().slice(0, 8)}-`;
    });

    it('appends to a new stream from revision 0 and reads it back in order', async () => {
      const stream = `${prefix}a`;
      const result = await store.appendToStream(stream, [event('A.v1', { n: 1 }), event('B.v1', { n: 2 })], {
        expectedRevision: 'no_stream',
      });
      expect(result.nextExpectedRevision).toBe(1n);
      const read = await store.readStream(stream);
      expect(read.map((e) => [e.type, e.revision, e.data])).toEqual([
        ['A.v1', 0n, { n: 1 }],
        ['B.v1', 1n, { n: 2 }],
      ]);
      expect(read[1].position).toEqual(result.position);
    });

    it('reads a missing stream as empty', async () => {
      expect(await store.readStream(`${prefix}missing`)).toEqual([]);
    });

    it('appends at the exact expected revision and refuses a stale one with the actual revision', async () => {
      const stream = `${prefix}b`;
      await store.appendToStream(stream, [event()], { expectedRevision: 'no_stream' });
      await store.appendToStream(stream, [event()], { expectedRevision: 0n });
      const stale = store.appendToStream(stream, [event()], { expectedRevision: 0n });
      await expect(stale).rejects.toBeInstanceOf(WrongExpectedVersionError);
      await expect(stale).rejects.toMatchObject({ streamName: stream, expected: 0n, actual: 1n });
      expect(await store.readStream(stream)).toHaveLength(2);
    });

    it('honours no_stream, stream_exists and any', async () => {
      const stream = `${prefix}c`;
      await expect(store.appendToStream(stream, [event()], { expectedRevision: 'stream_exists' })).rejects.toMatchObject({
        actual: 'no_stream',
      });
      await store.appendToStream(stream, [event()], { expectedRevision: 'no_stream' });
      await expect(store.appendToStream(stream, [event()], { expectedRevision: 'no_stream' })).rejects.toBeInstanceOf(
        WrongExpectedVersionError,
      );
      await store.appendToStream(stream, [event()], { expectedRevision: 'stream_exists' });
      const last = await store.appendToStream(stream, [event()], { expectedRevision: 'any' });
      expect(last.nextExpectedRevision).toBe(2n);
    });

    it('treats a retried append of the same event ids as already done', async () => {
      const stream = `${prefix}d`;
      const events = [event(), event()];
      const first = await store.appendToStream(stream, events, { expectedRevision: 'no_stream' });
      const again = await store.appendToStream(stream, events, { expectedRevision: 'no_stream' });
      expect(again).toEqual(first);
      expect(await store.readStream(stream)).toHaveLength(2);
    });

    it('reads a stream backwards and from a revision', async () => {
      const stream = `${prefix}e`;
      await store.appendToStream(
        stream,
        [0, 1, 2, 3].map((n) => event('N.v1', { n })),
      );
      const backwards = await store.readStream(stream, { direction: 'backwards', maxCount: 2 });
      expect(backwards.map((e) => e.revision)).toEqual([3n, 2n]);
      const from = await store.readStream(stream, { fromRevision: 2n });
      expect(from.map((e) => e.revision)).toEqual([2n, 3n]);
    });

    it('reads $all forwards including the start position and backwards excluding it', async () => {
      const stream = `${prefix}f`;
      const { position } = await store.appendToStream(
        stream,
        [0, 1, 2].map((n) => event('N.v1', { n })),
      );
      await untilReadable(store, position);
      const mine = (events: RecordedEvent[]) => events.filter((e) => e.streamName === stream);
      const all = mine(await store.readAll({ maxCount: 100_000 }));
      expect(all.map((e) => e.revision)).toEqual([0n, 1n, 2n]);
      const forwards = mine(await store.readAll({ fromPosition: all[1].position }));
      expect(forwards.map((e) => e.revision)).toEqual([1n, 2n]);
      const backwards = mine(await store.readAll({ direction: 'backwards', fromPosition: all[1].position, maxCount: 100_000 }));
      expect(backwards.map((e) => e.revision)).toEqual([0n]);
    });

    it('subscribes from a checkpoint: only later events, then live ones', async () => {
      const stream = `${prefix}g`;
      await store.appendToStream(
        stream,
        [0, 1, 2].map((n) => event('N.v1', { n })),
      );
      const [, second] = await store.readStream(stream);
      const seen = collect(store, { fromPosition: second.position }, 3, prefix);
      await store.appendToStream(
        stream,
        [3, 4].map((n) => event('N.v1', { n })),
      );
      expect((await seen).map((e) => e.revision)).toEqual([2n, 3n, 4n]);
    });

    it('delivers only the event types asked for, and moves its checkpoints past the others without skipping one', async () => {
      // Wanted events among many others, in $all order across streams; some appended while live.
      const wanted = ['Wanted.v1', 'AlsoWanted.v2'];
      const written: { type: string; n: number }[] = [];
      const append = async (from: number, count: number) => {
        for (let n = from; n < from + count; n++) {
          const type = n % 7 === 0 ? 'Wanted.v1' : n % 11 === 0 ? 'AlsoWanted.v2' : n % 2 === 0 ? 'Wanted.v10' : 'Other.v1';
          written.push({ type, n });
          await store.appendToStream(`${prefix}${n % 3}`, [event(type, { n })]);
        }
      };
      await append(0, 60);
      const subscription = store.subscribeToAll({
        fromPosition: 'start',
        maxBatchSize: 5,
        filter: { streamNamePrefixes: [prefix], eventTypes: wanted },
      });
      const seen: RecordedEvent[] = [];
      const checkpoints: Position[] = [];
      let appendedLive = false;
      for await (const { events, checkpoint } of subscription) {
        seen.push(...events);
        checkpoints.push(checkpoint);
        // Each checkpoint stands at or past the events handed over with it.
        for (const delivered of events) expect(comparePositions(checkpoint, delivered.position)).toBeGreaterThanOrEqual(0);
        if (!appendedLive && seen.length >= 5) {
          appendedLive = true;
          await append(60, 40);
        }
        const expected = written.filter(({ type }) => wanted.includes(type)).length;
        if (appendedLive && seen.length >= expected) break;
        if (checkpoints.length > 500) throw new Error('too many batches');
      }
      await subscription.close();
      expect(seen.map((e) => (e.data as { n: number }).n)).toEqual(written.filter(({ type }) => wanted.includes(type)).map(({ n }) => n));
      expect(seen.every((e) => wanted.includes(e.type))).toBe(true);
      // Checkpoints never go back.
      for (let i = 1; i < checkpoints.length; i++) expect(comparePositions(checkpoints[i], checkpoints[i - 1])).toBeGreaterThanOrEqual(0);

      // A subscription resumed from any checkpoint misses nothing wanted after it.
      const all = await store.readAll({ fromPosition: 'start', maxCount: 100_000 });
      const mine = all.filter((e) => e.streamName.startsWith(prefix));
      const resumeFrom = checkpoints[Math.floor(checkpoints.length / 2)];
      const after = mine.filter((e) => comparePositions(e.position, resumeFrom) > 0 && wanted.includes(e.type));
      const resumed = store.subscribeToAll({ fromPosition: resumeFrom, filter: { streamNamePrefixes: [prefix], eventTypes: wanted } });
      const again: RecordedEvent[] = [];
      for await (const { events } of resumed) {
        again.push(...events);
        if (again.length >= after.length) break;
      }
      await resumed.close();
      expect(again.map((e) => e.id)).toEqual(after.map((e) => e.id));
    });

    it('moves the checkpoint of a filtered subscription to the head when nothing it asks for comes', async () => {
      const stream = `${prefix}quiet`;
      const subscription = store.subscribeToAll({
        fromPosition: 'start',
        filter: { streamNamePrefixes: [prefix], eventTypes: ['Never.v1'] },
      });
      const { position } = await store.appendToStream(
        stream,
        [0, 1, 2].map((n) => event('Other.v1', { n })),
      );
      let reached: Position | undefined;
      for await (const { events, checkpoint } of subscription) {
        expect(events).toEqual([]);
        reached = checkpoint;
        if (comparePositions(checkpoint, position) >= 0) break;
      }
      await subscription.close();
      expect(comparePositions(reached!, position)).toBeGreaterThanOrEqual(0);
    });

    it('reads forwards from the end and backwards from the start as EventStoreDB does', async () => {
      const stream = `${prefix}h`;
      const { position } = await store.appendToStream(
        stream,
        [0, 1, 2].map((n) => event('N.v1', { n })),
      );
      expect(await store.readStream(stream, { fromRevision: 'end' })).toEqual([]);
      expect((await store.readStream(stream, { direction: 'backwards', fromRevision: 'start' })).map((e) => e.revision)).toEqual([0n]);
      await untilReadable(store, position);
      expect(await store.readAll({ fromPosition: 'end' })).toEqual([]);
      expect(await store.readAll({ direction: 'backwards', fromPosition: 'start' })).toEqual([]);
    });

    it('reads from revisions beyond the signed 64-bit range', async () => {
      const stream = `${prefix}i`;
      await store.appendToStream(
        stream,
        [0, 1, 2].map((n) => event('N.v1', { n })),
      );
      const highest = 2n ** 64n - 1n;
      expect(await store.readStream(stream, { fromRevision: highest })).toEqual([]);
      expect(await store.readStream(stream, { fromRevision: 2n ** 63n })).toEqual([]);
      const backwards = await store.readStream(stream, { direction: 'backwards', fromRevision: highest, maxCount: 2 });
      expect(backwards.map((e) => e.revision)).toEqual([2n, 1n]);
    });

    // Streams long enough for revisions of one to four digits, written in pieces and
    // interleaved with each other in $all, read every way the port offers. Built once.
    describe('long streams', () => {
      const lengths = [1, 9, 10, 11, 101, 1001];
      let own: string;
      const streamOf = (length: number) => `${own}len${length}`;
      /** Every event written, in $all order. */
      const written: { stream: string; n: number }[] = [];
      const positionOf = new Map<string, Position>();
      const keyOf = (stream: string, n: number) => `${stream}#${n}`;
      const showStream = (events: RecordedEvent[]) => events.map((e) => `${e.revision}:${(e.data as { n: number }).n}`);
      const expectStream = (events: RecordedEvent[], revisions: number[]) => {
        expect(showStream(events)).toEqual(revisions.map((n) => `${n}:${n}`));
      };
      const showAll = (events: RecordedEvent[]) =>
        events
          .filter((e) => e.streamName.startsWith(own))
          .map((e) => `${e.streamName.slice(own.length)}@${e.revision}:${(e.data as { n: number }).n}`);
      const expectAll = (events: RecordedEvent[], expected: { stream: string; n: number }[]) => {
        expect(showAll(events)).toEqual(expected.map(({ stream, n }) => `${stream.slice(own.length)}@${n}:${n}`));
      };
      const descending = (from: number, count: number) => range(from - count + 1, count).reverse();

      beforeAll(async () => {
        own = `t${randomUUID().slice(0, 8)}-`;
        const pieces = new Map(lengths.map((length) => [length, piecesOf(length)]));
        const sizes = new Map(lengths.map((length) => [length, 0]));
        let last: Position | undefined;
        for (let round = 0; round < Math.max(...[...pieces.values()].map((p) => p.length)); round++) {
          for (const length of lengths) {
            const count = pieces.get(length)![round];
            if (count === undefined) continue;
            const stream = streamOf(length);
            const first = sizes.get(length)!;
            const result = await store.appendToStream(
              stream,
              range(first, count).map((n) => event('N.v1', { n })),
              {
                expectedRevision: first === 0 ? 'no_stream' : BigInt(first - 1),
              },
            );
            expect(result.nextExpectedRevision).toBe(BigInt(first + count - 1));
            written.push(...range(first, count).map((n) => ({ stream, n })));
            sizes.set(length, first + count);
            last = result.position;
          }
        }
        await untilReadable(store, last!);
        for (const length of lengths) {
          for (const e of await store.readStream(streamOf(length))) {
            positionOf.set(keyOf(e.streamName, (e.data as { n: number }).n), e.position);
          }
        }
      });

      // Past a hundred events, only the reads near a stream's ends (and whole reads):
      // they cross the same digit boundaries, and the suite stays quick.
      const worthReading = (size: number) => size <= 120;

      it('reads each stream whole, forwards and backwards, in revision order', async () => {
        for (const length of lengths) {
          expectStream(await store.readStream(streamOf(length)), range(0, length));
          expectStream(await store.readStream(streamOf(length), { direction: 'backwards' }), descending(length - 1, length));
          // Backwards without a revision is from `end`; said once more where it is cheap.
          if (worthReading(length)) {
            expectStream(
              await store.readStream(streamOf(length), { direction: 'backwards', fromRevision: 'end' }),
              descending(length - 1, length),
            );
          }
        }
      });

      const revisionsIn = (length: number) =>
        [...new Set([0, 1, 9, 10, 11, Math.floor(length / 2), length - 1, length, length + 1])].filter((r) => r >= 0);
      const countsFor = (length: number) =>
        [...new Set([1, 10, 11, length - 1, length, length + 1])].filter((c) => c >= 1 && (c <= 11 || worthReading(length)));

      it('reads each stream from a revision, forwards and backwards', async () => {
        for (const length of lengths) {
          for (const from of revisionsIn(length)) {
            const after = Math.max(0, length - from);
            if (worthReading(after)) {
              expectStream(await store.readStream(streamOf(length), { fromRevision: BigInt(from) }), range(from, after));
            }
            const top = Math.min(from, length - 1);
            if (worthReading(top + 1)) {
              const backwards = await store.readStream(streamOf(length), { direction: 'backwards', fromRevision: BigInt(from) });
              expectStream(backwards, descending(top, top + 1));
            }
          }
        }
      });

      it('reads each stream with a max count: from either end and from a revision, both ways', async () => {
        for (const length of lengths) {
          for (const count of countsFor(length)) {
            const take = Math.min(count, length);
            expectStream(await store.readStream(streamOf(length), { maxCount: count }), range(0, take));
            const fromEnd = await store.readStream(streamOf(length), { direction: 'backwards', fromRevision: 'end', maxCount: count });
            expectStream(fromEnd, descending(length - 1, take));
            if (!worthReading(take)) continue;
            for (const from of [1, 10, length - 1].filter((r) => r >= 0 && r < length)) {
              const forwards = await store.readStream(streamOf(length), { fromRevision: BigInt(from), maxCount: count });
              expectStream(forwards, range(from, Math.min(count, length - from)));
              const backwards = await store.readStream(streamOf(length), {
                direction: 'backwards',
                fromRevision: BigInt(from),
                maxCount: count,
              });
              expectStream(backwards, descending(from, Math.min(count, from + 1)));
            }
          }
        }
      });

      const startsIn = () =>
        [...new Set([0, 1, 2, 7, 12, 40, Math.floor(written.length / 2), written.length - 2, written.length - 1])].filter((i) => i >= 0);

      it('reads $all forwards from a position, including it, with and without a max count', async () => {
        for (const start of startsIn()) {
          const { stream, n } = written[start];
          const fromPosition = positionOf.get(keyOf(stream, n))!;
          for (const count of [undefined, 1, 10, 11, 100]) {
            if (!worthReading(Math.min(count ?? Infinity, written.length - start))) continue;
            const read = await store.readAll({ fromPosition, maxCount: count });
            expectAll(read, written.slice(start, count === undefined ? undefined : start + count));
            expectOrdered(read, 'forwards');
          }
        }
      });

      it('reads $all backwards from a position, excluding it, and from the end', async () => {
        for (const start of startsIn()) {
          const { stream, n } = written[start];
          const fromPosition = positionOf.get(keyOf(stream, n))!;
          for (const count of [undefined, 1, 10, 11, 100]) {
            // Backwards without a count runs on into the events of earlier tests.
            if (!worthReading(count ?? start + 100)) continue;
            const read = await store.readAll({ direction: 'backwards', fromPosition, maxCount: count ?? 100_000 });
            expectAll(read, written.slice(count === undefined ? 0 : Math.max(0, start - count), start).reverse());
            expectOrdered(read, 'backwards');
          }
        }
        for (const count of [1, 10, 11, 100, written.length]) {
          const read = await store.readAll({ direction: 'backwards', fromPosition: 'end', maxCount: count });
          expectAll(read, written.slice(-count).reverse());
          expectOrdered(read, 'backwards');
        }
      });

      it('gives each event the same position in its stream as in $all', async () => {
        const [{ stream, n }] = written;
        const all = await store.readAll({ fromPosition: positionOf.get(keyOf(stream, n))!, maxCount: written.length });
        expect(all.map((e) => formatPosition(e.position))).toEqual(
          written.map((w) => formatPosition(positionOf.get(keyOf(w.stream, w.n))!)),
        );
      });
    });

    it('delivers every event exactly once and in stream order under concurrent writers', async () => {
      await fixture.slowDownCommits?.();
      const streams = Array.from({ length: 12 }, (_, i) => `${prefix}s${i}`);
      const writers = 8;
      const appendsPerWriter = 40;
      const total = writers * appendsPerWriter * 2;
      const seen = collect(store, { fromPosition: 'start' }, total, prefix);
      await Promise.all(
        Array.from({ length: writers }, async (_, w) => {
          for (let i = 0; i < appendsPerWriter; i++) {
            const stream = streams[(w * 7 + i) % streams.length];
            await store.appendToStream(stream, [event('N.v1', { w, i, k: 0 }), event('N.v1', { w, i, k: 1 })]);
          }
        }),
      );
      const events = await seen;
      expect(events).toHaveLength(total);
      expect(new Set(events.map((e) => e.id)).size).toBe(total);
      expectOrdered(events, 'forwards');
      for (const stream of streams) {
        const revisions = events.filter((e) => e.streamName === stream).map((e) => Number(e.revision));
        expect(revisions).toEqual(revisions.map((_, i) => i));
      }
      // The writers really did commit out of allocation order, so the test met the trap.
      if (fixture.slowDownCommits) {
        const allocationOrder = events.map((e) => e.position.prepare);
        const inversions = allocationOrder.filter((p, i) => i > 0 && p < allocationOrder[i - 1]).length;
        expect(inversions).toBeGreaterThan(0);
      }
    });
  });
}
