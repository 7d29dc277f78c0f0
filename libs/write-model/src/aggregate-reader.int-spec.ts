import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { type MutualState, mutualStreamName, toStoredEvent } from '@casebook/domain';
import { EVENT_EXAMPLES } from '../../domain/src/event-examples.js';
import { PostgresEventStore, type ReadStreamOptions, type RecordedEvent } from '@casebook/event-store';
import { type TestDatabase, createTestDatabase } from '../../../test/support/test-database.js';
import { AggregateReader, fold } from './aggregate-reader.js';
import { Mutuals } from './aggregates.js';

/** The store as it is, counting how many events its stream reads hand back. */
class CountingStore extends PostgresEventStore {
  eventsRead = 0;
  override async readStream(streamName: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    const events = await super.readStream(streamName, options);
    this.eventsRead += events.length;
    return events;
  }
}

describe('AggregateReader', () => {
  let database: TestDatabase;
  let store: CountingStore;

  beforeAll(async () => {
    database = await createTestDatabase();
    store = new CountingStore({ connectionString: database.url, pollIntervalMs: 50 });
  });
  afterAll(async () => {
    await store.close();
    await database.drop();
  });

  const registered = (mutualId: string) => ({
    id: randomUUID(),
    ...toStoredEvent({ type: 'MutualRegistered', data: { ...EVENT_EXAMPLES.MutualRegistered, mutualId } }),
    metadata: { recordedBy: 'account-1', idempotencyKey: 'register' },
  });
  const award = (mutualId: string, n: number, idempotencyKey = `award-${n}`) => ({
    id: randomUUID(),
    ...toStoredEvent({ type: 'ContractAwarded', data: { ...EVENT_EXAMPLES.ContractAwarded, mutualId, milestoneId: randomUUID() } }),
    metadata: { recordedBy: 'account-1', idempotencyKey },
  });
  const append = (mutualId: string, events: ReturnType<typeof award>[]) => store.appendToStream(mutualStreamName(mutualId), events);
  const freshFold = async (mutualId: string): Promise<MutualState> => fold(Mutuals, await store.readStream(mutualStreamName(mutualId)));

  it('reads only the events after the revision it holds, so a long stream costs its new events alone', async () => {
    const mutualId = randomUUID();
    await append(mutualId, [registered(mutualId)]);
    for (let batch = 0; batch < 5; batch++) {
      await append(
        mutualId,
        Array.from({ length: 100 }, (_, i) => award(mutualId, batch * 100 + i)),
      );
    }
    const reader = new AggregateReader(store);
    await reader.read(Mutuals, mutualId);

    store.eventsRead = 0;
    for (let n = 0; n < 20; n++) {
      await append(mutualId, [award(mutualId, 1000 + n)]);
      const { version } = await reader.read(Mutuals, mutualId);
      expect(version).toBe(502 + n);
    }
    // Twenty reads, one new event each: not twenty reads of five hundred.
    expect(store.eventsRead).toBe(20);
    expect((await reader.read(Mutuals, mutualId)).state).toEqual(await freshFold(mutualId));
  });

  it('holds the same state, version, first event and earlier writes as a fresh fold, whoever appends in between', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.boolean()), { minLength: 1, maxLength: 12 }), async (steps) => {
        const mutualId = randomUUID();
        await append(mutualId, [registered(mutualId)]);
        const reader = new AggregateReader(store);
        let n = 0;
        for (const [appended, readNow] of steps) {
          // Another process's writes: this reader hears of them only by reading.
          if (appended > 0)
            await append(
              mutualId,
              Array.from({ length: appended }, () => award(mutualId, n++, `key-${n % 3}`)),
            );
          if (!readNow) continue;
          const cached = await reader.read(Mutuals, mutualId);
          const history = await store.readStream(mutualStreamName(mutualId));
          expect(cached.state).toEqual(fold(Mutuals, history));
          expect(cached.version).toBe(history.length);
          expect(cached.first?.id).toBe(history[0].id);
          for (const key of ['key-0', 'key-1', 'key-2', 'register']) {
            const expected = history.filter((event) => event.metadata.idempotencyKey === key).map((event) => event.id);
            expect(cached.writtenWith(key, 'account-1').map((event) => event.id)).toEqual(expected);
            expect(cached.writtenWith(key, 'account-2')).toEqual([]);
          }
        }
      }),
      { numRuns: 25 },
    );
  });

  it('answers a stream that does not exist as version 0, and counts it once it does', async () => {
    const mutualId = randomUUID();
    const reader = new AggregateReader(store);
    expect((await reader.read(Mutuals, mutualId)).version).toBe(0);
    await append(mutualId, [registered(mutualId)]);
    const { version, state } = await reader.read(Mutuals, mutualId);
    expect(version).toBe(1);
    expect(state.status).toBe('registered');
  });
});
