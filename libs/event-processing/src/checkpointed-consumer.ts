// The loop shared by everything that follows the event store's `$all`: read the stored
// checkpoint, subscribe after it, hand each batch to `handle`, and when the store or the
// database goes away, back off and start again from the checkpoint. What `handle` does with a
// batch, and how it stores the checkpoint, is the subclass's business.
import type { DataSource, EntityManager } from 'typeorm';
import type { CatchUpReader } from './shared-catch-up-reader.js';
import {
  type AllSubscription,
  EventStore,
  type Position,
  type RecordedEvent,
  comparePositions,
  formatPosition,
} from '@casebook/event-store';

/** pino's calling convention (fields, then message); nestjs-pino's `PinoLogger` is one. */
export interface ConsumerLogger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
  /** Runs `work` with `bindings` on every line written inside it, by the consumer or anything it calls. */
  runInContext?<T>(work: () => T, options: { bindings: Record<string, unknown> }): T;
}

/**
 * The correlation ids of a batch's events, each once: the requests that recorded them, so that
 * a line about the batch is found by the id a caller was given.
 */
export function correlationIdsOf(batch: RecordedEvent[]): string[] {
  // Consumers catching up together are handed the same page: its ids are gathered once.
  const known = correlationIdsOfBatch.get(batch);
  if (known) return known;
  const ids = new Set<string>();
  for (const event of batch) if (typeof event.metadata.correlationId === 'string') ids.add(event.metadata.correlationId);
  const gathered = [...ids];
  correlationIdsOfBatch.set(batch, gathered);
  return gathered;
}

const correlationIdsOfBatch = new WeakMap<RecordedEvent[], string[]>();

export interface ConsumerOptions {
  /** Checkpoint name; one per consumer. */
  checkpointName: string;
  /** Recorded on the checkpoint row when this consumer creates it (a projection's version). */
  version?: number;
  /**
   * The stored event types the consumer handles; its live subscription asks the store for these
   * only (on EventStoreDB the server filters) and the checkpoint still moves past the others.
   */
  eventTypes?: string[];
  maxBatchSize?: number;
  /** Back-off between attempts after a failure (store or database away). */
  retryDelayMs?: { initial: number; max: number };
  logger?: ConsumerLogger;
  /** Told of every batch handled and every failure, for metrics. */
  observer?: ConsumerObserver;
  /**
   * Where a backlog is read from before the live subscription starts (a SharedCatchUpReader lets
   * consumers that stand together read each page once); without it the subscription reads it.
   */
  catchUp?: CatchUpReader;
}

export interface ConsumerObserver {
  handled(checkpointName: string, events: number): void;
  failed(checkpointName: string): void;
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

  /**
   * Handles one batch that follows `from`, stores `to` as the checkpoint (the last event's
   * position, or past it when the store's filter passed over later events; `batch` is empty when
   * it passed over all of them) and returns it.
   */
  protected abstract handle(batch: RecordedEvent[], from: Position, to: Position): Promise<Position>;

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
        this.options.logger?.warn(
          { checkpoint: this.checkpointName },
          `${this.checkpointName} did not finish its batch within ${graceMs} ms; leaving it to the next start`,
        );
        resolve();
      }, graceMs);
      timer.unref();
    });
    await Promise.race([this.loop, abandoned]);
    clearTimeout(timer);
    this.loop = undefined;
  }

  async readCheckpoint(manager: EntityManager = this.dataSource.manager, lock = false): Promise<Position> {
    const rows: { commit: string; prepare: string }[] = await manager.query(
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
        [
          this.checkpointName,
          formatPosition(failure.event.position),
          failure.event.type,
          failure.event.streamName,
          failure.reason.slice(0, 2000),
        ],
      )
      // With the database away there is nowhere to record it; /health reports the database down.
      .catch(() => undefined);
  }

  private async run(): Promise<void> {
    const retry = this.options.retryDelayMs ?? { initial: 200, max: 10_000 };
    let delay = retry.initial;
    const logger = this.options.logger;
    while (!this.stopping) {
      // The batch in hand, for the lines that report its failure.
      let inHand: { correlationIds: string[] } | undefined;
      try {
        await this.dataSource.query(
          `INSERT INTO read_models.projection_checkpoints (name, commit_position, prepare_position, updated_at, version)
           VALUES ($1, 0, 0, now(), $2) ON CONFLICT (name) DO NOTHING`,
          [this.checkpointName, this.options.version ?? 1],
        );
        let checkpoint = await this.readCheckpoint();
        const maxBatchSize = this.options.maxBatchSize ?? 500;
        const apply = async (batch: RecordedEvent[], to: Position) => {
          const from = checkpoint;
          inHand = { correlationIds: correlationIdsOf(batch) };
          const handleBatch = async () => {
            const stored = await this.handle(batch, from, to);
            // A checkpoint moved past events of no concern to this consumer is no news.
            if (batch.length > 0) {
              logger?.info(
                { checkpoint: this.checkpointName, position: formatPosition(stored), count: batch.length },
                `${this.checkpointName} handled ${batch.length} event${batch.length === 1 ? '' : 's'} up to ${formatPosition(stored)}`,
              );
            }
            return stored;
          };
          // Every line written while the batch is handled carries its correlation ids.
          checkpoint = await (logger?.runInContext ? logger.runInContext(handleBatch, { bindings: inHand }) : handleBatch());
          if (batch.length > 0) this.options.observer?.handled(this.checkpointName, batch.length);
          inHand = undefined;
          delay = retry.initial;
          if (this.lastError) logger?.info({ checkpoint: this.checkpointName }, `${this.checkpointName} resumed`);
          this.lastError = undefined;
        };
        const fromCheckpoint = () => (comparePositions(checkpoint, ORIGIN) === 0 ? 'start' : checkpoint);
        if (this.options.catchUp) {
          // The backlog in pages, until a page comes back short: then the subscription takes over.
          while (!this.stopping) {
            const page = await this.options.catchUp(fromCheckpoint(), maxBatchSize);
            if (page.length > 0) await apply(page, page[page.length - 1].position);
            if (page.length < maxBatchSize) break;
          }
          if (this.stopping) break;
        }
        const { eventTypes } = this.options;
        this.subscription = this.store.subscribeToAll({
          fromPosition: fromCheckpoint(),
          maxBatchSize,
          ...(eventTypes ? { filter: { eventTypes } } : {}),
        });
        for await (const { events, checkpoint: to } of this.subscription) {
          if (comparePositions(to, checkpoint) > 0) await apply(events, to);
          if (this.stopping) break;
        }
      } catch (error) {
        if (this.stopping) break;
        if (error instanceof CheckpointMoved) {
          logger?.warn({ checkpoint: this.checkpointName, ...inHand }, error.message);
          continue;
        }
        this.lastError = error instanceof Error ? error.message : String(error);
        if (error instanceof EventHandlingFailed) {
          this.options.observer?.failed(this.checkpointName);
          await this.recordFailure(error);
          const { event } = error;
          logger?.error(
            {
              checkpoint: this.checkpointName,
              position: formatPosition(event.position),
              eventType: event.type,
              stream: event.streamName,
              correlationId: event.metadata.correlationId,
              ...inHand,
              retryInMs: delay,
              err: error.cause ?? error,
            },
            `${this.checkpointName} failed: ${this.lastError}; retrying in ${delay} ms`,
          );
        } else {
          logger?.warn(
            { checkpoint: this.checkpointName, ...inHand, retryInMs: delay, err: error },
            `${this.checkpointName} paused (${this.lastError}); retrying in ${delay} ms`,
          );
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
    // The original error rides along, so the log line shows where it was thrown.
    super(`event ${event.type} at ${formatPosition(event.position)} in ${event.streamName}: ${cause}`, { cause: error });
    this.reason = cause;
  }
}

/** Another consumer with the same checkpoint got there first; restart from what it stored. */
export class CheckpointMoved extends Error {
  constructor(name: string) {
    super(`Checkpoint ${name} moved since this consumer read it; resuming from it`);
  }
}
