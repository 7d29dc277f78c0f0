// The one write loop every command handler uses: read the stream, fold it with `evolve`, call
// `decide`, append with the expected revision. Without If-Match a lost race is retried on
// fresh state (the decider re-checks every rule); with If-Match the client asked for exactly
// that version, so a race is its conflict to resolve.
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { type Decider, type DomainEvent, type Source, fromStoredEvent, toStoredEvent } from '@casebook/domain';
import { EventStore, type Position, type RecordedEvent, WrongExpectedVersionError } from '@casebook/event-store';
import { Clock } from './clock.js';
import { newId } from './ids.js';
import type { EventMetadata } from './event-metadata.js';
import { VersionConflict } from './version-conflict.error.js';

export interface WriteResult {
  /** Number of events in the stream after the write; the ETag of the aggregate. */
  version: number;
  /** Where the last new event sits in `$all`, for waiting on projections. */
  position?: Position;
  events: DomainEvent[];
}

export interface RunOptions {
  /** Version from the client's If-Match, when it sent one. */
  expectedVersion?: number;
  correlationId: string;
  causationId: string;
  recordedBy: string;
  source?: Source;
  idempotencyKey?: string;
}

/**
 * Lost races are retried on fresh state (each retry re-checks every rule) for up to this long:
 * time, not a count, is what a client waits, and under heavy contention on one stream a fixed
 * number of quick retries runs out long before the writers have taken turns.
 */
const RETRY_BUDGET_MS = 10_000;
/** Full-jitter exponential back-off: a random wait up to min(cap, base * 2^attempt). */
const BACKOFF_BASE_MS = 4;
const BACKOFF_CAP_MS = 200;

@Injectable()
export class DeciderRunner {
  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
  ) {}

  /** For commands read from input alone: bad input is refused before anything is read. */
  run<C, E extends DomainEvent, S>(decider: Decider<C, E, S>, streamName: string, command: (now: string) => C, options: RunOptions): Promise<WriteResult> {
    const now = this.clock.now().toISOString();
    const built = command(now);
    return this.loop(decider, streamName, () => built, now, options);
  }

  /** For commands whose reading depends on the record, e.g. a correction of a milestone's own fields. */
  runOnState<C, E extends DomainEvent, S>(
    decider: Decider<C, E, S>,
    streamName: string,
    command: (now: string, state: S) => C,
    options: RunOptions,
  ): Promise<WriteResult> {
    const now = this.clock.now().toISOString();
    return this.loop(decider, streamName, (state) => command(now, state), now, options);
  }

  /**
   * Writers to one stream in this process take turns, so they do not spend their retries
   * losing races to each other; the expected revision still settles races with other processes.
   */
  private readonly turns = new Map<string, Promise<unknown>>();

  private loop<C, E extends DomainEvent, S>(
    decider: Decider<C, E, S>,
    streamName: string,
    command: (state: S) => C,
    now: string,
    options: RunOptions,
  ): Promise<WriteResult> {
    const previous = this.turns.get(streamName) ?? Promise.resolve();
    const mine = previous.catch(() => undefined).then(() => this.attempt(decider, streamName, command, now, options));
    const settled = mine.catch(() => undefined);
    this.turns.set(streamName, settled);
    void settled.then(() => {
      if (this.turns.get(streamName) === settled) this.turns.delete(streamName);
    });
    return mine;
  }

  /**
   * The events this request's Idempotency-Key already wrote to the stream, as the answer they
   * were given: a retry after a crash between the append and the stored answer gets the first
   * answer instead of being judged again against a record that already holds its own write.
   */
  private earlierWrite(recorded: RecordedEvent[], options: RunOptions): WriteResult | undefined {
    const mine = recorded.filter((r) => r.metadata.idempotencyKey === options.idempotencyKey && r.metadata.recordedBy === options.recordedBy);
    if (mine.length === 0) return undefined;
    const last = mine[mine.length - 1];
    return {
      version: Number(last.revision) + 1,
      position: last.position,
      events: mine.map((r) => fromStoredEvent(r.type, r.data)).filter((e): e is DomainEvent => e !== undefined),
    };
  }

  private async attempt<C, E extends DomainEvent, S>(
    decider: Decider<C, E, S>,
    streamName: string,
    command: (state: S) => C,
    now: string,
    options: RunOptions,
  ): Promise<WriteResult> {
    const giveUpAt = Date.now() + RETRY_BUDGET_MS;
    for (let attempt = 1; ; attempt++) {
      const recorded = await this.store.readStream(streamName);
      const version = recorded.length;
      const earlier = options.idempotencyKey ? this.earlierWrite(recorded, options) : undefined;
      if (earlier) return earlier;
      if (options.expectedVersion !== undefined && options.expectedVersion !== version) {
        throw new VersionConflict(streamName, options.expectedVersion, version);
      }
      const state = recorded
        .map((r) => fromStoredEvent(r.type, r.data) as E | undefined)
        .filter((e): e is E => e !== undefined)
        .reduce(decider.evolve, decider.initialState());
      const current = command(state);
      const events = decider.decide(current, state);
      if (events.length === 0) return { version, events };
      const source = (current as { source?: Source }).source ?? options.source;
      const metadata: EventMetadata = {
        correlationId: options.correlationId,
        causationId: options.causationId,
        recordedAt: now,
        recordedBy: options.recordedBy,
        ...(source ? { source } : {}),
        ...(options.idempotencyKey ? { idempotencyKey: options.idempotencyKey } : {}),
      };
      try {
        const result = await this.store.appendToStream(
          streamName,
          events.map((event, index) => ({
            id: options.idempotencyKey ? newId(options, `${streamName}/${version + index}`) : randomUUID(),
            ...toStoredEvent(event),
            metadata,
          })),
          { expectedRevision: version === 0 ? 'no_stream' : BigInt(version - 1) },
        );
        return { version: Number(result.nextExpectedRevision) + 1, position: result.position, events };
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError)) throw error;
        const current = error.actual === 'no_stream' ? 0 : Number(error.actual) + 1;
        if (options.expectedVersion !== undefined || Date.now() >= giveUpAt) {
          throw new VersionConflict(streamName, options.expectedVersion ?? version, current);
        }
        // Spread out writers that keep colliding, so that they take turns instead of colliding again.
        const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.min(attempt, 16));
        await new Promise((resolve) => setTimeout(resolve, Math.random() * ceiling));
      }
    }
  }
}
