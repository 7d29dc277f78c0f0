// Follows the event store's `$all` from the stored checkpoint and applies every batch of
// events, with the checkpoint that covers it, in one database transaction. Stopped or killed
// at any point, it resumes from the last committed batch: nothing is applied twice and nothing
// is missed. The checkpoint row is locked and compared inside that transaction, so even two
// runners started by mistake cannot both apply the same batch.
import { DataSource, EntityManager } from 'typeorm';
import { fromStoredEvent } from '@casebook/domain';
import { AllSubscription, EventStore, Position, RecordedEvent, comparePositions } from '@casebook/event-store';
import type { Projection } from '../projections/projection.js';
import { applyRowChange } from './row-change-writer.js';

export interface RunnerLogger {
  log(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface ProjectionRunnerOptions {
  /** Checkpoint name; one per set of projections that move together. */
  checkpointName?: string;
  maxBatchSize?: number;
  /** Back-off between attempts after a failure (store or database away). */
  retryDelayMs?: { initial: number; max: number };
  logger?: RunnerLogger;
}

/** The checkpoint that stands for "nothing applied yet": below every real position. */
const ORIGIN: Position = { commit: 0n, prepare: 0n };

class CheckpointMoved extends Error {
  constructor(name: string) {
    super(`Checkpoint ${name} moved since this runner read it`);
  }
}

export class ProjectionRunner {
  private stopping = false;
  private loop?: Promise<void>;
  private subscription?: AllSubscription;
  private wakeFromBackoff?: () => void;
  private lastError?: string;

  readonly checkpointName: string;

  constructor(
    private readonly store: EventStore,
    private readonly dataSource: DataSource,
    private readonly projections: Projection[],
    private readonly options: ProjectionRunnerOptions = {},
  ) {
    this.checkpointName = options.checkpointName ?? 'read-models';
  }

  start(): void {
    if (this.loop) return;
    this.stopping = false;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.wakeFromBackoff?.();
    await this.subscription?.close();
    await this.loop;
    this.loop = undefined;
  }

  /** Why the runner is retrying, while it is. */
  get failure(): string | undefined {
    return this.lastError;
  }

  async readCheckpoint(manager: EntityManager = this.dataSource.manager): Promise<Position> {
    const rows: Array<{ commit: string; prepare: string }> = await manager.query(
      `SELECT commit_position::text AS commit, prepare_position::text AS prepare
         FROM read_models.projection_checkpoints WHERE name = $1`,
      [this.checkpointName],
    );
    return rows[0] ? { commit: BigInt(rows[0].commit), prepare: BigInt(rows[0].prepare) } : ORIGIN;
  }

  private async run(): Promise<void> {
    const retry = this.options.retryDelayMs ?? { initial: 200, max: 10_000 };
    let delay = retry.initial;
    while (!this.stopping) {
      try {
        await this.dataSource.query(
          `INSERT INTO read_models.projection_checkpoints (name, commit_position, prepare_position, updated_at)
           VALUES ($1, 0, 0, now()) ON CONFLICT (name) DO NOTHING`,
          [this.checkpointName],
        );
        let checkpoint = await this.readCheckpoint();
        this.subscription = this.store.subscribeToAll({
          fromPosition: comparePositions(checkpoint, ORIGIN) === 0 ? 'start' : checkpoint,
          maxBatchSize: this.options.maxBatchSize ?? 500,
        });
        for await (const batch of this.subscription) {
          checkpoint = await this.applyBatch(batch, checkpoint);
          delay = retry.initial;
          this.lastError = undefined;
          if (this.stopping) break;
        }
      } catch (error) {
        if (this.stopping) break;
        if (error instanceof CheckpointMoved) {
          this.options.logger?.warn(`Checkpoint ${this.checkpointName} moved under this runner; resuming from it`);
          continue;
        }
        this.lastError = error instanceof Error ? error.message : String(error);
        this.options.logger?.warn(`Projection paused (${this.lastError}); retrying in ${delay} ms`);
        await this.backoff(delay);
        delay = Math.min(delay * 2, retry.max);
      } finally {
        await this.subscription?.close().catch(() => undefined);
        this.subscription = undefined;
      }
    }
  }

  /** Applies one batch and moves the checkpoint past it, all or nothing. */
  async applyBatch(batch: RecordedEvent[], from: Position): Promise<Position> {
    const last = batch[batch.length - 1].position;
    await this.dataSource.transaction(async (manager) => {
      const locked: Array<{ commit: string; prepare: string }> = await manager.query(
        `SELECT commit_position::text AS commit, prepare_position::text AS prepare
           FROM read_models.projection_checkpoints WHERE name = $1 FOR UPDATE`,
        [this.checkpointName],
      );
      const stored = locked[0] ? { commit: BigInt(locked[0].commit), prepare: BigInt(locked[0].prepare) } : ORIGIN;
      if (comparePositions(stored, from) !== 0) throw new CheckpointMoved(this.checkpointName);
      for (const recorded of batch) {
        const event = fromStoredEvent(recorded.type, recorded.data);
        if (!event) continue;
        const projected = {
          event,
          streamName: recorded.streamName,
          revision: recorded.revision,
          position: recorded.position,
          recordedAt: recorded.created,
        };
        for (const projection of this.projections) {
          for (const change of projection.project(projected)) await applyRowChange(manager, change);
        }
      }
      await manager.query(
        `UPDATE read_models.projection_checkpoints
            SET commit_position = $2, prepare_position = $3, updated_at = now() WHERE name = $1`,
        [this.checkpointName, String(last.commit), String(last.prepare)],
      );
    });
    return last;
  }

  private backoff(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      const self = this;
      function done() {
        clearTimeout(timer);
        self.wakeFromBackoff = undefined;
        resolve();
      }
      this.wakeFromBackoff = done;
    });
  }
}
