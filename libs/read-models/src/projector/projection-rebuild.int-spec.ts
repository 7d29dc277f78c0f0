// Rebuilding a projection while its tables serve: readers see no error and no row go missing
// while the fresh tables fill and are swapped in, the rebuilt tables equal a replay of the store
// into a second database, an interrupted rebuild resumes, and a projector started with a new
// version of a projection rebuilds it by itself while the old tables keep serving.
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import type { DataSource } from 'typeorm';
import { mutualStreamName, toStoredEvent } from '@casebook/domain';
import { type Position, PostgresEventStore, comparePositions } from '@casebook/event-store';
import { appendHistory, eventSequence } from '../../../../test/support/event-sequences.js';
import { readModelTables } from '../../../../test/support/read-model-tables.js';
import { type TestDatabase, createTestDatabase } from '../../../../test/support/test-database.js';
import { waitForProjection, waitUntil } from '../../../../test/support/wait-for.js';
import { createDataSource } from '../data-source.js';
import { MutualSummary } from '../entities/mutual-summary.entity.js';
import { TimelineEntry } from '../entities/timeline-entry.entity.js';
import { READ_MODEL_PROJECTIONS, mutualSummaryProjection, mutualTimelineProjection } from '../projections/index.js';
import type { Projection } from '../projections/projection.js';
import { type RebuildProgress, RebuildAlreadyRunning, rebuildCheckpointName, rebuildProjection } from './projection-rebuild.js';
import { Projector } from './projector.js';

describe('rebuilding a projection while its tables serve', () => {
  let live: TestDatabase;
  let replay: TestDatabase;
  let store: PostgresEventStore;
  let liveSource: DataSource;
  let replaySource: DataSource;
  let projector: Projector | undefined;
  let head: Position;

  beforeAll(async () => {
    live = await createTestDatabase();
    replay = await createTestDatabase();
    store = new PostgresEventStore({ connectionString: live.url, pollIntervalMs: 50, poolSize: 6 });
    liveSource = await createDataSource(live.url).initialize();
    replaySource = await createDataSource(replay.url).initialize();
    // A history of every event type, 6,000 events, some streams hundreds long.
    const [history] = fc.sample(eventSequence({ minLength: 6000, maxLength: 6000 }), { numRuns: 1, seed: 20261203 });
    head = await appendHistory(store, history);
    projector = new Projector(store, liveSource, READ_MODEL_PROJECTIONS);
    projector.start();
    await waitForProjection(live.url, head);
  });
  afterAll(async () => {
    await projector?.stop();
    await liveSource?.destroy();
    await replaySource?.destroy();
    await store?.close();
    await live?.drop();
    await replay?.drop();
  });

  /** Registers a mutual with a few milestones, as the API would, and returns the last position. */
  async function writeMutual(milestones: number): Promise<Position> {
    const mutualId = randomUUID();
    const events = [
      toStoredEvent({
        type: 'MutualRegistered',
        data: {
          mutualId,
          name: `Late mutual ${mutualId.slice(0, 6)}`,
          serviceAreas: ['culture-media-and-libraries'],
          registeredAt: new Date().toISOString(),
        },
      }),
      ...Array.from({ length: milestones }, (_, i) =>
        toStoredEvent({
          type: 'ContractAwarded',
          data: {
            mutualId,
            milestoneId: randomUUID(),
            occurredOn: `${2012 + i}`,
            commissioner: 'County Council',
            startsOn: `${2012 + i}`,
            endsOn: `${2015 + i}`,
          },
        }),
      ),
    ];
    let position!: Position;
    for (const event of events)
      position = (await store.appendToStream(mutualStreamName(mutualId), [{ id: randomUUID(), ...event }])).position;
    return position;
  }

  /** Keeps writing mutuals until told to stop; resolves with the last position written. */
  function keepWriting(): { stop(): Promise<Position | undefined> } {
    let stopping = false;
    let last: Position | undefined;
    const loop = (async () => {
      for (let i = 0; i < 2000 && !stopping; i++) {
        last = await writeMutual(1 + (i % 4));
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    })();
    return {
      async stop() {
        stopping = true;
        await loop;
        return last;
      },
    };
  }

  async function indexNames(table: string): Promise<string[]> {
    const rows: { indexname: string }[] = await liveSource.query(
      `SELECT indexname FROM pg_indexes WHERE schemaname = 'read_models' AND tablename = $1 ORDER BY indexname`,
      [table],
    );
    return rows.map((row) => row.indexname);
  }

  async function replayInto(position: Position): Promise<Record<string, unknown[]>> {
    await replaySource.query(`TRUNCATE read_models.projection_checkpoints`);
    for (const entity of replaySource.entityMetadatas) {
      if (entity.tableName !== 'projection_checkpoints') await replaySource.query(`TRUNCATE "${entity.schema}"."${entity.tableName}"`);
    }
    const replayer = new Projector(store, replaySource, READ_MODEL_PROJECTIONS);
    replayer.start();
    await waitForProjection(replay.url, position);
    await replayer.stop();
    return readModelTables(replaySource);
  }

  it('serves every row to readers, without an error, while the timeline is rebuilt and swapped in under writes', async () => {
    const indexesBefore = await indexNames('mutual_timeline');
    const seen = new Set<string>();
    const missing: string[] = [];
    const errors: unknown[] = [];
    const reads: { started: number; ended: number }[] = [];
    let reading = true;
    // Four readers reading the whole timeline the way the API's repositories do; a row seen by a
    // read that ended before another began must be seen by that one too (nothing written here
    // removes a row).
    const readers = Array.from({ length: 4 }, async () => {
      for (let i = 0; i < 100_000 && reading; i++) {
        const started = Date.now();
        const seenBefore = [...seen];
        try {
          const rows = await liveSource
            .getRepository(TimelineEntry)
            .find({ select: { milestoneId: true, mutualId: true }, order: { mutualId: 'ASC', sortKey: 'ASC' } });
          const ids = new Set(rows.map((row) => row.milestoneId));
          for (const id of seenBefore) if (!ids.has(id)) missing.push(id);
          for (const id of ids) seen.add(id);
        } catch (error) {
          errors.push(error);
        }
        reads.push({ started, ended: Date.now() });
      }
    });
    await waitUntil(() => seen.size > 0, { what: 'the first read' });
    const writer = keepWriting();
    const phases: Partial<Record<RebuildProgress['phase'], number>> = {};
    const outcome = await rebuildProjection(store, liveSource, mutualTimelineProjection, {
      batchSize: 250,
      onProgress: (progress) => (phases[progress.phase] ??= Date.now()),
    });
    const lastWritten = await writer.stop();
    // A few reads after the switch too.
    const readsAtSwitch = reads.length;
    await waitUntil(() => reads.length >= readsAtSwitch + 8, { what: 'reads after the switch' });
    reading = false;
    await Promise.all(readers);

    expect(errors).toEqual([]);
    expect(missing).toEqual([]);
    // The readers were reading while the rebuild ran and while it switched.
    expect(reads.filter((read) => read.ended > phases.building! && read.started < phases.done!).length).toBeGreaterThan(10);
    expect(reads.filter((read) => read.ended >= phases.switching! && read.started <= phases.done!).length).toBeGreaterThan(0);
    expect(outcome.events).toBeGreaterThanOrEqual(6000);
    expect(lastWritten).toBeDefined();

    // The live processor carried on from the switch onto the new table.
    await waitForProjection(live.url, lastWritten!);
    expect(await readModelTables(liveSource)).toEqual(await replayInto(lastWritten!));
    expect(await indexNames('mutual_timeline')).toEqual(indexesBefore);
    const leftovers: { relname: string }[] = await liveSource.query(
      `SELECT relname FROM pg_class WHERE relname LIKE '%\\_\\_rebuild%' OR relname LIKE '%\\_\\_retired%'`,
    );
    expect(leftovers).toEqual([]);
    const checkpoints: { name: string }[] = await liveSource.query(
      `SELECT name FROM read_models.projection_checkpoints WHERE name LIKE '%:rebuild'`,
    );
    expect(checkpoints).toEqual([]);
  });

  it("rebuilds each projection, the wave projection's two tables included, to what a replay builds", async () => {
    const position = await writeMutual(3);
    await waitForProjection(live.url, position);
    for (const projection of READ_MODEL_PROJECTIONS) {
      const outcome = await rebuildProjection(store, liveSource, projection);
      expect(comparePositions(outcome.position, position)).toBeGreaterThanOrEqual(0);
    }
    expect(await readModelTables(liveSource)).toEqual(await replayInto(position));
  });

  it('resumes a rebuild that was stopped part-way from where it stood, and refuses a second one at the same time', async () => {
    const controller = new AbortController();
    // Once the first is under way, a second rebuild of the same projection is refused; the first
    // is stopped only after that answer.
    let second: Promise<unknown> | undefined;
    let secondAnswered = false;
    const stopped = rebuildProjection(store, liveSource, mutualSummaryProjection, {
      batchSize: 200,
      signal: controller.signal,
      onProgress: ({ events }) => {
        second ??= rebuildProjection(store, liveSource, mutualSummaryProjection)
          .catch((error: unknown) => error)
          .finally(() => (secondAnswered = true));
        if (events >= 1000 && secondAnswered) controller.abort();
      },
    });
    await expect(stopped).rejects.toThrow(/abort/i);
    expect(await second).toBeInstanceOf(RebuildAlreadyRunning);

    const stood: { commit: string }[] = await liveSource.query(
      `SELECT commit_position::text AS commit FROM read_models.projection_checkpoints WHERE name = $1`,
      [rebuildCheckpointName('mutual-summary')],
    );
    expect(stood).toHaveLength(1);
    const resumed = await rebuildProjection(store, liveSource, mutualSummaryProjection);
    expect(resumed.resumedFrom).toBeDefined();
    expect(resumed.events).toBeLessThan(6000);
    const position = await writeMutual(1);
    await waitForProjection(live.url, position);
    expect(await readModelTables(liveSource)).toEqual(await replayInto(position));
  });

  it('rebuilds a projection whose version rose when the projector starts, serving the old rows until the new ones are in', async () => {
    await projector!.stop();
    // Version 2 of the summary writes names in capitals: told apart from version 1 at a glance.
    const shouting: Projection = {
      ...mutualSummaryProjection,
      version: 2,
      project: (event) =>
        mutualSummaryProjection
          .project(event)
          .map((change) =>
            change.op === 'upsert' && typeof change.row.name === 'string'
              ? { ...change, row: { ...change.row, name: change.row.name.toUpperCase() } }
              : change.op === 'update' && typeof change.set.name === 'string'
                ? { ...change, set: { ...change.set, name: change.set.name.toUpperCase() } }
                : change,
          ),
    };
    const before = await liveSource.getRepository(MutualSummary).find();
    expect(before.some((mutual) => mutual.name !== mutual.name.toUpperCase())).toBe(true);
    const lines: string[] = [];
    const logger = {
      info: (_: object, message: string) => lines.push(message),
      warn: (_: object, message: string) => lines.push(message),
      error: (_: object, message: string) => lines.push(message),
    };
    const upgraded = READ_MODEL_PROJECTIONS.map((projection) => (projection.name === shouting.name ? shouting : projection));
    projector = new Projector(store, liveSource, upgraded, { logger, rebuildReportMs: 0 });
    const writer = keepWriting();
    projector.start();
    // Until the switch, readers get version 1's rows.
    const version = async () => {
      const rows: { version: number }[] = await liveSource.query(
        `SELECT version FROM read_models.projection_checkpoints WHERE name = 'mutual-summary'`,
      );
      return rows[0].version;
    };
    const servedMeanwhile: string[] = [];
    while ((await version()) === 1) {
      const rows = await liveSource.getRepository(MutualSummary).find({ select: { name: true } });
      servedMeanwhile.push(...rows.map((row) => row.name));
      await new Promise((resolve) => setTimeout(resolve, 20));
      if (servedMeanwhile.length > 50_000_000) throw new Error('the rebuild never switched');
    }
    const lastWritten = (await writer.stop())!;
    await waitForProjection(live.url, lastWritten);

    expect(servedMeanwhile.length).toBeGreaterThan(0);
    const after = await liveSource.getRepository(MutualSummary).find();
    expect(after.length).toBeGreaterThan(before.length);
    expect(after.filter((mutual) => mutual.name !== mutual.name.toUpperCase())).toEqual([]);
    expect(lines.some((line) => line.includes('mutual-summary was built by version 1; rebuilding it at version 2'))).toBe(true);
    expect(lines.some((line) => line.includes('mutual-summary rebuilt at version 2'))).toBe(true);
    // The other projections were not rebuilt: their processors started at once.
    expect(lines.filter((line) => line.includes('rebuilding it'))).toHaveLength(1);
  });
});
