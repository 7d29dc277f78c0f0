// The one write loop every command handler uses: read the stream (or take the state this
// process holds, which the expected revision then checks), fold it with `evolve`, call `decide`,
// append with the expected revision. Without If-Match a lost race is retried on
// fresh state (the decider re-checks every rule); with If-Match the client asked for exactly
// that version, so a race is its conflict to resolve.
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { type DomainEvent, type Source, toStoredEvent } from '@casebook/domain';
import { PersonalDataProtectingEventStore, type Position, WrongExpectedVersionError } from '@casebook/event-store';
import { type AggregateAt, AggregateReader, domainEventsOf } from './aggregate-reader.js';
import type { Aggregate } from './aggregates.js';
import { newId } from './ids.js';
import type { EventMetadata, WriteRequest } from './write-request.js';
import { VersionConflict } from './version-conflict.error.js';

export interface WriteResult {
  /** Number of events in the stream after the write; the ETag of the aggregate. */
  version: number;
  /** Where the last new event sits in `$all`, for waiting on projections. */
  position?: Position;
  events: DomainEvent[];
  /** The write had already been made by an earlier run of the same request (its Idempotency-Key). */
  replayed?: boolean;
}

/** Every domain command carries the moment it was made; some carry the source of their fact. */
interface Stamped {
  now?: string;
  source?: Source;
}

/**
 * Events after which a data subject's personal data must be unreadable everywhere. The key goes
 * before the event is appended: were the append to fail, the data would already be unreadable,
 * never the reverse.
 */
function subjectErasedBy(event: DomainEvent): string | undefined {
  if (event.type === 'ContactErased') return event.data.contactId;
  if (event.type === 'AccountErased') return event.data.accountId;
  return undefined;
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
    private readonly store: PersonalDataProtectingEventStore,
    private readonly aggregates: AggregateReader,
  ) {}

  /** Decides `command` against the aggregate's record and appends what it decided. */
  run<C, S>(aggregate: Aggregate<C, S>, id: string, command: C, request: WriteRequest): Promise<WriteResult> {
    return this.inTurn(aggregate.streamName(id), () => this.attempt(aggregate, id, command, request));
  }

  /**
   * Writers to one stream in this process take turns, so they do not spend their retries
   * losing races to each other; the expected revision still settles races with other processes.
   */
  private readonly turns = new Map<string, Promise<unknown>>();

  private inTurn<T>(streamName: string, write: () => Promise<T>): Promise<T> {
    const previous = this.turns.get(streamName) ?? Promise.resolve();
    const mine = previous.catch(() => undefined).then(write);
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
  private earlierWrite(current: AggregateAt<unknown>, request: WriteRequest): WriteResult | undefined {
    if (!request.idempotencyKey) return undefined;
    const mine = current.writtenWith(request.idempotencyKey, request.recordedBy);
    const last = mine.at(-1);
    return last && { version: Number(last.revision) + 1, position: last.position, events: domainEventsOf(mine), replayed: true };
  }

  private async attempt<C, S>(aggregate: Aggregate<C, S>, id: string, command: C, request: WriteRequest): Promise<WriteResult> {
    const streamName = aggregate.streamName(id);
    const giveUpAt = Date.now() + RETRY_BUDGET_MS;
    const { now = new Date().toISOString(), source } = command as Stamped;
    // The first try decides on the state this process holds, without a read: the append's
    // expected revision proves it current. Whatever else a held state leads to (a refusal, nothing
    // to write, a version the client did not expect, an erasure) is decided again on a fresh read.
    let fresh = false;
    for (let attempt = 1; ; attempt++) {
      const current = fresh ? { ...(await this.aggregates.read(aggregate, id)), read: true } : await this.aggregates.held(aggregate, id);
      const doubtful = !current.read;
      fresh = true;
      const earlier = this.earlierWrite(current, request);
      if (earlier) return earlier;
      if (request.expectedVersion !== undefined && request.expectedVersion !== current.version) {
        if (doubtful) continue;
        throw new VersionConflict(streamName, request.expectedVersion, current.version);
      }
      let events: DomainEvent[];
      try {
        events = aggregate.decider.decide(command, current.state);
      } catch (error) {
        if (doubtful) continue;
        throw error;
      }
      if (doubtful && (events.length === 0 || events.some((event) => subjectErasedBy(event) !== undefined))) continue;
      if (events.length === 0) return { version: current.version, events };
      const metadata: EventMetadata = {
        correlationId: request.correlationId,
        causationId: request.causationId,
        recordedAt: now,
        recordedBy: request.recordedBy,
        ...(source ? { source } : {}),
        ...(request.idempotencyKey ? { idempotencyKey: request.idempotencyKey } : {}),
      };
      for (const subject of events.map(subjectErasedBy)) {
        if (!subject) continue;
        await this.store.eraseSubject(subject);
        this.aggregates.forgetAll();
      }
      const toAppend = events.map((event, index) => ({
        id: request.idempotencyKey ? newId(request, `${streamName}/${current.version + index}`) : randomUUID(),
        ...toStoredEvent(event),
        metadata,
      }));
      try {
        const result = await this.store.appendToStream(streamName, toAppend, {
          expectedRevision: current.version === 0 ? 'no_stream' : BigInt(current.version - 1),
        });
        this.aggregates.remember(
          aggregate,
          id,
          current.version,
          toAppend.map((appended, index) => ({
            ...appended,
            metadata: { ...metadata },
            streamName,
            revision: BigInt(current.version + index),
            // Only the last event's position is known; it is the only one a replayed answer gives.
            position: result.position,
            created: new Date(now),
          })),
        );
        return { version: Number(result.nextExpectedRevision) + 1, position: result.position, events };
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError)) throw error;
        // A held state that was behind: read, and decide again at once.
        if (doubtful) continue;
        const actual = error.actual === 'no_stream' ? 0 : Number(error.actual) + 1;
        if (request.expectedVersion !== undefined || Date.now() >= giveUpAt) {
          throw new VersionConflict(streamName, request.expectedVersion ?? current.version, actual);
        }
        // Spread out writers that keep colliding, so that they take turns instead of colliding again.
        const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.min(attempt, 16));
        await new Promise((resolve) => setTimeout(resolve, Math.random() * ceiling));
      }
    }
  }
}
