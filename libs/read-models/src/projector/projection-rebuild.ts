// A projection rebuilt from the first event while its current tables keep serving. The events
// are projected into fresh tables (each table's name plus `__rebuild`, made `LIKE` the current
// one, indexes and all) under a checkpoint of their own, written in the same transaction as
// their rows, so a rebuild that is stopped or killed resumes where it stood. Once the fresh
// tables have caught up with the store, one transaction holds the live processor (by locking its
// checkpoint row), applies the events that arrived meanwhile, swaps the tables by renaming, drops
// the old ones and moves the live checkpoint to where the rebuild stands. A reader that runs
// into the swap waits for it (the renames take an exclusive lock for a few milliseconds) and
// then reads the new table: PostgreSQL looks a table's name up again once the lock is granted.
// The live processor, if one runs, finds its checkpoint moved and carries on from there.
import type { DataSource, EntityManager } from 'typeorm';
import { type EventStore, type Position, comparePositions, formatPosition } from '@casebook/event-store';
import { type ConsumerLogger, ORIGIN, SharedCatchUpReader } from '@casebook/event-processing';
import type { Projection } from '../projections/projection.js';
import { ProjectionProcessor } from './projection-processor.js';

export const REBUILD_TABLE_SUFFIX = '__rebuild';
const RETIRED_TABLE_SUFFIX = '__retired';

/** The checkpoint of a projection's rebuild in progress, beside the projection's own. */
export function rebuildCheckpointName(projection: string): string {
  return `${projection}:rebuild`;
}

export interface RebuildProgress {
  projection: string;
  /** Events applied to the fresh tables by this run. */
  events: number;
  /** How much of the store this run has read, from 0 to 1, judged by positions. */
  fraction: number;
  /** The events this run is expected to apply in all, from the rate at which positions pass. */
  estimatedTotal: number;
  /** When this run started. */
  startedAt: number;
  phase: 'building' | 'switching' | 'done';
}

export interface RebuildOutcome {
  projection: string;
  version: number;
  /** Where an interrupted rebuild was resumed from; absent when it started from the first event. */
  resumedFrom?: Position;
  /** Events applied by this run. */
  events: number;
  /** The live checkpoint after the switch. */
  position: Position;
  seconds: number;
}

export interface RebuildOptions {
  batchSize?: number;
  onProgress?: (progress: RebuildProgress) => void;
  /** Stops the rebuild between batches; it resumes from its checkpoint next time. */
  signal?: AbortSignal;
  /**
   * How long the switch waits for readers in the middle of a query before it gives up and tries
   * again: readers arriving meanwhile queue behind it, so a long wait would hold them all.
   */
  lockTimeoutMs?: number;
  switchAttempts?: number;
  logger?: ConsumerLogger;
}

export class RebuildAlreadyRunning extends Error {
  constructor(projection: string) {
    super(`a rebuild of ${projection} is already running against this database`);
  }
}

interface Table {
  schema: string;
  name: string;
}

const quoted = ({ schema, name }: Table, suffix = '') => `"${schema}"."${name}${suffix}"`;

export async function rebuildProjection(
  store: EventStore,
  dataSource: DataSource,
  projection: Projection,
  options: RebuildOptions = {},
): Promise<RebuildOutcome> {
  // Held on a connection of its own for as long as the rebuild runs: a second rebuild of the same
  // projection, from the CLI or another projector, is refused instead of racing this one.
  const lock = dataSource.createQueryRunner();
  await lock.connect();
  try {
    const answer = await lock.manager.query<{ locked: boolean }[]>(
      `SELECT pg_try_advisory_lock(hashtext('casebook.projection-rebuild'), hashtext($1)) AS locked`,
      [projection.name],
    );
    if (!answer[0].locked) throw new RebuildAlreadyRunning(projection.name);
    try {
      return await new Rebuild(store, dataSource, projection, options).run();
    } finally {
      await lock.query(`SELECT pg_advisory_unlock(hashtext('casebook.projection-rebuild'), hashtext($1))`, [projection.name]);
    }
  } finally {
    await lock.release();
  }
}

class Rebuild {
  private readonly tables: Table[];
  private readonly processor: ProjectionProcessor;
  private readonly read: SharedCatchUpReader['read'];
  private readonly batchSize: number;
  private readonly startedAt = Date.now();
  private events = 0;

  constructor(
    private readonly store: EventStore,
    private readonly dataSource: DataSource,
    private readonly projection: Projection,
    private readonly options: RebuildOptions,
  ) {
    this.tables = projection.tables.map((entity) => {
      const metadata = dataSource.getMetadata(entity);
      return { schema: metadata.schema ?? 'public', name: metadata.tableName };
    });
    this.processor = new ProjectionProcessor(store, dataSource, projection, {
      checkpointName: rebuildCheckpointName(projection.name),
      tableSuffix: REBUILD_TABLE_SUFFIX,
    });
    // No page held: the rebuild reads each page once, alone, and a page read again (the short
    // one at the head, when the switch reads on from it) must be read afresh.
    this.read = new SharedCatchUpReader(store, 0).read;
    this.batchSize = options.batchSize ?? 1000;
  }

  async run(): Promise<RebuildOutcome> {
    const resumedFrom = await this.prepare();
    const from = resumedFrom ?? ORIGIN;
    let checkpoint = from;
    this.report('building', from, checkpoint, await this.head());
    for (;;) {
      this.options.signal?.throwIfAborted();
      const page = await this.read(comparePositions(checkpoint, ORIGIN) === 0 ? 'start' : checkpoint, this.batchSize);
      if (page.length > 0) {
        checkpoint = await this.processor.applyBatch(page, checkpoint);
        this.events += page.length;
        this.report('building', from, checkpoint, await this.head());
      }
      if (page.length < this.batchSize) break;
    }
    this.options.signal?.throwIfAborted();
    // Fresh statistics before the tables serve, so that readers' plans fit what they hold.
    for (const table of this.tables) await this.dataSource.query(`ANALYZE ${quoted(table, REBUILD_TABLE_SUFFIX)}`);
    this.report('switching', from, checkpoint, await this.head());
    const position = await this.switchWithRetries();
    this.report('done', from, position, position);
    return {
      projection: this.projection.name,
      version: this.projection.version,
      ...(resumedFrom ? { resumedFrom } : {}),
      events: this.events,
      position,
      seconds: (Date.now() - this.startedAt) / 1000,
    };
  }

  /**
   * Makes the fresh tables and the rebuild's checkpoint, or finds them from an interrupted
   * rebuild of the same version and returns where it stood.
   */
  private async prepare(): Promise<Position | undefined> {
    const name = this.processor.checkpointName;
    return this.dataSource.transaction(async (manager) => {
      const rows: { version: number; commit: string; prepare: string }[] = await manager.query(
        `SELECT version, commit_position::text AS commit, prepare_position::text AS prepare
           FROM read_models.projection_checkpoints WHERE name = $1 FOR UPDATE`,
        [name],
      );
      const fresh: { present: boolean }[] = await manager.query(
        `SELECT to_regclass(fresh) IS NOT NULL AS present FROM unnest($1::text[]) AS fresh`,
        [this.tables.map((table) => quoted(table, REBUILD_TABLE_SUFFIX))],
      );
      const stood = rows[0];
      if (stood?.version === this.projection.version && fresh.every(({ present }) => present)) {
        const position = { commit: BigInt(stood.commit), prepare: BigInt(stood.prepare) };
        return comparePositions(position, ORIGIN) === 0 ? undefined : position;
      }
      for (const table of this.tables) {
        await manager.query(`DROP TABLE IF EXISTS ${quoted(table, REBUILD_TABLE_SUFFIX)}`);
        await manager.query(`CREATE TABLE ${quoted(table, REBUILD_TABLE_SUFFIX)} (LIKE ${quoted(table)} INCLUDING ALL)`);
      }
      await manager.query(
        `INSERT INTO read_models.projection_checkpoints (name, commit_position, prepare_position, updated_at, version)
         VALUES ($1, 0, 0, now(), $2)
         ON CONFLICT (name) DO UPDATE SET commit_position = 0, prepare_position = 0, updated_at = now(), version = $2,
           failed_at = NULL, failure_position = NULL, failure_event_type = NULL, failure_stream = NULL, failure_message = NULL`,
        [name, this.projection.version],
      );
      return undefined;
    });
  }

  private async switchWithRetries(): Promise<Position> {
    const attempts = this.options.switchAttempts ?? 10;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.dataSource.transaction((manager) => this.switchTables(manager));
      } catch (error) {
        // 55P03: a lock not granted within lock_timeout (a reader in a long query, or the live
        // processor in a long batch). Nothing changed; the next attempt starts over.
        if ((error as { code?: unknown }).code !== '55P03' || attempt >= attempts) throw error;
        this.options.logger?.warn(
          { projection: this.projection.name, attempt },
          `${this.projection.name}: the switch to the rebuilt tables waited too long for a lock; trying again`,
        );
        await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
      }
    }
  }

  private async switchTables(manager: EntityManager): Promise<Position> {
    await manager.query(`SET LOCAL lock_timeout = '${this.options.lockTimeoutMs ?? 2000}ms'`);
    // The live processor, if one runs, waits on this row from here to the commit, and then finds
    // its checkpoint moved to where the rebuild stands.
    const live: { commit: string; prepare: string }[] = await manager.query(
      `SELECT commit_position::text AS commit, prepare_position::text AS prepare
         FROM read_models.projection_checkpoints WHERE name = $1 FOR UPDATE`,
      [this.projection.name],
    );
    // The events that arrived since the last batch, applied inside this transaction.
    let position = await this.processor.readCheckpoint(manager, true);
    for (;;) {
      const page = await this.read(comparePositions(position, ORIGIN) === 0 ? 'start' : position, this.batchSize);
      if (page.length > 0) {
        await this.processor.applyWithin(manager, page);
        position = page[page.length - 1].position;
        this.events += page.length;
      }
      if (page.length < this.batchSize) break;
    }
    if (live[0]) {
      const liveAt = { commit: BigInt(live[0].commit), prepare: BigInt(live[0].prepare) };
      // Cannot happen while the store returns settled events only; if it did, swapping would
      // take back events the readers have already seen.
      if (comparePositions(liveAt, position) > 0) {
        throw new Error(`${this.projection.name} stands at ${formatPosition(liveAt)}, past its rebuild at ${formatPosition(position)}`);
      }
    }

    const indexes: { current: IndexShape[]; fresh: IndexShape[] }[] = [];
    for (const table of this.tables) {
      indexes.push({ current: await indexesOf(manager, table, ''), fresh: await indexesOf(manager, table, REBUILD_TABLE_SUFFIX) });
    }
    // Every current table locked before any is renamed, always in the projection's order.
    for (const table of this.tables) await manager.query(`LOCK TABLE ${quoted(table)} IN ACCESS EXCLUSIVE MODE`);
    for (const [at, table] of this.tables.entries()) {
      await manager.query(`ALTER TABLE ${quoted(table)} RENAME TO "${table.name}${RETIRED_TABLE_SUFFIX}"`);
      await manager.query(`ALTER TABLE ${quoted(table, REBUILD_TABLE_SUFFIX)} RENAME TO "${table.name}"`);
      await manager.query(`DROP TABLE ${quoted(table, RETIRED_TABLE_SUFFIX)}`);
      // The fresh indexes take the names of the ones they replace (a primary key's constraint
      // follows its index), so later migrations find them by the names they were created with.
      const { current, fresh } = indexes[at];
      const unclaimed = [...current];
      for (const index of fresh) {
        const at = unclaimed.findIndex((candidate) => candidate.shape === index.shape);
        if (at < 0) continue;
        const [replaced] = unclaimed.splice(at, 1);
        if (replaced.name !== index.name) {
          await manager.query(`ALTER INDEX "${table.schema}"."${escapeName(index.name)}" RENAME TO "${escapeName(replaced.name)}"`);
        }
      }
    }
    await manager.query(
      `INSERT INTO read_models.projection_checkpoints (name, commit_position, prepare_position, updated_at, version)
       VALUES ($1, $2, $3, now(), $4)
       ON CONFLICT (name) DO UPDATE SET commit_position = $2, prepare_position = $3, updated_at = now(), version = $4,
         failed_at = NULL, failure_position = NULL, failure_event_type = NULL, failure_stream = NULL, failure_message = NULL`,
      [this.projection.name, String(position.commit), String(position.prepare), this.projection.version],
    );
    await manager.query(`DELETE FROM read_models.projection_checkpoints WHERE name = $1`, [this.processor.checkpointName]);
    return position;
  }

  private async head(): Promise<Position | undefined> {
    const [last] = await this.store.readAll({ direction: 'backwards', fromPosition: 'end', maxCount: 1 });
    return last?.position;
  }

  private report(phase: RebuildProgress['phase'], from: Position, at: Position, head: Position | undefined): void {
    if (!this.options.onProgress) return;
    // Positions stand for the events between them well enough: on the PostgreSQL store they
    // count events, on EventStoreDB bytes of the log.
    const span = head ? Number(head.prepare - from.prepare) : 0;
    const done = Number(at.prepare - from.prepare);
    const fraction = phase === 'done' || span <= 0 ? 1 : Math.min(1, Math.max(0, done / span));
    const estimatedTotal = fraction > 0 ? Math.max(this.events, Math.round(this.events / fraction)) : this.events;
    this.options.onProgress({
      projection: this.projection.name,
      events: this.events,
      fraction,
      estimatedTotal: phase === 'done' ? this.events : estimatedTotal,
      startedAt: this.startedAt,
      phase,
    });
  }
}

interface IndexShape {
  name: string;
  /** The definition without the index's and the table's names: equal for an index and its copy. */
  shape: string;
}

async function indexesOf(manager: EntityManager, table: Table, suffix: string): Promise<IndexShape[]> {
  const rows: { name: string; definition: string }[] = await manager.query(
    `SELECT indexname AS name, indexdef AS definition FROM pg_indexes WHERE schemaname = $1 AND tablename = $2 ORDER BY indexname`,
    [table.schema, `${table.name}${suffix}`],
  );
  return rows.map(({ name, definition }) => ({
    name,
    shape: definition.replace(/^CREATE (UNIQUE )?INDEX (?:"(?:[^"]|"")*"|\S+) ON (?:ONLY )?\S+ /, '$1'),
  }));
}

const escapeName = (name: string) => name.replace(/"/g, '""');
