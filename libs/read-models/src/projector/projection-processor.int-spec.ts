import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { type DomainEvent, domainEventTypes, mutualStreamName, toStoredEvent } from '@casebook/domain';
import { type AppendResult, PostgresEventStore, formatPosition } from '@casebook/event-store';
import { type TestDatabase, createTestDatabase } from '../../../../test/support/test-database.js';
import { waitForProjection, waitUntil } from '../../../../test/support/wait-for.js';
import { createDataSource } from '../data-source.js';
import { MutualSummary } from '../entities/mutual-summary.entity.js';
import { TimelineEntry } from '../entities/timeline-entry.entity.js';
import { READ_MODEL_PROJECTIONS } from '../projections/index.js';
import type { Projection } from '../projections/projection.js';
import { ProjectionProcessor } from './projection-processor.js';
import { Projector } from './projector.js';

interface Written {
  mutualId: string;
  milestones: string[];
  events: number;
}

describe('projector: a processor per projection', () => {
  let database: TestDatabase;
  let store: PostgresEventStore;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase();
    store = new PostgresEventStore({ connectionString: database.url, pollIntervalMs: 50 });
    dataSource = await createDataSource(database.url).initialize();
  });
  afterAll(async () => {
    await dataSource.destroy();
    await store.close();
    await database.drop();
  });

  async function writeMutual(milestoneCount: number): Promise<{ written: Written; last: AppendResult }> {
    const mutualId = randomUUID();
    const events: DomainEvent[] = [
      {
        type: 'MutualRegistered',
        data: { mutualId, name: `Mutual ${mutualId.slice(0, 4)}`, serviceAreas: ['housing'], registeredAt: new Date().toISOString() },
      },
    ];
    const milestones: string[] = [];
    for (let i = 0; i < milestoneCount; i++) {
      const milestoneId = randomUUID();
      milestones.push(milestoneId);
      events.push({
        type: 'ContractAwarded',
        data: {
          mutualId,
          milestoneId,
          occurredOn: `${2010 + i}`,
          commissioner: 'Borough Council',
          startsOn: `${2010 + i}`,
          endsOn: `${2012 + i}`,
        },
      });
    }
    let last!: AppendResult;
    // One append per event, as the API does, so batches split mutuals at arbitrary points.
    for (const event of events) {
      const stored = toStoredEvent(event);
      last = await store.appendToStream(mutualStreamName(mutualId), [{ id: randomUUID(), ...stored }]);
    }
    return { written: { mutualId, milestones, events: events.length }, last };
  }

  async function expectReadModelsToMatch(written: Written[]) {
    for (const { mutualId, milestones, events } of written) {
      const summary = await dataSource.manager.findOneByOrFail(MutualSummary, { id: mutualId });
      expect({ id: summary.id, milestoneCount: summary.milestoneCount, version: summary.version }).toEqual({
        id: mutualId,
        milestoneCount: milestones.length,
        version: events,
      });
      const timeline = await dataSource.manager.find(TimelineEntry, { where: { mutualId }, order: { sortKey: 'ASC' } });
      expect(timeline.map((t) => t.milestoneId)).toEqual(milestones);
    }
  }

  it('survives being stopped and crashing at arbitrary points: nothing applied twice, nothing missed', async () => {
    const written: Written[] = [];
    let head!: AppendResult;
    for (let i = 0; i < 8; i++) {
      const { written: w, last } = await writeMutual(1 + (i % 4));
      written.push(w);
      head = last;
    }

    // A projection that fails once, part-way through a batch, like a process dying mid-write.
    let calls = 0;
    let crashes = 0;
    const failAt = new Set([7, 23, 41]);
    const crashing: Projection = {
      name: 'crash-injector',
      version: 1,
      tables: [],
      handles: domainEventTypes(),
      project() {
        calls += 1;
        if (failAt.has(calls)) crashes += 1;
        if (failAt.has(calls)) throw new Error(`simulated crash at event ${calls}`);
        return [];
      },
    };
    const runnerWith = (batch: number) =>
      new Projector(store, dataSource, [...READ_MODEL_PROJECTIONS, crashing], {
        maxBatchSize: batch,
        retryDelayMs: { initial: 5, max: 20 },
      });

    // Several short lives, each stopped at a different moment while writers keep writing.
    for (const batch of [3, 5, 2, 7]) {
      const runner = runnerWith(batch);
      runner.start();
      const { written: w, last } = await writeMutual(3);
      written.push(w);
      head = last;
      await new Promise((resolve) => setTimeout(resolve, 15 * batch));
      await runner.stop();
    }

    const finalRunner = runnerWith(4);
    finalRunner.start();
    await waitForProjection(database.url, head.position, finalRunner.checkpointNames);
    await finalRunner.stop();

    expect(crashes).toBe(failAt.size);
    await expectReadModelsToMatch(written);
  });

  it('refuses to apply a batch when another processor has moved the checkpoint', async () => {
    const { written, last } = await writeMutual(2);
    const runner = new Projector(store, dataSource, READ_MODEL_PROJECTIONS, {});
    runner.start();
    await waitForProjection(database.url, last.position);
    await runner.stop();
    const summaries = runner.processors.find((processor) => processor.projection === READ_MODEL_PROJECTIONS[0])!;
    const checkpoint = await summaries.readCheckpoint();

    // A second processor that believes it starts from an older checkpoint must not re-apply.
    const stale = new ProjectionProcessor(store, dataSource, READ_MODEL_PROJECTIONS[0], {});
    const events = await store.readAll({ maxCount: 100_000 });
    await expect(stale.applyBatch(events.slice(-3), { commit: 0n, prepare: 0n })).rejects.toThrow(/moved/);
    expect(await stale.readCheckpoint()).toEqual(checkpoint);
    await expectReadModelsToMatch([written]);
  });

  it('stops only the projection that fails on an event: the events before it are kept, the others reach the head, and it resumes from that event once fixed', async () => {
    const before = await writeMutual(3);
    const poisoned = await writeMutual(2);
    const after = await writeMutual(4);
    const events = await store.readAll({ maxCount: 100_000 });
    const poison = events.find((event) => event.streamName === mutualStreamName(poisoned.written.mutualId))!;
    const justBefore = events[events.indexOf(poison) - 1];

    // A projection with a bug that the first registration of `poisoned` trips, until fixed.
    let fixed = false;
    const seenAfterTheFix: string[] = [];
    const fragile: Projection = {
      name: 'fragile',
      version: 1,
      tables: [],
      handles: domainEventTypes(),
      project({ event, eventId }) {
        if (event.type === 'MutualRegistered' && event.data.mutualId === poisoned.written.mutualId && !fixed) {
          throw new Error('the fragile projection cannot read this registration');
        }
        if (fixed) seenAfterTheFix.push(eventId);
        return [];
      },
    };
    const projector = new Projector(store, dataSource, [...READ_MODEL_PROJECTIONS, fragile], {
      maxBatchSize: 10_000,
      retryDelayMs: { initial: 20, max: 50 },
    });
    projector.start();
    try {
      const others = projector.checkpointNames.filter((name) => name !== 'fragile');
      await waitForProjection(database.url, after.last.position, others);
      await expectReadModelsToMatch([before.written, poisoned.written, after.written]);

      const stuck = await waitUntil(
        async () => {
          const rows: { failure_position: string | null; failure_event_type: string; failure_stream: string; failure_message: string }[] =
            await dataSource.query(
              `SELECT failure_position, failure_event_type, failure_stream, failure_message FROM read_models.projection_checkpoints WHERE name = 'fragile'`,
            );
          return rows[0]?.failure_position ? rows[0] : undefined;
        },
        { what: 'the fragile projection to record its failure' },
      );
      expect(stuck).toEqual({
        failure_position: formatPosition(poison.position),
        failure_event_type: poison.type,
        failure_stream: poison.streamName,
        failure_message: 'the fragile projection cannot read this registration',
      });
      const fragileProcessor = projector.processors.find((processor) => processor.checkpointName === 'fragile')!;
      expect(await fragileProcessor.readCheckpoint()).toEqual(justBefore.position);
      expect(fragileProcessor.failure).toContain('cannot read this registration');

      fixed = true;
      await waitForProjection(database.url, after.last.position, 'fragile');
      // Resumed from the failing event itself: it and everything after it once, nothing before it.
      const fromThePoison = events.slice(events.indexOf(poison)).map((event) => event.id);
      expect(seenAfterTheFix.slice(0, fromThePoison.length)).toEqual(fromThePoison);
      const cleared: { failed_at: Date | null }[] = await dataSource.query(
        `SELECT failed_at FROM read_models.projection_checkpoints WHERE name = 'fragile'`,
      );
      expect(cleared[0].failed_at).toBeNull();
    } finally {
      await projector.stop();
    }
  });

  it('catches up all projections from one reading of the backlog, not one reading each', async () => {
    const fresh = await createTestDatabase();
    const freshStore = new PostgresEventStore({ connectionString: fresh.url, pollIntervalMs: 50 });
    const freshSource = await createDataSource(fresh.url).initialize();
    try {
      const written: Written[] = [];
      let head!: AppendResult;
      for (let i = 0; i < 6; i++) {
        const mutualId = randomUUID();
        const events: DomainEvent[] = [
          {
            type: 'MutualRegistered',
            data: { mutualId, name: `Mutual ${i}`, serviceAreas: ['housing'], registeredAt: new Date().toISOString() },
          },
        ];
        const milestones = Array.from({ length: 399 }, () => randomUUID());
        milestones.forEach((milestoneId, n) =>
          events.push({
            type: 'ContractAwarded',
            data: { mutualId, milestoneId, occurredOn: `${2000 + (n % 25)}`, commissioner: 'Council', startsOn: '2000', endsOn: '2030' },
          }),
        );
        head = await freshStore.appendToStream(
          mutualStreamName(mutualId),
          events.map((event) => ({ id: randomUUID(), ...toStoredEvent(event) })),
        );
        written.push({ mutualId, milestones, events: events.length });
      }
      // The store as the processors see it, counting what is read from it for them.
      let eventsRead = 0;
      const counting = Object.create(freshStore, {
        readAll: {
          value: async (options: Parameters<PostgresEventStore['readAll']>[0]) => {
            const read = await freshStore.readAll(options);
            eventsRead += read.length;
            return read;
          },
        },
      }) as PostgresEventStore;
      const projector = new Projector(counting, freshSource, READ_MODEL_PROJECTIONS, { maxBatchSize: 300 });
      projector.start();
      await waitForProjection(fresh.url, head.position);
      await projector.stop();

      const stored = 6 * 400;
      // Eleven projections, one reading (and a page or two read again by a processor that fell
      // a page behind, or at the tail): far from eleven readings.
      expect(eventsRead).toBeGreaterThanOrEqual(stored);
      expect(eventsRead).toBeLessThan(stored * 3);
      for (const { mutualId, milestones, events } of written) {
        const summary = await freshSource.manager.findOneByOrFail(MutualSummary, { id: mutualId });
        expect([summary.milestoneCount, summary.version]).toEqual([milestones.length, events]);
        const timeline = await freshSource.manager.count(TimelineEntry, { where: { mutualId } });
        expect(timeline).toBe(milestones.length);
      }
    } finally {
      await freshSource.destroy();
      await freshStore.close();
      await fresh.drop();
    }
  });
});
