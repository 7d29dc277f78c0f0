// A reference model of the EventStore port in plain arrays, with EventStoreDB's rules for
// expected revisions, retried appends and read bounds. It is meant to be trusted by reading it:
// no positions, no numbers squeezed into anything, just lists and indexes. The property suite
// (event-store.properties.ts) runs random commands against it and an adapter side by side.
import type { ExpectedRevision } from './event-store.port.js';

export interface ModelEvent {
  readonly id: string;
  readonly type: string;
  readonly data: unknown;
  readonly streamName: string;
  readonly revision: bigint;
  /** Where the event sits in `$all` among the model's events (0 is the model's first). */
  readonly index: number;
}

export interface ModelEventToAppend {
  readonly id: string;
  readonly type: string;
  readonly data: unknown;
}

export type ModelAppendOutcome =
  | {
      readonly kind: 'appended';
      readonly nextExpectedRevision: bigint;
      /** `$all` index of the last event of the append (of the original one, for a retry). */
      readonly lastIndex: number;
      readonly retried: boolean;
    }
  | { readonly kind: 'wrong_expected_version'; readonly actual: bigint | 'no_stream' };

export interface ModelReadStreamOptions {
  readonly direction?: 'forwards' | 'backwards';
  readonly fromRevision?: bigint | 'start' | 'end';
  readonly maxCount?: number;
}

export interface ModelReadAllOptions {
  readonly direction?: 'forwards' | 'backwards';
  /** The position of the model event at this `$all` index, or one end of `$all`. */
  readonly from: number | 'start' | 'end';
  readonly maxCount?: number;
}

interface SuccessfulAppend {
  readonly streamName: string;
  readonly ids: readonly string[];
  readonly expected: ExpectedRevision;
  readonly nextExpectedRevision: bigint;
  readonly lastIndex: number;
}

export class EventStoreModel {
  readonly all: ModelEvent[] = [];
  readonly #streams = new Map<string, ModelEvent[]>();
  /** Successful appends by the id of their first event. */
  readonly #appends = new Map<string, SuccessfulAppend>();

  revisionOf(streamName: string): bigint | 'no_stream' {
    const stream = this.#streams.get(streamName);
    return stream ? stream[stream.length - 1].revision : 'no_stream';
  }

  lengthOf(streamName: string): number {
    return this.#streams.get(streamName)?.length ?? 0;
  }

  /**
   * A retry of an earlier successful append (same stream, same event ids, same expected
   * revision) answers what the original answered and writes nothing, however much the stream
   * has grown since: both adapters agree on that much. Any other reuse of stored event ids is
   * outside the model (the adapters differ there) and refused loudly.
   */
  append(streamName: string, events: readonly ModelEventToAppend[], expected: ExpectedRevision): ModelAppendOutcome {
    if (events.length === 0) throw new Error('An append needs at least one event');
    const earlier = this.#appends.get(events[0].id);
    if (earlier) {
      const same =
        earlier.streamName === streamName &&
        earlier.expected === expected &&
        earlier.ids.length === events.length &&
        earlier.ids.every((id, i) => id === events[i].id);
      if (!same) throw new Error(`The model only knows exact retries; ${events[0].id} is reused otherwise`);
      return { kind: 'appended', nextExpectedRevision: earlier.nextExpectedRevision, lastIndex: earlier.lastIndex, retried: true };
    }
    const stored = new Set(this.all.map((event) => event.id));
    if (events.some((event) => stored.has(event.id))) throw new Error('The model only knows exact retries of whole appends');

    const actual = this.revisionOf(streamName);
    const satisfied =
      expected === 'any' ||
      (expected === 'no_stream' && actual === 'no_stream') ||
      (expected === 'stream_exists' && actual !== 'no_stream') ||
      (typeof expected === 'bigint' && actual === expected);
    if (!satisfied) return { kind: 'wrong_expected_version', actual };

    const stream = this.#streams.get(streamName) ?? [];
    this.#streams.set(streamName, stream);
    for (const event of events) {
      const recorded: ModelEvent = { ...event, streamName, revision: BigInt(stream.length), index: this.all.length };
      stream.push(recorded);
      this.all.push(recorded);
    }
    const outcome = { nextExpectedRevision: BigInt(stream.length - 1), lastIndex: this.all.length - 1 };
    this.#appends.set(events[0].id, { streamName, ids: events.map((e) => e.id), expected, ...outcome });
    return { kind: 'appended', ...outcome, retried: false };
  }

  /**
   * As EventStoreDB reads a stream: forwards from a revision includes it, backwards from a
   * revision includes it too (and a revision past the end means the end); forwards from `end`
   * is empty, backwards from `start` is revision 0.
   */
  readStream(streamName: string, options: ModelReadStreamOptions = {}): ModelEvent[] {
    const stream = this.#streams.get(streamName) ?? [];
    const backwards = options.direction === 'backwards';
    const from = options.fromRevision ?? (backwards ? 'end' : 'start');
    const limit = options.maxCount ?? Infinity;
    if (backwards) {
      const top = from === 'end' ? stream.length - 1 : from === 'start' ? 0 : Math.min(indexOf(from), stream.length - 1);
      return stream
        .slice(0, top + 1)
        .reverse()
        .slice(0, limit);
    }
    const bottom = from === 'start' ? 0 : from === 'end' ? stream.length : Math.min(indexOf(from), stream.length);
    return stream.slice(bottom).slice(0, limit);
  }

  /**
   * As EventStoreDB reads `$all`: forwards from a position includes it, backwards excludes it;
   * forwards from `end` and backwards from `start` are empty. `maxCount` counts every event in
   * `$all`, so the model only answers reads whose window it can see: those that start inside
   * the model's events and run towards its end, or run backwards past its beginning (whatever
   * came before the model is not the model's and is filtered out by the caller).
   */
  readAll(options: ModelReadAllOptions): ModelEvent[] {
    const backwards = options.direction === 'backwards';
    const limit = options.maxCount ?? Infinity;
    const { from } = options;
    if (backwards) {
      if (from === 'start') return [];
      const before = from === 'end' ? this.all.length : from;
      return this.all.slice(Math.max(0, before - limit), before).reverse();
    }
    if (from === 'end') return [];
    if (from === 'start') throw new Error('The model cannot see what precedes it in $all');
    return this.all.slice(from, from + limit);
  }
}

/** Revisions past any array index simply mean "past the end". */
function indexOf(revision: bigint): number {
  return revision > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(revision);
}
