// The test server's storage: one in-memory transaction log with EventStoreDB's rules for
// stream revisions, expected revisions, idempotent retries and `$all` positions. It knows
// nothing about gRPC, so its rules can be read (and reasoned about) on their own.

/** A place in `$all`. Compared as (commit, prepare), which is the order of the log. */
export interface LogPosition {
  readonly commit: bigint;
  readonly prepare: bigint;
}

export interface ProposedEvent {
  /** Canonical lower-case UUID. */
  readonly id: string;
  readonly type: string;
  readonly contentType: string;
  readonly data: Uint8Array;
  readonly customMetadata: Uint8Array;
}

export interface StoredEvent extends ProposedEvent {
  readonly streamName: string;
  readonly revision: bigint;
  /** .NET ticks (100 ns) since the Unix epoch, as EventStoreDB reports `created`. */
  readonly created: bigint;
  readonly position: LogPosition;
}

export type ExpectedRevision =
  | { readonly kind: 'any' }
  | { readonly kind: 'no_stream' }
  | { readonly kind: 'stream_exists' }
  | { readonly kind: 'revision'; readonly revision: bigint };

export type AppendOutcome =
  | {
      readonly kind: 'success';
      /** Undefined when the stream still does not exist (an empty append to a new stream). */
      readonly currentRevision: bigint | undefined;
      /** Undefined when nothing was written. */
      readonly position: LogPosition | undefined;
    }
  | { readonly kind: 'wrong_expected_version'; readonly currentRevision: bigint | undefined };

export function comparePositions(a: LogPosition, b: LogPosition): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}

const TICKS_PER_MILLISECOND = 10_000n;
const utf8 = new TextEncoder();

// A fresh EventStoreDB has already written system records, so user events never start at 0;
// starting beyond 2^32 also shows up adapters that squeeze positions through 32-bit numbers.
export const DEFAULT_FIRST_POSITION = 4_294_967_296n + 1_536n;

export class EventLog {
  readonly #events: StoredEvent[] = [];
  readonly #streams = new Map<string, StoredEvent[]>();
  readonly #listeners = new Set<() => void>();
  #nextPosition: bigint;

  constructor(firstPosition: bigint = DEFAULT_FIRST_POSITION) {
    this.#nextPosition = firstPosition;
  }

  get size(): number {
    return this.#events.length;
  }

  at(index: number): StoredEvent | undefined {
    return this.#events[index];
  }

  /** The events of a stream in revision order, or undefined when the stream does not exist. */
  stream(streamName: string): readonly StoredEvent[] | undefined {
    return this.#streams.get(streamName);
  }

  /** Index of the first event at or after `position` (forwards reads include the position). */
  firstIndexAtOrAfter(position: LogPosition): number {
    return this.#lowerBound((event) => comparePositions(event.position, position) >= 0);
  }

  /** Index of the first event strictly after `position` (subscriptions exclude it). */
  firstIndexAfter(position: LogPosition): number {
    return this.#lowerBound((event) => comparePositions(event.position, position) > 0);
  }

  /** Calls `listener` after every write; returns the function that stops it. */
  onAppended(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  append(streamName: string, expected: ExpectedRevision, proposed: readonly ProposedEvent[]): AppendOutcome {
    const existing = this.#streams.get(streamName);
    const currentRevision = existing && existing.length > 0 ? existing[existing.length - 1].revision : undefined;

    const retried = this.#findRetriedWrite(existing ?? [], expected, proposed);
    if (retried) {
      return { kind: 'success', currentRevision: retried.revision, position: retried.position };
    }

    if (!this.#satisfies(expected, currentRevision)) {
      return { kind: 'wrong_expected_version', currentRevision };
    }
    if (proposed.length === 0) {
      return { kind: 'success', currentRevision, position: undefined };
    }

    const stream = existing ?? [];
    const created = BigInt(Date.now()) * TICKS_PER_MILLISECOND;
    // One write is one implicit transaction: its events share the commit position (that of
    // the first event) while each has its own prepare position, as EventStoreDB lays them out.
    const commit = this.#nextPosition;
    let revision = currentRevision === undefined ? 0n : currentRevision + 1n;
    let last: StoredEvent | undefined;
    for (const event of proposed) {
      const prepare = this.#nextPosition;
      last = { ...event, streamName, revision, created, position: { commit, prepare } };
      stream.push(last);
      this.#events.push(last);
      this.#nextPosition += recordSize(streamName, event);
      revision += 1n;
    }
    this.#streams.set(streamName, stream);
    for (const listener of [...this.#listeners]) listener();
    return { kind: 'success', currentRevision: last!.revision, position: last!.position };
  }

  #satisfies(expected: ExpectedRevision, currentRevision: bigint | undefined): boolean {
    switch (expected.kind) {
      case 'any':
        return true;
      case 'no_stream':
        return currentRevision === undefined;
      case 'stream_exists':
        return currentRevision !== undefined;
      case 'revision':
        return currentRevision === expected.revision;
    }
  }

  /**
   * EventStoreDB answers a retried write (same event ids, written where the expected revision
   * says) with the original result instead of writing the events twice.
   */
  #findRetriedWrite(
    stream: readonly StoredEvent[],
    expected: ExpectedRevision,
    proposed: readonly ProposedEvent[],
  ): StoredEvent | undefined {
    if (proposed.length === 0) return undefined;
    let start: number;
    switch (expected.kind) {
      case 'no_stream':
        start = 0;
        break;
      case 'revision':
        if (expected.revision + 1n >= BigInt(stream.length)) return undefined;
        start = Number(expected.revision + 1n);
        break;
      case 'any':
      case 'stream_exists':
        start = findLastIndex(stream, (event) => event.id === proposed[0].id);
        if (start < 0) return undefined;
        break;
    }
    if (start + proposed.length > stream.length) return undefined;
    for (let i = 0; i < proposed.length; i++) {
      if (stream[start + i].id !== proposed[i].id) return undefined;
    }
    return stream[start + proposed.length - 1];
  }

  #lowerBound(isAtOrBeyond: (event: StoredEvent) => boolean): number {
    let low = 0;
    let high = this.#events.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (isAtOrBeyond(this.#events[middle])) high = middle;
      else low = middle + 1;
    }
    return low;
  }
}

// Positions are byte offsets, so they grow by roughly the size of each record.
function recordSize(streamName: string, event: ProposedEvent): bigint {
  const header = 100 + utf8.encode(streamName).length + utf8.encode(event.type).length;
  const size = header + event.data.length + event.customMetadata.length;
  return BigInt(size + ((8 - (size % 8)) % 8));
}

function findLastIndex<T>(items: readonly T[], predicate: (item: T) => boolean): number {
  for (let i = items.length - 1; i >= 0; i--) {
    if (predicate(items[i])) return i;
  }
  return -1;
}
