// The built projector app killed with SIGKILL at random moments while it catches up with a
// backlog (a history of every event type, streams of hundreds of events), ten times, then left
// to finish: its read models equal a full replay of the store into a second database. Nothing is
// applied twice and nothing is missed, whatever batch each processor was in when it died.
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import type { DataSource } from 'typeorm';
import { type Position, PostgresEventStore, comparePositions } from '@casebook/event-store';
import { Projector, READ_MODEL_PROJECTIONS, createDataSource } from '@casebook/read-models';
import { appendHistory, eventSequence } from './support/event-sequences.js';
import { readModelTables } from './support/read-model-tables.js';
import { redisUrl, type TestDatabase, createTestDatabase } from './support/test-database.js';
import { waitForProjection, waitUntil } from './support/wait-for.js';

const projectorMain = fileURLToPath(new URL('../dist/apps/projector/src/main.js', import.meta.url));
const KILLS = 10;

describe('the projector killed during catch-up', () => {
  let live: TestDatabase;
  let replay: TestDatabase;
  let store: PostgresEventStore;
  let liveSource: DataSource;
  let replaySource: DataSource;
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    live = await createTestDatabase();
    replay = await createTestDatabase();
    store = new PostgresEventStore({ connectionString: live.url, poolSize: 8 });
    liveSource = await createDataSource(live.url).initialize();
    replaySource = await createDataSource(replay.url).initialize();
  });
  afterAll(async () => {
    child?.kill('SIGKILL');
    await liveSource?.destroy();
    await replaySource?.destroy();
    await store?.close();
    await live?.drop();
    await replay?.drop();
  });

  const startProjector = () =>
    spawn(process.execPath, [projectorMain], {
      env: { ...process.env, DATABASE_URL: live.url, REDIS_URL: redisUrl(), EVENT_STORE: 'postgres', LOG_LEVEL: 'error', HEALTH_PORT: '' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  const exited = (process: ChildProcess) =>
    new Promise<void>((resolve) => (process.exitCode !== null ? resolve() : process.once('exit', () => resolve())));

  async function slowestCheckpoint(): Promise<Position | undefined> {
    const rows: { commit: string; prepare: string }[] = await liveSource.query(
      `SELECT commit_position::text AS commit, prepare_position::text AS prepare FROM read_models.projection_checkpoints
        WHERE name = ANY($1::text[]) ORDER BY commit_position, prepare_position LIMIT 1`,
      [READ_MODEL_PROJECTIONS.map((p) => p.name)],
    );
    const count: { n: number }[] = await liveSource.query(
      `SELECT count(*)::int AS n FROM read_models.projection_checkpoints WHERE name = ANY($1::text[])`,
      [READ_MODEL_PROJECTIONS.map((p) => p.name)],
    );
    if (count[0].n < READ_MODEL_PROJECTIONS.length || !rows[0]) return undefined;
    return { commit: BigInt(rows[0].commit), prepare: BigInt(rows[0].prepare) };
  }

  it('ends, after ten kills at random points, with read models equal to a full replay', async () => {
    // A backlog of 60,000 events over a few dozen streams.
    const [history] = fc.sample(eventSequence({ minLength: 60_000, maxLength: 60_000 }), { numRuns: 1, seed: 20261202 });
    const head = await appendHistory(store, history);
    const streamLengths = new Map<string, number>();
    for (const { streamName } of history) streamLengths.set(streamName, (streamLengths.get(streamName) ?? 0) + 1);
    expect(Math.max(...streamLengths.values())).toBeGreaterThanOrEqual(200);

    const random = fc.sample(fc.integer({ min: 0, max: 150 }), { numRuns: KILLS, seed: 7 });
    const killedAt: Position[] = [];
    for (let kill = 0; kill < KILLS; kill++) {
      const before = await slowestCheckpoint();
      child = startProjector();
      // Killed a random moment after this life has applied something, so that it dies mid-catch-up.
      await waitUntil(
        async () => {
          const now = await slowestCheckpoint();
          return now !== undefined && (before === undefined || comparePositions(now, before) > 0);
        },
        { timeoutMs: 30_000, intervalMs: 20, what: `life ${kill + 1} of the projector to apply a batch` },
      );
      await new Promise((resolve) => setTimeout(resolve, random[kill]));
      child.kill('SIGKILL');
      await exited(child);
      killedAt.push((await slowestCheckpoint())!);
    }
    // Every kill came before the head: they all fell during the catch-up.
    expect(killedAt.filter((position) => comparePositions(position, head) < 0)).toHaveLength(KILLS);

    child = startProjector();
    await waitForProjection(live.url, head);
    child.kill('SIGTERM');
    await exited(child);
    child = undefined;

    const projector = new Projector(store, replaySource, READ_MODEL_PROJECTIONS);
    projector.start();
    await waitForProjection(replay.url, head);
    await projector.stop();

    const replayed = await readModelTables(replaySource);
    expect(await readModelTables(liveSource)).toEqual(replayed);
    expect(Object.values(replayed).reduce((sum, rows) => sum + rows.length, 0)).toBeGreaterThan(100);
  });
});
