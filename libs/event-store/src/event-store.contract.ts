// The behaviour every EventStore adapter must show, written once and run against each
// adapter (see *.int-spec.ts beside the adapters).
import { randomUUID } from 'node:crypto';
import { EventStore, type EventToAppend, type RecordedEvent, WrongExpectedVersionError, comparePositions } from './event-store.port.js';

export interface ContractFixture {
  store: EventStore;
  /** Makes every append transaction linger for a random moment before it commits. */
  slowDownCommits?: () => Promise<void>;
  teardown(): Promise<void>;
}

const event = (type = 'SomethingHappened.v1', data: object = {}): EventToAppend => ({ id: randomUUID(), type, data });

async function collect(store: EventStore, from: Parameters<EventStore['subscribeToAll']>[0], count: number, prefix: string) {
  const seen: RecordedEvent[] = [];
  const subscription = store.subscribeToAll({ ...from, filter: { streamNamePrefixes: [prefix] } });
  for await (const batch of subscription) {
    seen.push(...batch);
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
      await store.appendToStream(stream, [0, 1, 2, 3].map((n) => event('N.v1', { n })));
      const backwards = await store.readStream(stream, { direction: 'backwards', maxCount: 2 });
      expect(backwards.map((e) => e.revision)).toEqual([3n, 2n]);
      const from = await store.readStream(stream, { fromRevision: 2n });
      expect(from.map((e) => e.revision)).toEqual([2n, 3n]);
    });

    it('reads $all forwards including the start position and backwards excluding it', async () => {
      const stream = `${prefix}f`;
      await store.appendToStream(stream, [0, 1, 2].map((n) => event('N.v1', { n })));
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
      await store.appendToStream(stream, [0, 1, 2].map((n) => event('N.v1', { n })));
      const [, second] = await store.readStream(stream);
      const seen = collect(store, { fromPosition: second.position }, 3, prefix);
      await store.appendToStream(stream, [3, 4].map((n) => event('N.v1', { n })));
      expect((await seen).map((e) => e.revision)).toEqual([2n, 3n, 4n]);
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
      for (let i = 1; i < events.length; i++) {
        expect(comparePositions(events[i - 1].position, events[i].position)).toBeLessThan(0);
      }
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
