import { randomUUID } from 'node:crypto';
import { type MilestoneEvent, type MutualCommand, mutualStreamName } from '@casebook/domain';
import { EVENT_EXAMPLES } from '../../domain/src/event-examples.js';
import {
  type AppendResult,
  type EventToAppend,
  type ExpectedRevision,
  PersonalDataProtectingEventStore,
  PostgresEventStore,
  type ReadStreamOptions,
  type RecordedEvent,
  SubjectKeyStore,
} from '@casebook/event-store';
import { type TestDatabase, createTestDatabase } from '../../../test/support/test-database.js';
import { AggregateReader } from './aggregate-reader.js';
import { Mutuals } from './aggregates.js';
import { DeciderRunner } from './decider-runner.js';
import { VersionConflict } from './version-conflict.error.js';

/** The store as it is, counting the round trips the write loop makes to it. */
class CountingStore extends PostgresEventStore {
  reads = 0;
  appends = 0;
  override readStream(streamName: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    this.reads += 1;
    return super.readStream(streamName, options);
  }
  override appendToStream(
    streamName: string,
    events: EventToAppend[],
    options?: { expectedRevision?: ExpectedRevision },
  ): Promise<AppendResult> {
    this.appends += 1;
    return super.appendToStream(streamName, events, options);
  }
}

describe('DeciderRunner', () => {
  let database: TestDatabase;
  let inner: CountingStore;
  let keys: SubjectKeyStore;
  let store: PersonalDataProtectingEventStore;

  beforeAll(async () => {
    database = await createTestDatabase();
    inner = new CountingStore({ connectionString: database.url, pollIntervalMs: 50 });
    keys = new SubjectKeyStore(database.url);
    store = new PersonalDataProtectingEventStore(inner, keys);
  });
  afterAll(async () => {
    await store.close();
    await database.drop();
  });

  /** A process of the API: its own folded streams, the shared store. */
  const process = () => {
    const reader = new AggregateReader(store);
    return new DeciderRunner(store, reader);
  };
  const request = (extra: { expectedVersion?: number } = {}) => ({
    correlationId: randomUUID(),
    causationId: randomUUID(),
    recordedBy: 'account-1',
    ...extra,
  });
  const now = '2026-12-04T10:00:00.000Z';
  const register = (mutualId: string): MutualCommand => {
    const { registeredAt: _registeredAt, ...data } = EVENT_EXAMPLES.MutualRegistered;
    return { type: 'RegisterMutual', data: { ...data, mutualId }, now };
  };
  const award = (mutualId: string, milestoneId = randomUUID()): MutualCommand => ({
    type: 'RecordMilestone',
    milestone: { type: 'ContractAwarded', data: { ...EVENT_EXAMPLES.ContractAwarded, mutualId, milestoneId } } as MilestoneEvent,
    now,
  });
  const retract = (mutualId: string, milestoneId: string): MutualCommand => ({
    type: 'RetractMilestone',
    data: { mutualId, milestoneId, reason: 'Recorded against the wrong mutual' },
    now,
  });
  const streamLength = async (mutualId: string) => (await inner.readStream(mutualStreamName(mutualId))).length;

  it('writes to a stream it already holds in one round trip, however long the stream', async () => {
    const mutualId = randomUUID();
    const runner = process();
    await runner.run(Mutuals, mutualId, register(mutualId), request());
    for (let n = 0; n < 300; n++) await runner.run(Mutuals, mutualId, award(mutualId), request());

    inner.reads = 0;
    inner.appends = 0;
    for (let n = 0; n < 100; n++) await runner.run(Mutuals, mutualId, award(mutualId), request());
    expect({ reads: inner.reads, appends: inner.appends }).toEqual({ reads: 0, appends: 100 });
    expect(await streamLength(mutualId)).toBe(401);
  });

  it("decides again on the record when another process wrote since, and loses neither process's write", async () => {
    const mutualId = randomUUID();
    const [one, other] = [process(), process()];
    await one.run(Mutuals, mutualId, register(mutualId), request());
    await one.run(Mutuals, mutualId, award(mutualId), request());
    const milestoneId = randomUUID();
    for (let n = 0; n < 5; n++) await other.run(Mutuals, mutualId, award(mutualId, n === 4 ? milestoneId : undefined), request());

    // `one` holds the stream at 2 events; it learns of the other's 5 from the failed append.
    const written = await one.run(Mutuals, mutualId, award(mutualId), request());
    expect(written.version).toBe(8);
    // A refusal on what `one` holds (it has never seen this milestone) is not the answer.
    const retracted = await one.run(Mutuals, mutualId, retract(mutualId, milestoneId), request());
    expect(retracted.events.map((event) => event.type)).toEqual(['MilestoneRetracted']);
    expect(await streamLength(mutualId)).toBe(9);
  });

  it("honours the client's If-Match against the record, not against a state held behind it", async () => {
    const mutualId = randomUUID();
    const [one, other] = [process(), process()];
    await one.run(Mutuals, mutualId, register(mutualId), request());
    await other.run(Mutuals, mutualId, award(mutualId), request());
    // The client read version 2 (from `other`); `one` still holds 1.
    const written = await one.run(Mutuals, mutualId, award(mutualId), request({ expectedVersion: 2 }));
    expect(written.version).toBe(3);
    // A version the record is past is still a conflict.
    await expect(one.run(Mutuals, mutualId, award(mutualId), request({ expectedVersion: 2 }))).rejects.toBeInstanceOf(VersionConflict);
    expect(await streamLength(mutualId)).toBe(3);
  });
});
