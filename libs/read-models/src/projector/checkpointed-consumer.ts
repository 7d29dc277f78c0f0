// The loop shared by everything that follows the event store's `$all`: read the stored
// checkpoint, subscribe after it, hand each batch to `handle`, and when the store or the
// database goes away, back off and start again from the checkpoint. What `handle` does with a
// batch, and how it stores the checkpoint, is the subclass's business.
import type { DataSource, EntityManager } from 'typeorm';
import { type AllSubscription, EventStore, type Position, type RecordedEvent, comparePositions, formatPosition } from '@casebook/event-store';

export interface ConsumerLogger {
  log(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface ConsumerOptions {
  /** Checkpoint name; one per consumer. */
  checkpointName: string;
  maxBatchSize?: number;
  /** Back-off between attempts after a failure (store or database away). */
  retryDelayMs?: { initial: number; max: number };
  logger?: ConsumerLogger;
}

/** The checkpoint that stands for "nothing handled yet": below every real position. */
export const ORIGIN: Position = { commit: 0n, prepare: 0n };

export abstract class CheckpointedConsumer {
  private stopping = false;
  private loop?: Promise<void>;
  private subscription?: AllSubscription;
  private wakeFromBackoff?: () => void;
  private lastError?: string;

  constructor(
    protected readonly store: EventStore,
    protected readonly dataSource: DataSource,
    protected readonly options: ConsumerOptions,
  ) {}

  get checkpointName(): string {
    return this.options.checkpointName;
  }

  /** Why the consumer is retrying, while it is. */
  get failure(): string | undefined {
    return this.lastError;
  }

  /** Handles one batch that follows `from` and returns the checkpoint now stored. */
  protected abstract handle(batch: RecordedEvent[], from: Position): Promise<Position>;

  start(): void {
    if (this.loop) return;
    this.stopping = false;
    this.loop = this.run();
  }

  /**
   * Stops after the batch in hand. A batch stuck on a server that has gone away is abandoned
   * after `graceMs`: its checkpoint was not written, so the next start handles it again.
   */
  async stop(graceMs = 10_000): Promise<void> {
    this.stopping = true;
    this.wakeFromBackoff?.();
    await this.subscription?.close();
    let timer: NodeJS.Timeout | undefined;
    const abandoned = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        this.options.logger?.warn(`${this.checkpointName} did not finish its batch within ${graceMs} ms; leaving it to the next start`);
        resolve();
      }, graceMs);
      timer.unref();
    });
    await Promise.race([this.loop, abandoned]);
    clearTimeout(timer);
    this.loop = undefined;
  }

  async readCheckpoint(manager: EntityManager = this.dataSource.manager, lock = false): Promise<Position> {
    const rows: Array<{ commit: string; prepare: string }> = await manager.query(
      `SELECT commit_position::text AS commit, prepare_position::text AS prepare
         FROM read_models.projection_checkpoints WHERE name = $1${lock ? ' FOR UPDATE' : ''}`,
      [this.checkpointName],
    );
    return rows[0] ? { commit: BigInt(rows[0].commit), prepare: BigInt(rows[0].prepare) } : ORIGIN;
  }

  /** Moves the checkpoint; a batch applied past an earlier failure also clears that failure. */
  protected async writeCheckpoint(manager: EntityManager, position: Position): Promise<void> {
    await manager.query(
      `UPDATE read_models.projection_checkpoints
          SET commit_position = $2, prepare_position = $3, updated_at = now(),
              failed_at = NULL, failure_position = NULL, failure_event_type = NULL, failure_stream = NULL, failure_message = NULL
        WHERE name = $1`,
      [this.checkpointName, String(position.commit), String(position.prepare)],
    );
  }

  /**
   * Written outside the failed batch's transaction, which rolled back, so that /health (in
   * another process) can name the event this consumer is stuck on.
   */
  private async recordFailure(failure: EventHandlingFailed): Promise<void> {
    await this.dataSource
      .query(
        `UPDATE read_models.projection_checkpoints
            SET failed_at = now(), failure_position = $2, failure_event_type = $3, failure_stream = $4, failure_message = $5
          WHERE name = $1`,
        [this.checkpointName, formatPosition(failure.event.position), failure.event.type, failure.event.streamName, failure.reason.slice(0, 2000)],
      )
      // With the database away there is nowhere to record it; /health reports the database down.
      .catch(() => undefined);
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
          checkpoint = await this.handle(batch, checkpoint);
          delay = retry.initial;
          if (this.lastError) this.options.logger?.log(`${this.checkpointName} resumed`);
          this.lastError = undefined;
          if (this.stopping) break;
        }
      } catch (error) {
        if (this.stopping) break;
        if (error instanceof CheckpointMoved) {
          this.options.logger?.warn(error.message);
          continue;
        }
        this.lastError = error instanceof Error ? error.message : String(error);
        if (error instanceof EventHandlingFailed) {
          await this.recordFailure(error);
          this.options.logger?.error(`${this.checkpointName} failed: ${this.lastError}; retrying in ${delay} ms`);
        } else {
          this.options.logger?.warn(`${this.checkpointName} paused (${this.lastError}); retrying in ${delay} ms`);
        }
        await this.backoff(delay);
        delay = Math.min(delay * 2, retry.max);
      } finally {
        await this.subscription?.close().catch(() => undefined);
        this.subscription = undefined;
      }
    }
  }

  private backoff(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakeFromBackoff = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakeFromBackoff = done;
    });
  }
}

/** Handling one event failed; names the event so that the failure can be reported and found. */
export class EventHandlingFailed extends Error {
  readonly reason: string;

  constructor(
    readonly event: RecordedEvent,
    error: unknown,
  ) {
    const cause = error instanceof Error ? error.message : String(error);
    super(`event ${event.type} at ${formatPosition(event.position)} in ${event.streamName}: ${cause}`);
    this.reason = cause;
  }
}

/** Another consumer with the same checkpoint got there first; restart from what it stored. */
export class CheckpointMoved extends Error {
  constructor(name: string) {
    super(`Checkpoint ${name} moved since this consumer read it; resuming from it`);
  }
}
