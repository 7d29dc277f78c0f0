// One contender of the append benchmark, forked by bench/run.mjs: `ours` (the PostgresEventStore
// from dist), `limit` (a plain INSERT per append into a table like ours), `peer` (Emmett's
// PostgreSQL event store), or `ours-sql` (our store's append function alone). Each lives in a process of its own because Emmett's client library
// replaces pg's JSON parsers for the whole process, and so that no contender warms up the other's
// code. The parent sends `{ writers, seconds }`; writers append one event at a time, each to a
// stream of its own, with the expected revision checked, until the time is up.
import { randomUUID } from 'node:crypto';
import pg from 'pg';

const [contender, url] = process.argv.slice(2);
/** Every writer holds a connection of its own, in every contender. */
const POOL_SIZE = 16;

/** The same event for all three: a contract award, as the API writes one. */
function eventFor(streamId, index) {
  return {
    type: 'ContractAwarded',
    data: {
      mutualId: streamId,
      milestoneId: randomUUID(),
      occurredOn: `${2000 + (index % 25)}`,
      commissioner: 'Eastfield County Council',
      startsOn: `${2000 + (index % 25)}`,
      endsOn: `${2003 + (index % 25)}`,
      annualValueGbp: 1_250_000,
    },
    metadata: { correlationId: randomUUID(), recordedAt: new Date().toISOString(), recordedBy: 'bench' },
  };
}

/** A writer's appends: `append(index)` writes the event at that revision, checking the one before. */
async function contenderOf(name) {
  if (name === 'ours') {
    const { PostgresEventStore } = await import(new URL('../dist/libs/event-store/src/index.js', import.meta.url));
    const store = new PostgresEventStore({ connectionString: url, poolSize: POOL_SIZE });
    return {
      writer() {
        const stream = `mutual-${randomUUID()}`;
        return async (index) => {
          const { type, data, metadata } = eventFor(stream, index);
          await store.appendToStream(stream, [{ id: randomUUID(), type, data, metadata }], {
            expectedRevision: index === 0 ? 'no_stream' : BigInt(index - 1),
          });
        };
      },
      close: () => store.close(),
    };
  }
  if (name === 'ours-sql') {
    // Not a contender but a measure of one: the store's append function called alone, without
    // the store's client code and without the notice the store sends after each commit.
    const pool = new pg.Pool({ connectionString: url, max: POOL_SIZE });
    return {
      writer() {
        const stream = `mutual-${randomUUID()}`;
        return async (index) => {
          const { type, data, metadata } = eventFor(stream, index);
          const { rows } = await pool.query({
            name: 'append',
            text: `SELECT outcome FROM event_store.append($1, $2, $3::uuid[], $4::text[], $5::jsonb[], $6::jsonb[])`,
            values: [
              stream,
              index === 0 ? 'no_stream' : String(index - 1),
              [randomUUID()],
              [type],
              [JSON.stringify(data)],
              [JSON.stringify(metadata)],
            ],
          });
          if (rows[0].outcome !== 'appended') throw new Error(`event_store.append answered ${rows[0].outcome}`);
        };
      },
      close: () => pool.end(),
    };
  }
  if (name === 'limit') {
    const pool = new pg.Pool({ connectionString: url, max: POOL_SIZE });
    // The columns, defaults, keys and unique constraints of event_store.events; the unique
    // (stream, revision) is what refuses a write made against a stale revision.
    await pool.query(`CREATE SCHEMA IF NOT EXISTS bench_limit`);
    await pool.query(`
      CREATE TABLE IF NOT EXISTS bench_limit.events (
        global_position bigserial NOT NULL,
        transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
        stream_name text NOT NULL,
        stream_revision bigint NOT NULL,
        event_id uuid NOT NULL,
        event_type text NOT NULL,
        data jsonb NOT NULL,
        metadata jsonb NOT NULL DEFAULT '{}'::jsonb,
        created timestamptz NOT NULL DEFAULT clock_timestamp(),
        PRIMARY KEY (transaction_id, global_position),
        UNIQUE (stream_name, stream_revision),
        UNIQUE (event_id)
      )`);
    return {
      writer() {
        const stream = `mutual-${randomUUID()}`;
        return async (index) => {
          const { type, data, metadata } = eventFor(stream, index);
          await pool.query(
            `INSERT INTO bench_limit.events (stream_name, stream_revision, event_id, event_type, data, metadata)
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING global_position, transaction_id`,
            [stream, index, randomUUID(), type, JSON.stringify(data), JSON.stringify(metadata)],
          );
        };
      },
      close: () => pool.end(),
    };
  }
  if (name === 'peer') {
    const { getPostgreSQLEventStore } = await import('@event-driven-io/emmett-postgresql');
    const { STREAM_DOES_NOT_EXIST } = await import('@event-driven-io/emmett');
    // Emmett's own pool holds pg's default of 10 connections and takes no size; one handed to it
    // gives its 16 writers a connection each, as the others have.
    const pool = new pg.Pool({ connectionString: url, max: POOL_SIZE });
    const store = getPostgreSQLEventStore(url, { connectionOptions: { pool } });
    await store.schema.migrate();
    return {
      writer() {
        const stream = `mutual-${randomUUID()}`;
        let version = STREAM_DOES_NOT_EXIST;
        return async (index) => {
          const result = await store.appendToStream(stream, [eventFor(stream, index)], { expectedStreamVersion: version });
          version = result.nextExpectedStreamVersion;
        };
      },
      close: async () => {
        await store.close();
        await pool.end();
      },
    };
  }
  throw new Error(`unknown contender ${name}`);
}

const subject = await contenderOf(contender);

async function run({ writers, seconds }) {
  // Each writer's first append (its stream's creation) is not timed: it also opens the pool's
  // connections again where they were closed while idle (pg's pools close them after 10 s), so
  // that no contender's figure includes connecting.
  const appends = Array.from({ length: writers }, () => subject.writer());
  await Promise.all(appends.map((append) => append(0)));
  const latencies = [];
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    appends.map(async (append) => {
      for (let index = 1; performance.now() < deadline; index++) {
        const before = performance.now();
        await append(index);
        latencies.push(performance.now() - before);
      }
    }),
  );
  const ms = performance.now() - started;
  const sorted = Float64Array.from(latencies).sort();
  const at = (p) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
  return {
    appends: latencies.length,
    written: latencies.length + writers,
    ms,
    perSecond: (latencies.length * 1000) / ms,
    p50: at(0.5),
    p99: at(0.99),
  };
}

// Left alone when bench/run.mjs is gone (stopped by a signal, say).
process.on('disconnect', () => process.exit(1));

process.on('message', (message) => {
  if (message.close) {
    // maxRSS: the process's peak resident set, in KiB.
    void subject.close().then(() => process.send({ peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024) }, () => process.exit(0)));
    return;
  }
  run(message).then(
    (result) => process.send({ result }),
    (error) => process.send({ error: error.stack ?? String(error) }),
  );
});
process.send({ ready: true });
