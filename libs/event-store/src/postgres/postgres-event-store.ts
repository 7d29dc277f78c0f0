// The embedded default: events in PostgreSQL, schema `event_store`.
//
// Why `$all` is ordered by (transaction_id, global_position) and not by the bigserial alone:
// sequence values are handed out when rows are inserted, not when transactions commit, so a
// reader can see position 11 committed while 10 is still in flight; if it then remembers 11 as
// its checkpoint, 10 is skipped for ever. Here a reader only takes events whose writing
// transaction is older than every transaction still running (pg_snapshot_xmin of its own
// snapshot). That set can no longer grow below the checkpoint, so walking it in
// (transaction_id, global_position) order never skips and never repeats. The price: any
// transaction anywhere in the cluster that holds a transaction id keeps every event written
// after it from subscribers until it ends; `subscribersHeldBack` names such a transaction.
//
// An append is one statement, `event_store.append` (migration 1763900018000), so one round trip
// and its own transaction. Appends to one stream are serialised by an advisory lock it takes
// before writing anything, so a later append to the same stream always has a larger
// transaction id and a stream's events keep their order in `$all`. The unique
// (stream, revision) is the backstop. Subscribers are told of new events by a NOTIFY sent after
// the append has committed (AppendAnnouncer), never from inside it, and poll besides.
import { Client, Pool } from 'pg';
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
const APPEND_FUNCTION = 'event_store.append(text, text, uuid[], text[], jsonb[], jsonb[])';
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

/** What event_store.append answers; each outcome fills the columns it names. */
type AppendRow =
  | { outcome: 'appended' | 'replayed'; revision_text: string; commit: string; prepare: string }
  | { outcome: 'wrong_expected_revision'; revision_text: string | null }
  | { outcome: 'stored_elsewhere'; stored_elsewhere: string[] };

export interface PostgresEventStoreOptions {
  connectionString: string;
  /** How often an idle subscription looks for new events when no notification arrives. */
  pollIntervalMs?: number;
  poolSize?: number;
}

export class PostgresEventStore extends EventStore {
  private readonly pool: Pool;
  private readonly subscriptions = new Set<PostgresAllSubscription>();
  private readonly announcer: AppendAnnouncer;

  constructor(private readonly options: PostgresEventStoreOptions) {
    super();
    this.pool = new Pool({ connectionString: options.connectionString, max: options.poolSize ?? 10 });
    // An idle client that loses its server must not crash the process; the next query reports it.
    this.pool.on('error', () => undefined);
    this.announcer = new AppendAnnouncer(options.connectionString);
  }

  async appendToStream(
    streamName: string,
    events: EventToAppend[],
    { expectedRevision = 'any' }: { expectedRevision?: ExpectedRevision } = {},
  ): Promise<AppendResult> {
    if (events.length === 0) throw new Error('appendToStream needs at least one event');
    let row: AppendRow;
    try {
      // One statement is its own transaction: the function takes the stream's lock, checks for
      // a retry and the expected revision, and writes (see the migration that creates it).
      const result = await this.pool.query<AppendRow>({
        name: 'event_store_append',
        text: `SELECT outcome, last_revision::text AS revision_text, last_commit::text AS commit, last_prepare::text AS prepare,
                      stored_elsewhere::text[] AS stored_elsewhere
                 FROM event_store.append($1, $2, $3::uuid[], $4::text[], $5::jsonb[], $6::jsonb[])`,
        values: [
          streamName,
          String(expectedRevision),
          events.map((event) => event.id),
          events.map((event) => event.type),
          events.map((event) => JSON.stringify(event.data)),
          events.map((event) => JSON.stringify(event.metadata ?? {})),
        ],
      });
      row = result.rows[0];
    } catch (error) {
      // Only a writer that bypassed the stream's lock could get here first.
      if (isUniqueViolation(error, 'events_stream_revision_key')) {
        throw new WrongExpectedVersionError(streamName, expectedRevision, await this.streamRevision(streamName));
      }
      throw error;
    }
    switch (row.outcome) {
      case 'wrong_expected_revision':
        throw new WrongExpectedVersionError(
          streamName,
          expectedRevision,
          row.revision_text === null ? 'no_stream' : BigInt(row.revision_text),
        );
      case 'stored_elsewhere':
        throw new Error(`Events ${row.stored_elsewhere.join(', ')} are already stored elsewhere`);
      case 'appended':
        this.announcer.announce();
        return resultOf(row);
      case 'replayed':
        return resultOf(row);
    }
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

  /** Also refuses a database whose event store was migrated before appends were one statement. */
  async ping(): Promise<void> {
    const { rows } = await this.pool.query<{ appends: boolean }>(
      `SELECT to_regprocedure('${APPEND_FUNCTION}') IS NOT NULL AS appends, (SELECT 1 FROM event_store.streams LIMIT 1)`,
    );
    if (!rows[0].appends) throw new Error(`${APPEND_FUNCTION} does not exist`);
  }

  /** What keeps events from this store's subscribers, read with the store's own connections. */
  subscribersHeldBack(options?: { minimumSeconds?: number }): Promise<SubscribersHeldBack> {
    return subscribersHeldBack(async (sql, params) => (await this.pool.query(sql, params)).rows as unknown[], options);
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((s) => s.close()));
    await this.announcer.close();
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

/**
 * Tells listeners that events were appended, after their transactions committed. At most one
 * NOTIFY is in flight at a time; appends that commit meanwhile are told by one more sent after
 * it, so every append is followed by a notice sent after its commit, and a burst of appends
 * costs a few notices rather than one each. Notices go on a connection of their own, with
 * synchronous_commit off: a NOTIFY is a transaction with an id of its own, and one lost in a
 * crash costs nothing, since subscribers poll.
 */
class AppendAnnouncer {
  private connection?: Promise<Client>;
  private sending = false;
  private again = false;
  private closed = false;
  private sent: Promise<void> = Promise.resolve();

  constructor(private readonly connectionString: string) {}

  announce(): void {
    if (this.closed) return;
    if (this.sending) {
      this.again = true;
      return;
    }
    this.sending = true;
    this.sent = this.send();
  }

  private async send(): Promise<void> {
    try {
      do {
        this.again = false;
        const client = await (this.connection ??= this.connect());
        await client.query(`NOTIFY ${NOTIFY_CHANNEL}`);
      } while (this.again && !this.closed);
    } catch {
      // Subscribers poll, so a notice that could not be sent only delays them; the next
      // announcement connects afresh.
      this.drop();
    } finally {
      this.sending = false;
    }
  }

  private async connect(): Promise<Client> {
    const client = new Client({ connectionString: this.connectionString });
    client.on('error', () => this.drop());
    try {
      await client.connect();
      await client.query('SET synchronous_commit = off');
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    return client;
  }

  private drop(): void {
    const connection = this.connection;
    this.connection = undefined;
    void connection?.then((client) => client.end()).catch(() => undefined);
  }

  /** Ends the connection first, so that a notice stuck on a server that went away ends too. */
  async close(): Promise<void> {
    this.closed = true;
    const connection = this.connection;
    this.connection = undefined;
    await connection?.then((client) => client.end()).catch(() => undefined);
    await this.sent;
  }
}

/** A transaction that keeps committed events from subscribers while it stays open. */
export interface HoldingTransaction {
  /** None for a prepared (two-phase) transaction, which has no backend of its own. */
  pid: number | null;
  database: string | null;
  user: string | null;
  applicationName: string | null;
  /** pg_stat_activity's state (`idle in transaction`, `active`, ...), or how it was prepared. */
  state: string | null;
  /** How long the transaction has been open. */
  seconds: number;
}

export interface SubscribersHeldBack {
  /** Committed events no subscriber can read yet, counted up to HELD_BACK_COUNT_LIMIT. */
  eventsWaiting: number;
  /** How long the oldest of them has waited since it was written; 0 when none waits. */
  waitingSeconds: number;
  /**
   * The transactions that keep them back (older than the newest waiting event), oldest first.
   * Empty although events wait when the database user may not see the holder's session: other
   * users' transaction ids show in pg_stat_activity only to members of pg_read_all_stats.
   */
  transactions: HoldingTransaction[];
}

export const HELD_BACK_COUNT_LIMIT = 100_000;

/**
 * What keeps committed events from subscribers: an event is read only once every transaction
 * older than its own has ended, and transaction ids are shared by the whole cluster, so a
 * transaction that holds one, in any database, holds back every event written after it began
 * to write. Only transactions open at least `minimumSeconds` are named. `query` runs one
 * statement on the event store's database (a pg pool, or TypeORM's DataSource.query).
 */
export async function subscribersHeldBack(
  query: (sql: string, params: unknown[]) => Promise<unknown[]>,
  { minimumSeconds = 0 }: { minimumSeconds?: number } = {},
): Promise<SubscribersHeldBack> {
  const rows = (await query(
    `WITH horizon AS MATERIALIZED (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS settled_below),
     waiting AS (
       SELECT count(*)::int AS events, coalesce(extract(epoch FROM clock_timestamp() - min(w.created)), 0)::float8 AS seconds
         FROM (SELECT events.created FROM event_store.events, horizon
                WHERE events.transaction_id >= horizon.settled_below
                ORDER BY events.transaction_id, events.global_position LIMIT ${HELD_BACK_COUNT_LIMIT}) w),
     newest AS (
       SELECT events.transaction_id::xid AS xid FROM event_store.events
        ORDER BY events.transaction_id DESC, events.global_position DESC LIMIT 1),
     holding AS (
       SELECT a.pid, a.datname::text AS database, a.usename::text AS user_name, a.application_name, a.state,
              extract(epoch FROM clock_timestamp() - a.xact_start)::float8 AS seconds, a.backend_xid AS xid
         FROM pg_stat_activity a WHERE a.backend_xid IS NOT NULL AND a.pid <> pg_backend_pid()
       UNION ALL
       SELECT NULL, p.database::text, p.owner::text, NULL, 'prepared as ' || quote_literal(p.gid),
              extract(epoch FROM clock_timestamp() - p.prepared)::float8, p.transaction
         FROM pg_prepared_xacts p)
     SELECT waiting.events, waiting.seconds,
            coalesce((SELECT json_agg(json_build_object('pid', h.pid, 'database', h.database, 'user', h.user_name,
                                                        'applicationName', h.application_name, 'state', h.state,
                                                        'seconds', h.seconds) ORDER BY age(h.xid) DESC)
                        FROM holding h, newest
                       WHERE age(h.xid) > age(newest.xid) AND h.seconds >= $1), '[]'::json) AS transactions
       FROM waiting`,
    [minimumSeconds],
  )) as { events: number; seconds: number; transactions: HoldingTransaction[] }[];
  const [{ events, seconds, transactions }] = rows;
  return { eventsWaiting: events, waitingSeconds: events > 0 ? seconds : 0, transactions };
}

function resultOf(row: { revision_text: string; commit: string; prepare: string }): AppendResult {
  return { nextExpectedRevision: BigInt(row.revision_text), position: { commit: BigInt(row.commit), prepare: BigInt(row.prepare) } };
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
