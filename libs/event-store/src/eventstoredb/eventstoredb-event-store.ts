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
  excludeSystemEvents,
  jsonEvent,
  streamNameFilter,
  type AllStreamResolvedEvent,
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
  WrongExpectedVersionError,
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

  async *[Symbol.asyncIterator](): AsyncIterator<RecordedEvent[]> {
    if (this.closed) return;
    const prefixes = this.options.filter?.streamNamePrefixes;
    const from = this.options.fromPosition ?? 'start';
    const subscription = this.client.subscribeToAll({
      fromPosition: from === 'start' ? START : from,
      filter: prefixes && prefixes.length > 0 ? streamNameFilter({ prefixes }) : excludeSystemEvents(),
    });
    this.live = subscription;
    const maxBatch = this.options.maxBatchSize ?? 500;
    let batch: RecordedEvent[] = [];
    try {
      for await (const resolved of subscription) {
        const event = toRecordedEvent(resolved);
        if (event && !isSystem(event)) batch.push(event);
        // Hand over what has arrived so far once the buffer is drained: batches grow under
        // load and shrink to single events when the projector keeps up.
        if (batch.length > 0 && (subscription.readableLength === 0 || batch.length >= maxBatch)) {
          yield batch;
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

function isSystem(event: RecordedEvent): boolean {
  return event.type.startsWith('$') || event.streamName.startsWith('$');
}
