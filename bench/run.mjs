// `npm run bench`: throughput of the write path, the event store and the projector on this
// machine, against real PostgreSQL (started like `npm test` does, or DATABASE_URL).
// Figures, not pass/fail: targets are read off these numbers, never asserted in tests.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { startServices } from '../scripts/services.mjs';

const dist = new URL('../dist/', import.meta.url);
const { PostgresEventStore } = await import(new URL('libs/event-store/src/index.js', dist));
const { runMigrations, createDataSource, Projector, READ_MODEL_PROJECTIONS } = await import(new URL('libs/read-models/src/index.js', dist));
const { toStoredEvent, mutualStreamName } = await import(new URL('libs/domain/src/index.js', dist));

const services = await startServices({ mode: 'test' });
const admin = new pg.Client({ connectionString: services.databaseUrl });
await admin.connect();
await admin.query('CREATE DATABASE casebook_bench');
await admin.end();
const url = services.databaseUrl.replace(/\/casebook$/, '/casebook_bench');
await runMigrations(url);
const store = new PostgresEventStore({ connectionString: url, poolSize: 16 });

const results = [];
const rate = (count, ms) => Math.round((count * 1000) / ms);

function registered(mutualId) {
  return {
    type: 'MutualRegistered',
    data: { mutualId, name: `Mutual ${mutualId.slice(0, 6)}`, serviceAreas: ['housing'], registeredAt: new Date().toISOString() },
  };
}
function award(mutualId, i) {
  return {
    type: 'ContractAwarded',
    data: {
      mutualId,
      milestoneId: randomUUID(),
      occurredOn: `${2000 + (i % 25)}`,
      commissioner: 'Council',
      startsOn: `${2000 + (i % 25)}`,
      endsOn: `${2003 + (i % 25)}`,
    },
  };
}
const toAppend = (event) => ({ id: randomUUID(), ...toStoredEvent(event), metadata: { correlationId: randomUUID() } });

async function appendBench(writers, appendsPerWriter) {
  const started = performance.now();
  await Promise.all(
    Array.from({ length: writers }, async () => {
      const mutualId = randomUUID();
      await store.appendToStream(mutualStreamName(mutualId), [toAppend(registered(mutualId))], { expectedRevision: 'no_stream' });
      for (let i = 1; i < appendsPerWriter; i++) {
        await store.appendToStream(mutualStreamName(mutualId), [toAppend(award(mutualId, i))], { expectedRevision: BigInt(i - 1) });
      }
    }),
  );
  const ms = performance.now() - started;
  results.push({
    what: `appends, ${writers} writer(s), one event each, expected revision checked`,
    count: writers * appendsPerWriter,
    ms,
    perSecond: rate(writers * appendsPerWriter, ms),
  });
}

await appendBench(1, 2000);
await appendBench(8, 1000);

// Projection: a fresh projector (a processor per projection) works through the whole backlog written above.
const { rows } = await (async () => {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const r = await c.query('SELECT count(*)::int AS n FROM event_store.events');
  await c.end();
  return r;
})();
const backlog = rows[0].n;
const dataSource = await createDataSource(url).initialize();
const head = (await store.readAll({ direction: 'backwards', maxCount: 1 }))[0].position;
const projector = new Projector(store, dataSource, READ_MODEL_PROJECTIONS, { maxBatchSize: 500 });
const memoryBefore = process.memoryUsage().rss;
const started = performance.now();
projector.start();
for (;;) {
  const position = await projector.slowestCheckpoint();
  if (position.commit > head.commit || (position.commit === head.commit && position.prepare >= head.prepare)) break;
  await new Promise((resolve) => setTimeout(resolve, 20));
}
const projectMs = performance.now() - started;
await projector.stop();
results.push({
  what: 'projection of a backlog into the read models (batches of 500)',
  count: backlog,
  ms: projectMs,
  perSecond: rate(backlog, projectMs),
});

await dataSource.destroy();
await store.close();
await services.stop();

console.log('\nCasebook benchmarks (this machine; figures vary a few per cent run to run)\n');
console.table(results.map((r) => ({ what: r.what, events: r.count, 'ms total': Math.round(r.ms), 'per second': r.perSecond })));
console.log(
  `resident memory during projection: ${Math.round(memoryBefore / 1024 / 1024)} MiB before, ${Math.round(process.memoryUsage().rss / 1024 / 1024)} MiB after`,
);
