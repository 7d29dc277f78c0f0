// The port every event store adapter implements. Its shape follows @eventstore/db-client:
// stream revisions count from 0, expected revisions are any / no_stream / stream_exists /
// exact, and `$all` positions are a (commit, prepare) pair of 64-bit numbers kept as bigint.

export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | bigint;

export interface Position {
  readonly commit: bigint;
  readonly prepare: bigint;
}

export interface EventToAppend {
  /** A UUID; appending the same ids again to the same stream is a no-op, as on EventStoreDB. */
  id: string;
  type: string;
  data: object;
  metadata?: object;
}

export interface RecordedEvent {
  id: string;
  type: string;
  streamName: string;
  revision: bigint;
  data: unknown;
  metadata: Record<string, unknown>;
  position: Position;
  created: Date;
}

export interface AppendResult {
  /** Revision of the last event now in the stream: the expected revision of the next append. */
  nextExpectedRevision: bigint;
  position: Position;
}

export interface ReadStreamOptions {
  direction?: 'forwards' | 'backwards';
  fromRevision?: bigint | 'start' | 'end';
  maxCount?: number;
}

export interface ReadAllOptions {
  direction?: 'forwards' | 'backwards';
  /** Forwards reads include this position, backwards reads exclude it (EventStoreDB semantics). */
  fromPosition?: Position | 'start' | 'end';
  maxCount?: number;
}

/** Both parts, when given, must match. */
export interface SubscriptionFilter {
  streamNamePrefixes?: string[];
  /**
   * Stored event types to deliver (`AccountCreated.v2`); the rest are passed over where they are
   * stored (on EventStoreDB by the server), and the batches' checkpoints move past them.
   */
  eventTypes?: string[];
}

export interface SubscribeToAllOptions {
  /** Events strictly after this position are delivered; `start` delivers everything. */
  fromPosition?: Position | 'start';
  filter?: SubscriptionFilter;
  /** Largest batch handed to the consumer at once. */
  maxBatchSize?: number;
}

/** What a subscription hands over at once. */
export interface SubscriptionBatch {
  /** In `$all` order; empty only when a filter passed over every event read since the last batch. */
  events: RecordedEvent[];
  /**
   * How far `$all` has been read: the last event's position, or past it when a filter passed over
   * later events. Every event the filter lets through up to here has been delivered, so a
   * consumer may store it as its checkpoint; it never goes back.
   */
  checkpoint: Position;
}

/**
 * A catch-up subscription: past events, then live ones, as batches in `$all` order. It reads the
 * next batch only when the consumer asks for it, so a slow consumer is never flooded.
 */
export interface AllSubscription extends AsyncIterable<SubscriptionBatch> {
  close(): Promise<void>;
}

export abstract class EventStore {
  abstract appendToStream(
    streamName: string,
    events: EventToAppend[],
    options?: { expectedRevision?: ExpectedRevision },
  ): Promise<AppendResult>;

  /** Events of one stream; an empty list when the stream does not exist. */
  abstract readStream(streamName: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;

  abstract readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;

  abstract subscribeToAll(options?: SubscribeToAllOptions): AllSubscription;

  /** Resolves when the store answers; rejects with the reason otherwise. */
  abstract ping(): Promise<void>;

  abstract close(): Promise<void>;
}

export class WrongExpectedVersionError extends Error {
  constructor(
    readonly streamName: string,
    readonly expected: ExpectedRevision,
    /** Revision of the stream's last event, or `no_stream`. */
    readonly actual: bigint | 'no_stream',
  ) {
    super(`Wrong expected version on ${streamName}: expected ${String(expected)}, actual ${String(actual)}`);
  }
}

export function comparePositions(a: Position, b: Position): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}

export function formatPosition(position: Position): string {
  return `${position.commit}/${position.prepare}`;
}

export function parsePosition(text: string): Position | undefined {
  const match = /^(\d+)\/(\d+)$/.exec(text);
  return match ? { commit: BigInt(match[1]), prepare: BigInt(match[2]) } : undefined;
}
