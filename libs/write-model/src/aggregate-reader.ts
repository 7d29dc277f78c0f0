// Reading an aggregate from its stream, for the write loop and for the decisions that must not
// lag the record (access, existence, rules that span aggregates): one fold, one existence check.
//
// A folded aggregate is kept by its stream's revision, and each read asks the store only for the
// events after it: a write to a mutual with two thousand milestones reads none of them again.
// Still one read a request, so a change made by another process (a revoked token, a new study
// member) counts on the very next request: the cache saves the fold, never the question. The
// one exception is the write loop's first try (`held`), which the append's expected revision
// checks: a stale state fails it, and the loop reads before it decides again.
import { Injectable } from '@nestjs/common';
import { type DomainEvent, NotFound, fromStoredEvent } from '@casebook/domain';
import { EventStore, type RecordedEvent } from '@casebook/event-store';
import type { Aggregate } from './aggregates.js';

export interface AggregateAt<S> {
  state: S;
  /** Number of events in the stream: the aggregate's version and ETag. */
  version: number;
  /** The event that began the stream (who registered a record, and when). */
  first?: RecordedEvent;
  /** The events one request (its Idempotency-Key, by its recorder) already wrote to the stream, oldest first. */
  writtenWith(idempotencyKey: string, recordedBy: string): RecordedEvent[];
}

export function domainEventsOf(recorded: RecordedEvent[]): DomainEvent[] {
  return recorded.map((r) => fromStoredEvent(r.type, r.data)).filter((event): event is DomainEvent => event !== undefined);
}

export function fold<C, S>(aggregate: Aggregate<C, S>, recorded: RecordedEvent[]): S {
  return domainEventsOf(recorded).reduce(aggregate.decider.evolve, aggregate.decider.initialState());
}

interface Folded {
  state: unknown;
  version: number;
  first?: RecordedEvent;
  /** By recorder and Idempotency-Key: the only thing of the past a write needs besides the state. */
  writes: Map<string, RecordedEvent[]>;
}

const writeKey = (idempotencyKey: string, recordedBy: string) => `${recordedBy}\u0000${idempotencyKey}`;

/**
 * Streams kept folded, least recently read dropped first. Enough for every case and mutual of a
 * few large studies and every account that signs in; a stream read after it was dropped is folded
 * afresh, which is only slower.
 */
export const FOLDED_STREAMS_KEPT = 5_000;

@Injectable()
export class AggregateReader {
  private readonly folded = new Map<string, Folded>();

  constructor(private readonly store: EventStore) {}

  async read<C, S>(aggregate: Aggregate<C, S>, id: string): Promise<AggregateAt<S>> {
    const streamName = aggregate.streamName(id);
    const known = this.folded.get(streamName);
    const newer = await this.store.readStream(streamName, known ? { fromRevision: BigInt(known.version) } : undefined);
    return this.keep(streamName, known && newer.length === 0 ? known : this.foldOnto(aggregate, known, newer));
  }

  /**
   * The aggregate as this process last knew it, without asking the store, or read when it knows
   * none. It may be behind another process's write: only for a write, whose expected revision
   * proves it current or fails, after which the writer reads (DeciderRunner).
   */
  async held<C, S>(aggregate: Aggregate<C, S>, id: string): Promise<AggregateAt<S> & { read: boolean }> {
    const known = this.folded.get(aggregate.streamName(id));
    if (known) return { ...this.keep(aggregate.streamName(id), known), read: false };
    return { ...(await this.read(aggregate, id)), read: true };
  }

  /**
   * A write this process made to a stream it held at `version`: folded on, so that the next write
   * holds the stream as it is now instead of losing its first try to its own predecessor.
   */
  remember<C, S>(aggregate: Aggregate<C, S>, id: string, version: number, appended: RecordedEvent[]): void {
    const streamName = aggregate.streamName(id);
    const known = this.folded.get(streamName);
    if ((known?.version ?? 0) !== version) {
      // Something this process did not see came between: the next use reads it.
      this.folded.delete(streamName);
      return;
    }
    this.keep(streamName, this.foldOnto(aggregate, known, appended));
  }

  private keep<S>(streamName: string, folded: Folded): AggregateAt<S> {
    // Re-inserted so that the map's order is the order of last use.
    this.folded.delete(streamName);
    if (folded.version > 0) this.folded.set(streamName, folded);
    if (this.folded.size > FOLDED_STREAMS_KEPT) {
      const oldest = this.folded.keys().next();
      if (!oldest.done) this.folded.delete(oldest.value);
    }
    const { state, version, first, writes } = folded;
    return {
      state: state as S,
      version,
      ...(first && { first }),
      writtenWith: (idempotencyKey, recordedBy) => writes.get(writeKey(idempotencyKey, recordedBy)) ?? [],
    };
  }

  /** Every event of the stream, for questions about its past rather than its present. */
  history<C, S>(aggregate: Aggregate<C, S>, id: string): Promise<RecordedEvent[]> {
    return this.store.readStream(aggregate.streamName(id));
  }

  /**
   * Forget every folded stream: after an erasure the state held here may still carry what the
   * erased key could decrypt, and an erasure is rare enough to pay a fresh fold for everything.
   */
  forgetAll(): void {
    this.folded.clear();
  }

  private foldOnto<C, S>(aggregate: Aggregate<C, S>, known: Folded | undefined, newer: RecordedEvent[]): Folded {
    const writes = new Map(known?.writes);
    for (const recorded of newer) {
      const { idempotencyKey, recordedBy } = recorded.metadata;
      if (typeof idempotencyKey !== 'string' || typeof recordedBy !== 'string') continue;
      const key = writeKey(idempotencyKey, recordedBy);
      writes.set(key, [...(writes.get(key) ?? []), recorded]);
    }
    const state = domainEventsOf(newer).reduce(
      aggregate.decider.evolve,
      (known?.state as S | undefined) ?? aggregate.decider.initialState(),
    );
    const first = known?.first ?? newer[0];
    return { state, version: (known?.version ?? 0) + newer.length, ...(first && { first }), writes };
  }

  /**
   * The event that began the stream, when it is the one that creates this aggregate: whether
   * the record exists, and what it was created with, at the cost of reading one event.
   */
  async creation<T extends DomainEvent['type'], C, S>(
    aggregate: Aggregate<C, S>,
    id: string,
    creatingType: T,
  ): Promise<Extract<DomainEvent, { type: T }> | undefined> {
    const first =
      this.folded.get(aggregate.streamName(id))?.first ?? (await this.store.readStream(aggregate.streamName(id), { maxCount: 1 }))[0];
    const event = first && fromStoredEvent(first.type, first.data);
    return event?.type === creatingType ? (event as Extract<DomainEvent, { type: T }>) : undefined;
  }

  async assertExists<C, S>(aggregate: Aggregate<C, S>, id: string, creatingType: DomainEvent['type']): Promise<void> {
    if (!(await this.creation(aggregate, id, creatingType))) throw new NotFound(aggregate.name, id);
  }
}
