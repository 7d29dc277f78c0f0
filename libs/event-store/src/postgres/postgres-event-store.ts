// The embedded default: events in PostgreSQL, schema `event_store`.
//
// Why `$all` is ordered by (transaction_id, global_position) and not by the bigserial alone:
// sequence values are handed out when rows are inserted, not when transactions commit, so a
// reader can see position 11 committed while 10 is still in flight; if it then remembers 11 as
// its checkpoint, 10 is skipped for ever. Here a reader only takes events whose writing
// transaction is older than every transaction still running (pg_snapshot_xmin of its own
// snapshot). That set can no longer grow below the checkpoint, so walking it in
// (transaction_id, global_position) order never skips and never repeats.
//
// Appends to one stream are serialised by an advisory lock taken before the transaction
// writes anything, so a later append to the same stream always has a larger transaction id
// and a stream's events keep their order in `$all`. The unique (stream, revision) is the
// backstop.
import { Client, Pool, type PoolClient } from 'pg';
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
  type SubscriptionFilter,
  WrongExpectedVersionError,
} from '../event-store.port.js';

const NOTIFY_CHANNEL = 'event_store_appended';
// Every cast gets a name of its own: a cast keeps the column's name as its output name, and
// ORDER BY resolves output names first, so `stream_revision::text` would sort as text
// (0, 1, 10, 11, 2, ...). Queries order and filter by the table's columns, never by these.
const COLUMNS = `global_position::text AS prepare, transaction_id::text AS commit, stream_name,
  stream_revision::text AS revision_text, event_id, event_type, data, metadata, created`;
const MAX_BIGINT = 2n ** 63n - 1n;
/** Only events of transactions that can no longer be joined by an older one. */
const SETTLED = `transaction_id < pg_snapshot_xmin(pg_current_snapshot())`;

interface EventRow {
  prepare: string;
  commit: string;
  stream_name: string;
  revision_text: string;
  event_id: string;
  event_type: string;
  data: unknown;
  metadata: Record<string, unknown>;
  created: Date;
}

export interface PostgresEventStoreOptions {
  connectionString: string;
  /** How often an idle subscription looks for new events when no notification arrives. */
  pollIntervalMs?: number;
  poolSize?: number;
}

export class PostgresEventStore extends EventStore {
  private readonly pool: Pool;
  private readonly subscriptions = new Set<PostgresAllSubscription>();

  constructor(private readonly options: PostgresEventStoreOptions) {
    super();
    this.pool = new Pool({ connectionString: options.connectionString, max: options.poolSize ?? 10 });
    // An idle client that loses its server must not crash the process; the next query reports it.
    this.pool.on('error', () => undefined);
  }

  async appendToStream(
    streamName: string,
    events: EventToAppend[],
    { expectedRevision = 'any' }: { expectedRevision?: ExpectedRevision } = {},
  ): Promise<AppendResult> {
    if (events.length === 0) throw new Error('appendToStream needs at least one event');
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [streamName]);
      const current = await client.query<{ revision: string }>('SELECT revision::text FROM event_store.streams WHERE stream_name = $1', [
        streamName,
      ]);
      const actual: bigint | 'no_stream' = current.rowCount ? BigInt(current.rows[0].revision) : 'no_stream';

      const replay = await this.findEarlierAppend(client, streamName, events);
      if (replay) {
        await client.query('COMMIT');
        return replay;
      }
      if (!satisfies(expectedRevision, actual)) {
        throw new WrongExpectedVersionError(streamName, expectedRevision, actual);
      }
      const first = actual === 'no_stream' ? 0n : actual + 1n;
      const params: unknown[] = [streamName];
      const rows = events.map((event, index) => {
        params.push(String(first + BigInt(index)), event.id, event.type, JSON.stringify(event.data), JSON.stringify(event.metadata ?? {}));
        const p = params.length;
        return `($1, $${p - 4}::bigint, $${p - 3}::uuid, $${p - 2}, $${p - 1}::jsonb, $${p}::jsonb)`;
      });
      const inserted = await client.query<{ prepare: string; commit: string }>(
        `INSERT INTO event_store.events (stream_name, stream_revision, event_id, event_type, data, metadata)
         VALUES ${rows.join(', ')}
         RETURNING global_position::text AS prepare, transaction_id::text AS commit`,
        params,
      );
      const last = first + BigInt(events.length - 1);
      await client.query(
        `INSERT INTO event_store.streams (stream_name, revision) VALUES ($1, $2)
         ON CONFLICT (stream_name) DO UPDATE SET revision = EXCLUDED.revision`,
        [streamName, String(last)],
      );
      await client.query(`SELECT pg_notify('${NOTIFY_CHANNEL}', '')`);
      await client.query('COMMIT');
      const tail = inserted.rows[inserted.rows.length - 1];
      return { nextExpectedRevision: last, position: { commit: BigInt(tail.commit), prepare: BigInt(tail.prepare) } };
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      if (isUniqueViolation(error, 'events_stream_revision_key')) {
        const now = await this.streamRevision(streamName);
        throw new WrongExpectedVersionError(streamName, expectedRevision, now);
      }
      throw error;
    } finally {
      client.release();
    }
  }

  /** A retried append of events already stored in this stream succeeds without writing. */
  private async findEarlierAppend(client: PoolClient, streamName: string, events: EventToAppend[]): Promise<AppendResult | undefined> {
    const found = await client.query<EventRow>(
      `SELECT ${COLUMNS} FROM event_store.events WHERE event_id = ANY($1::uuid[]) ORDER BY events.stream_revision`,
      [events.map((e) => e.id)],
    );
    if (found.rowCount === 0) return undefined;
    const sameAppend =
      found.rowCount === events.length && found.rows.every((row, i) => row.stream_name === streamName && row.event_id === events[i].id);
    if (!sameAppend) {
      throw new Error(`Events ${found.rows.map((r) => r.event_id).join(', ')} are already stored elsewhere`);
    }
    const last = found.rows[found.rows.length - 1];
    return {
      nextExpectedRevision: BigInt(last.revision_text),
      position: { commit: BigInt(last.commit), prepare: BigInt(last.prepare) },
    };
  }

  private async streamRevision(streamName: string): Promise<bigint | 'no_stream'> {
    const result = await this.pool.query<{ revision: string }>('SELECT revision::text FROM event_store.streams WHERE stream_name = $1', [
      streamName,
    ]);
    return result.rowCount ? BigInt(result.rows[0].revision) : 'no_stream';
  }

  async readStream(streamName: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const backwards = options.direction === 'backwards';
    const from = options.fromRevision ?? (backwards ? 'end' : 'start');
    // EventStoreDB's bounds: forwards from `end` is past the last event, backwards from `start`
    // is revision 0, and revisions are unsigned 64-bit, so one beyond bigint's range is past
    // every stream's end rather than an error.
    if (!backwards && (from === 'end' || (typeof from === 'bigint' && from > MAX_BIGINT))) return [];
    const bound = backwards && from === 'start' ? 0n : typeof from === 'bigint' && from <= MAX_BIGINT ? from : undefined;
    const conditions = ['stream_name = $1'];
    const params: unknown[] = [streamName];
    if (bound !== undefined) {
      params.push(String(bound));
      conditions.push(`stream_revision ${backwards ? '<=' : '>='} $${params.length}::bigint`);
    }
    params.push(options.maxCount ?? null);
    const result = await this.pool.query<EventRow>(
      `SELECT ${COLUMNS} FROM event_store.events WHERE ${conditions.join(' AND ')}
       ORDER BY events.stream_revision ${backwards ? 'DESC' : 'ASC'} LIMIT $${params.length}`,
      params,
    );
    return result.rows.map(toRecordedEvent);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const backwards = options.direction === 'backwards';
    const from = options.fromPosition ?? (backwards ? 'end' : 'start');
    // As on EventStoreDB: nothing lies after the end or before the start.
    if (from === (backwards ? 'start' : 'end')) return [];
    return this.queryAll(this.pool, {
      after: typeof from === 'object' ? from : undefined,
      inclusive: !backwards,
      backwards,
      maxCount: options.maxCount ?? 4096,
    });
  }

  /** Shared by readAll and subscriptions, which query on their own connection. */
  async queryAll(
    runner: Pool | Client,
    query: { after?: Position; inclusive: boolean; backwards: boolean; maxCount: number },
  ): Promise<RecordedEvent[]> {
    const conditions = [SETTLED];
    const params: unknown[] = [];
    if (query.after) {
      params.push(String(query.after.commit), String(query.after.prepare));
      const op = query.backwards ? '<' : query.inclusive ? '>=' : '>';
      conditions.push(`(transaction_id, global_position) ${op} ($1::xid8, $2::bigint)`);
    }
    params.push(query.maxCount);
    const order = query.backwards ? 'DESC' : 'ASC';
    const result = await runner.query<EventRow>(
      `SELECT ${COLUMNS} FROM event_store.events WHERE ${conditions.join(' AND ')}
       ORDER BY transaction_id ${order}, global_position ${order} LIMIT $${params.length}`,
      params,
    );
    return result.rows.map(toRecordedEvent);
  }

  /**
   * The next `scanCount` settled events after `after` are scanned and those the filter lets
   * through returned, at most `maxCount`; `reached` is where the scan stopped (the last of those
   * returned when `maxCount` cut it short). One statement, so one snapshot: no event the filter
   * lets through can settle unseen below `reached`.
   */
  async scanFiltered(
    runner: Pool | Client,
    query: { after?: Position; maxCount: number; scanCount: number; filter: SubscriptionFilter },
  ): Promise<{ events: RecordedEvent[]; reached?: Position }> {
    const scanned = [SETTLED];
    const chosen: string[] = [];
    const params: unknown[] = [];
    if (query.after) {
      params.push(String(query.after.commit), String(query.after.prepare));
      scanned.push(`(transaction_id, global_position) > ($1::xid8, $2::bigint)`);
    }
    const prefixes = query.filter.streamNamePrefixes;
    if (prefixes && prefixes.length > 0) {
      params.push(prefixes.map((p) => `${escapeLike(p)}%`));
      chosen.push(`stream_name LIKE ANY ($${params.length}::text[])`);
    }
    const types = query.filter.eventTypes;
    if (types) {
      params.push(types);
      chosen.push(`event_type = ANY ($${params.length}::text[])`);
    }
    params.push(query.scanCount);
    const scanLimit = `$${params.length}`;
    params.push(query.maxCount);
    const chosenLimit = `$${params.length}`;
    const result = await runner.query<EventRow & { reached_commit: string; reached_prepare: string }>(
      `WITH scanned AS MATERIALIZED (
         SELECT transaction_id, global_position, stream_name, event_type FROM event_store.events
          WHERE ${scanned.join(' AND ')}
          ORDER BY transaction_id, global_position LIMIT ${scanLimit}),
       reached AS (
         SELECT transaction_id AS reached_transaction, global_position AS reached_global FROM scanned
          ORDER BY transaction_id DESC, global_position DESC LIMIT 1),
       chosen AS (
         SELECT transaction_id, global_position FROM scanned
          ${chosen.length > 0 ? `WHERE ${chosen.join(' AND ')}` : ''}
          ORDER BY transaction_id, global_position LIMIT ${chosenLimit})
       SELECT reached_transaction::text AS reached_commit, reached_global::text AS reached_prepare, ${COLUMNS}
         FROM reached LEFT JOIN LATERAL (
           SELECT events.* FROM chosen JOIN event_store.events USING (transaction_id, global_position)) picked ON true
        ORDER BY picked.transaction_id, picked.global_position`,
      params,
    );
    const [first] = result.rows;
    if (!first) return { events: [] };
    const events = result.rows.filter((row) => row.commit !== null).map(toRecordedEvent);
    const reached =
      events.length === query.maxCount
        ? events[events.length - 1].position
        : { commit: BigInt(first.reached_commit), prepare: BigInt(first.reached_prepare) };
    return { events, reached };
  }

  subscribeToAll(options: SubscribeToAllOptions = {}): AllSubscription {
    const subscription = new PostgresAllSubscription(this, this.options, options, () => this.subscriptions.delete(subscription));
    this.subscriptions.add(subscription);
    return subscription;
  }

  async ping(): Promise<void> {
    await this.pool.query('SELECT 1 FROM event_store.streams LIMIT 1');
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((s) => s.close()));
    await this.pool.end();
  }
}

class PostgresAllSubscription implements AllSubscription {
  private closed = false;
  private listener?: Client;
  /** Only a connected listener is ended by close(); one still connecting ends itself. */
  private connected = false;
  /** Set by a notification; consumed by the next idle wait so no notice is lost mid-query. */
  private notified = false;
  private wake?: () => void;

  constructor(
    private readonly store: PostgresEventStore,
    private readonly storeOptions: PostgresEventStoreOptions,
    private readonly options: SubscribeToAllOptions,
    private readonly onClose: () => void,
  ) {}

  async *[Symbol.asyncIterator](): AsyncIterator<SubscriptionBatch> {
    let after = this.options.fromPosition === 'start' ? undefined : this.options.fromPosition;
    const maxCount = this.options.maxBatchSize ?? 500;
    const { filter } = this.options;
    const filtered = filter && ((filter.streamNamePrefixes?.length ?? 0) > 0 || filter.eventTypes !== undefined);
    // A filtered subscription scans a few batches' worth of events per query, so that a consumer
    // of rare events moves through a long stretch of others in few round trips.
    const scanCount = Math.max(maxCount * 4, 2000);
    const listener = await this.listen();
    try {
      while (!this.closed) {
        let batch: SubscriptionBatch | undefined;
        try {
          if (filtered) {
            const { events, reached } = await this.store.scanFiltered(listener, { after, maxCount, scanCount, filter });
            if (reached) batch = { events, checkpoint: reached };
          } else {
            const events = await this.store.queryAll(listener, { after, inclusive: false, backwards: false, maxCount });
            if (events.length > 0) batch = { events, checkpoint: events[events.length - 1].position };
          }
        } catch (error) {
          if (this.closed) return;
          throw error;
        }
        if (batch) {
          after = batch.checkpoint;
          yield batch;
        } else {
          await this.idle();
        }
      }
    } finally {
      this.connected = false;
      await listener.end().catch(() => undefined);
    }
  }

  /** Notifications make new events arrive at once; the poll catches what no notice announced. */
  private async listen(): Promise<Client> {
    const client = new Client({ connectionString: this.storeOptions.connectionString });
    client.on('error', () => undefined);
    client.on('notification', () => {
      this.notified = true;
      this.wake?.();
    });
    this.listener = client;
    try {
      await client.connect();
      await client.query(`LISTEN ${NOTIFY_CHANNEL}`);
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    this.connected = true;
    return client;
  }

  private idle(): Promise<void> {
    if (this.notified || this.closed) {
      this.notified = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const finish = () => {
        clearTimeout(timer);
        this.wake = undefined;
        this.notified = false;
        resolve();
      };
      const timer = setTimeout(finish, this.storeOptions.pollIntervalMs ?? 200);
      this.wake = finish;
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.wake?.();
    this.onClose();
    if (this.connected) await this.listener?.end().catch(() => undefined);
  }
}

function satisfies(expected: ExpectedRevision, actual: bigint | 'no_stream'): boolean {
  switch (expected) {
    case 'any':
      return true;
    case 'no_stream':
      return actual === 'no_stream';
    case 'stream_exists':
      return actual !== 'no_stream';
    default:
      return actual === expected;
  }
}

function toRecordedEvent(row: EventRow): RecordedEvent {
  return {
    id: row.event_id,
    type: row.event_type,
    streamName: row.stream_name,
    revision: BigInt(row.revision_text),
    data: row.data,
    metadata: row.metadata,
    position: { commit: BigInt(row.commit), prepare: BigInt(row.prepare) },
    created: row.created,
  };
}

function isUniqueViolation(error: unknown, constraint: string): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as { code?: string }).code === '23505' &&
    (error as { constraint?: string }).constraint === constraint
  );
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
