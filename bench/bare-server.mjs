// The limit of the HTTP benchmark, forked by bench/http.mjs: a bare Node `http` server on the
// same database, doing per request the least the API's answer needs. A milestone POST: the bearer
// token compared, the body parsed, one INSERT of the row the API's event would be (into a table
// like event_store.events, the next revision found by the same statement). A timeline GET: one
// SELECT of the same rows the API answers with, through the same index, and JSON.stringify.
import { randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import pg from 'pg';

const [url, token] = process.argv.slice(2);
// The API's pools hold pg's default of 10 connections; so does this one.
const pool = new pg.Pool({ connectionString: url, max: 10 });
await pool.query(`CREATE SCHEMA IF NOT EXISTS bench_bare`);
await pool.query(`
  CREATE TABLE IF NOT EXISTS bench_bare.events (
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

const expected = Buffer.from(`Bearer ${token}`);
const authorised = (request) => {
  const given = Buffer.from(request.headers.authorization ?? '');
  return given.length === expected.length && timingSafeEqual(given, expected);
};

const MILESTONES = /^\/mutuals\/([0-9a-f-]{36})\/milestones$/;
const TIMELINE = /^\/mutuals\/([0-9a-f-]{36})\/timeline$/;

function send(response, status, body) {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}

async function recordMilestone(mutualId, request) {
  const chunks = [];
  for await (const chunk of request) chunks.push(chunk);
  const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  const milestoneId = randomUUID();
  const metadata = { correlationId: randomUUID(), recordedAt: new Date().toISOString(), recordedBy: 'bench' };
  const { rows } = await pool.query(
    `INSERT INTO bench_bare.events (stream_name, stream_revision, event_id, event_type, data, metadata)
     SELECT $1, coalesce(max(stream_revision) + 1, 0), $2, $3, $4, $5 FROM bench_bare.events WHERE stream_name = $1
     RETURNING stream_revision::text AS revision, global_position::text AS prepare, transaction_id::text AS commit`,
    [`mutual-${mutualId}`, randomUUID(), 'StaffingReported', JSON.stringify({ mutualId, milestoneId, ...body }), JSON.stringify(metadata)],
  );
  return { id: milestoneId, version: Number(rows[0].revision) + 1, position: `${rows[0].commit}:${rows[0].prepare}` };
}

async function timeline(mutualId, limit) {
  const { rows } = await pool.query(
    `SELECT t.milestone_id, t.type, t.occurred_on, t.precision, t.sort_key, t.stream_revision::text AS revision, t.details,
            t.recorded_at, t.recorded_by, rb.display_name AS recorded_by_name, t.source,
            t.corrected_at, t.corrected_by, cb.display_name AS corrected_by_name, t.correction_reason
       FROM read_models.mutual_timeline t
       LEFT JOIN read_models.account_directory rb ON rb.account_id::text = t.recorded_by
       LEFT JOIN read_models.account_directory cb ON cb.account_id::text = t.corrected_by
      WHERE t.mutual_id = $1
      ORDER BY t.sort_key, t.stream_revision, t.milestone_id
      LIMIT $2`,
    [mutualId, limit],
  );
  return { mutualId, milestones: rows };
}

const server = createServer((request, response) => {
  if (!authorised(request)) return send(response, 401, { title: 'Unauthorized' });
  const path = request.url.split('?')[0];
  const write = request.method === 'POST' && MILESTONES.exec(path);
  const read = request.method === 'GET' && TIMELINE.exec(path);
  const answer = write
    ? recordMilestone(write[1], request).then((body) => send(response, 201, body))
    : read
      ? timeline(read[1], Number(new URL(request.url, 'http://x').searchParams.get('limit') ?? 100)).then((body) =>
          send(response, 200, body),
        )
      : Promise.resolve(send(response, 404, { title: 'Not Found' }));
  answer.catch((error) => send(response, 500, { title: String(error.message) }));
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
// Left alone when the benchmark is gone (stopped by a signal, say).
process.on('disconnect', () => process.exit(1));
process.on('message', (message) => {
  if (!message.close) return;
  server.close(() => void pool.end().then(() => process.exit(0)));
  server.closeAllConnections();
});
