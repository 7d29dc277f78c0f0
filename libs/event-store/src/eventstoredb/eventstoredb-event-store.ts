// The production adapter: EventStoreDB (KurrentDB) through @eventstore/db-client. One stream
// per aggregate, `$all` for projectors. System streams and events (names starting with `$`)
// never reach the application: subscriptions filter them on the server, reads on the client.
import {
  ANY,
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  NO_STREAM,
  START,
  STREAM_EXISTS,
  StreamNotFoundError,
  WrongExpectedVersionError as ClientWrongExpectedVersion,
  eventTypeFilter,
  excludeSystemEvents,
  jsonEvent,
  streamNameFilter,
  type AllStreamResolvedEvent,
  type AllStreamSubscription,
  type AppendExpectedRevision,
  type ResolvedEvent,
} from '@eventstore/db-client';
import {
  type AllSubscription,
  type AppendResult,
  EventStore,
  type EventToAppend,
  type ExpectedRevision,
  type Position,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type SubscribeToAllOptions,
  type SubscriptionBatch,
  WrongExpectedVersionError,
  comparePositions,
} from '../event-store.port.js';

export interface EventStoreDbOptions {
  /** e.g. `esdb://localhost:2113?tls=false`, or `esdb+discover://` for a cluster. */
  connectionString: string;
  /** Deadline for reads and appends, in milliseconds. */
  deadlineMs?: number;
}

export class EventStoreDbEventStore extends EventStore {
  private readonly client: EventStoreDBClient;
  private readonly subscriptions = new Set<EventStoreDbAllSubscription>();

  constructor(private readonly options: EventStoreDbOptions) {
    super();
    try {
      this.client = EventStoreDBClient.connectionString(options.connectionString);
    } catch (error) {
      throw new Error(
        `EVENTSTORE_CONNECTION_STRING is not a valid EventStoreDB connection string: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    }
  }

  async appendToStream(
    streamName: string,
    events: EventToAppend[],
    { expectedRevision = 'any' }: { expectedRevision?: ExpectedRevision } = {},
  ): Promise<AppendResult> {
    if (events.length === 0) throw new Error('appendToStream needs at least one event');
    try {
      const result = await this.client.appendToStream(
        streamName,
        events.map((event) =>
          jsonEvent({
            id: event.id,
            type: event.type,
            data: event.data as Record<string, unknown>,
            metadata: (event.metadata ?? {}) as Record<string, unknown>,
          }),
        ),
        { expectedRevision: toClientRevision(expectedRevision), deadline: this.options.deadlineMs },
      );
      const position = result.position ?? (await this.lastPosition(streamName));
      return { nextExpectedRevision: result.nextExpectedRevision, position };
    } catch (error) {
      if (error instanceof ClientWrongExpectedVersion) {
        const actual = typeof error.actualVersion === 'bigint' ? error.actualVersion : 'no_stream';
        throw new WrongExpectedVersionError(streamName, expectedRevision, actual);
      }
      throw error;
    }
  }

  /** For servers that leave the position out of an append's answer. */
  private async lastPosition(streamName: string): Promise<Position> {
    const [last] = await this.readStream(streamName, { direction: 'backwards', maxCount: 1 });
    return last.position;
  }

  async readStream(streamName: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const backwards = options.direction === 'backwards';
    const from = options.fromRevision ?? (backwards ? 'end' : 'start');
    const events: RecordedEvent[] = [];
    try {
      const read = this.client.readStream(streamName, {
        direction: backwards ? BACKWARDS : FORWARDS,
        fromRevision: from === 'start' ? START : from === 'end' ? END : from,
        ...(options.maxCount === undefined ? {} : { maxCount: options.maxCount }),
        deadline: this.options.deadlineMs,
      });
      for await (const resolved of read) {
        const event = toRecordedEvent(resolved);
        if (event) events.push(event);
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
    return events;
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const backwards = options.direction === 'backwards';
    const from = options.fromPosition ?? (backwards ? 'end' : 'start');
    const read = this.client.readAll({
      direction: backwards ? BACKWARDS : FORWARDS,
      fromPosition: from === 'start' ? START : from === 'end' ? END : from,
      maxCount: options.maxCount ?? 4096,
      deadline: this.options.deadlineMs,
    });
    const events: RecordedEvent[] = [];
    for await (const resolved of read) {
      const event = toRecordedEvent(resolved);
      if (event && !isSystem(event)) events.push(event);
    }
    return events;
  }

  subscribeToAll(options: SubscribeToAllOptions = {}): AllSubscription {
    const subscription = new EventStoreDbAllSubscription(this.client, options, () => this.subscriptions.delete(subscription));
    this.subscriptions.add(subscription);
    return subscription;
  }

  async ping(): Promise<void> {
    for await (const _ of this.client.readAll({ maxCount: 1, direction: BACKWARDS, fromPosition: END, deadline: 2000 })) {
      // Any answer will do: the server is up and serving reads.
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((s) => s.close()));
    await this.client.dispose();
  }
}

class EventStoreDbAllSubscription implements AllSubscription {
  private closed = false;
  private live?: ReturnType<EventStoreDBClient['subscribeToAll']>;

  constructor(
    private readonly client: EventStoreDBClient,
    private readonly options: SubscribeToAllOptions,
    private readonly onClose: () => void,
  ) {}

  async *[Symbol.asyncIterator](): AsyncIterator<SubscriptionBatch> {
    if (this.closed) return;
    const prefixes = this.options.filter?.streamNamePrefixes ?? [];
    const eventTypes = this.options.filter?.eventTypes;
    const from = this.options.fromPosition ?? 'start';
    // The server's checkpoints, pushed into the subscription's own stream from its transform, so
    // that they arrive in order with the events around them.
    const checkpointReached = (subscription: AllStreamSubscription, position: { commit: bigint; prepare: bigint }) => {
      (subscription as unknown as { push(item: unknown): boolean }).push(new ScannedTo(position));
    };
    // The server filters on one thing: the event types when given (no system event is among
    // them), else the stream names, else it leaves out system events; a second part is applied here.
    // A search window of one event makes the server send a checkpoint after each event it passes
    // over, so a consumer of rare events is at the head as soon as the head moves.
    const filter = eventTypes
      ? eventTypeFilter({ regex: `^(?:${eventTypes.map(escapeRegex).join('|')})$`, maxSearchWindow: 1, checkpointReached })
      : prefixes.length > 0
        ? streamNameFilter({ prefixes, maxSearchWindow: 1, checkpointReached })
        : excludeSystemEvents({ checkpointReached });
    const subscription = this.client.subscribeToAll({ fromPosition: from === 'start' ? START : from, filter });
    this.live = subscription;
    const maxBatch = this.options.maxBatchSize ?? 500;
    let batch: RecordedEvent[] = [];
    let reached: Position | undefined;
    let handedOver: Position | undefined = from === 'start' ? undefined : from;
    const passes = (event: RecordedEvent) =>
      !isSystem(event) && (prefixes.length === 0 || prefixes.some((prefix) => event.streamName.startsWith(prefix)));
    try {
      for await (const item of subscription as AsyncIterable<AllStreamResolvedEvent | ScannedTo>) {
        let position: Position | undefined;
        if (item instanceof ScannedTo) position = item.position;
        else {
          const event = toRecordedEvent(item);
          if (event && passes(event)) batch.push(event);
          position = event?.position;
        }
        // A checkpoint can come late, behind events already delivered: the furthest point wins.
        if (position && (!reached || comparePositions(position, reached) > 0)) reached = position;
        // Hand over what has arrived so far once the buffer is drained: batches grow under
        // load and shrink to single events when the consumer keeps up.
        const drained = subscription.readableLength === 0 || batch.length >= maxBatch;
        const moved = reached && (!handedOver || comparePositions(reached, handedOver) > 0);
        if (drained && reached && (batch.length > 0 || moved)) {
          yield { events: batch, checkpoint: reached };
          handedOver = reached;
          batch = [];
        }
        if (this.closed) return;
      }
    } catch (error) {
      if (this.closed) return;
      throw error;
    } finally {
      await subscription.unsubscribe().catch(() => undefined);
    }
    if (!this.closed) throw new Error('The EventStoreDB subscription ended');
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.onClose();
    await this.live?.unsubscribe().catch(() => undefined);
  }
}

function toClientRevision(expected: ExpectedRevision): AppendExpectedRevision {
  switch (expected) {
    case 'any':
      return ANY;
    case 'no_stream':
      return NO_STREAM;
    case 'stream_exists':
      return STREAM_EXISTS;
    default:
      return expected;
  }
}

function toRecordedEvent(resolved: ResolvedEvent | AllStreamResolvedEvent): RecordedEvent | undefined {
  const event = resolved.event;
  if (!event) return undefined;
  const position =
    event.position ??
    (resolved.commitPosition !== undefined ? { commit: resolved.commitPosition, prepare: resolved.commitPosition } : undefined);
  if (!position) throw new Error(`EventStoreDB sent event ${event.id} without a position`);
  const metadata = event.metadata;
  return {
    id: event.id,
    type: event.type,
    streamName: event.streamId,
    revision: event.revision,
    data: event.isJson ? event.data : JSON.parse(Buffer.from(event.data).toString('utf8')),
    metadata: metadata && typeof metadata === 'object' && !(metadata instanceof Uint8Array) && !Array.isArray(metadata) ? metadata : {},
    position: { commit: position.commit, prepare: position.prepare },
    created: event.created,
  };
}

/** A server checkpoint: every event up to here that the filter lets through has been sent. */
class ScannedTo {
  constructor(readonly position: Position) {}
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function isSystem(event: RecordedEvent): boolean {
  return event.type.startsWith('$') || event.streamName.startsWith('$');
}
