// An app from dist with V8's CPU profiler at hand (`node bench/profiled-app.mjs dist/apps/api/src/main.js`),
// forked by bench/http.mjs when BENCH_PROFILE_DIR is set. The profiler runs only between the
// parent's `{ profile: 'start' }` and `{ profile: 'stop', file }`, so that a profile holds the
// requests it was taken for, not the app's start-up or the bare server's turns; the answer to
// `stop` counts the statements the app sent to PostgreSQL meanwhile.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';

const session = new Session();
session.connect();
await session.post('Profiler.enable');
// Every 200 µs rather than V8's 1 ms: a request here takes a few milliseconds.
await session.post('Profiler.setSamplingInterval', { interval: 200 });

// Statements sent to PostgreSQL, each a round trip: every pool, TypeORM's too, queries through
// pg's Client, which is the same module here as in the app.
let queries = 0;
let texts = new Map();
const query = pg.Client.prototype.query;
pg.Client.prototype.query = function countedQuery(...args) {
  queries += 1;
  const text = typeof args[0] === 'string' ? args[0] : args[0]?.text;
  if (typeof text === 'string') {
    const start = text.replace(/\s+/g, ' ').trim().slice(0, 100);
    texts.set(start, (texts.get(start) ?? 0) + 1);
  }
  return query.apply(this, args);
};

process.on('message', (message) => {
  if (message.profile === 'start') {
    queries = 0;
    texts = new Map();
    void session.post('Profiler.start').then(() => process.send({ profiling: 'started' }));
  } else if (message.profile === 'stop') {
    const sent = queries;
    const statements = [...texts].sort(([, a], [, b]) => b - a).slice(0, 10);
    void session.post('Profiler.stop').then(({ profile }) => {
      writeFileSync(message.file, JSON.stringify(profile));
      process.send({ profiling: 'stopped', queries: sent, statements });
    });
  }
});

await import(pathToFileURL(resolve(process.argv[2])).href);
