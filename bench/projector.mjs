// `npm run bench` (projector part): how fast the projector catches up with a large backlog,
// against the limit measured in the same run: a plain script inserting the same final rows in
// large batches. PostgreSQL runs with its defaults (fsync on). Rounds are interleaved (projector,
// limit, projector, limit, ...) so that a noisy neighbour hurts both alike; the figures are the
// median and range of the rounds. `--size small` uses 50,000 events, the default 1,000,000.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const dist = new URL('../dist/', import.meta.url);
const { PostgresEventStore } = await import(new URL('libs/event-store/src/index.js', dist));
const { runMigrations, createDataSource, Projector, READ_MODEL_PROJECTIONS, READ_MODEL_ENTITIES, ProjectionCheckpoint, rebuildProjection } =
  await import(new URL('libs/read-models/src/index.js', dist));
const { toStoredEvent, mutualStreamName, caseStreamName, studyStreamName, accountStreamName, MILESTONE_EVENT_TYPES } = await import(
  new URL('libs/domain/src/index.js', dist)
);
const { EVENT_EXAMPLES } = await import(new URL('libs/domain/src/event-examples.js', dist));

// The child: one catch-up from the checkpoints stored, reporting its time and peak memory.
if (process.argv[2] === '--child') {
  const url = process.argv[3];
  // `read-only`: one processor whose projection writes nothing, to weigh reading $all alone.
  const projections =
    process.argv[4] === 'read-only'
      ? [{ name: 'bench-read-only', version: 1, tables: [], handles: [], project: () => [] }]
      : READ_MODEL_PROJECTIONS;
  const store = new PostgresEventStore({ connectionString: url });
  const dataSource = await createDataSource(url).initialize();
  const head = (await store.readAll({ direction: 'backwards', maxCount: 1 }))[0].position;
  const projector = new Projector(store, dataSource, projections, { maxBatchSize: 1000 });
  const started = performance.now();
  projector.start();
  for (;;) {
    const slowest = await projector.slowestCheckpoint();
    if (slowest.commit > head.commit || (slowest.commit === head.commit && slowest.prepare >= head.prepare)) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const ms = performance.now() - started;
  await projector.stop();
  await dataSource.destroy();
  await store.close();
  process.stdout.write(`${JSON.stringify({ ms, peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`);
  process.exit(0);
}

const { startServices } = await import('../scripts/services.mjs');
const size = process.argv.includes('--size') && process.argv[process.argv.indexOf('--size') + 1] === 'small' ? 50_000 : 1_000_000;
const rounds = 3;

// A realistic record: mutuals with a registration, a spin-out and a run of every kind of
// milestone, some corrected, some retracted, some registrations corrected; a quarter enrolled as
// cases of studies of twelve, each with contacts and three waves of interviews.
// Every kind of milestone but those that end a mutual (a merger, an acquisition, a dissolution)
// or that the history already opens with (the spin-out).
const ENDINGS = new Set(['MutualSpunOut', 'MutualMerged', 'MutualAcquired', 'MutualDissolved']);
const MILESTONE_TYPES = Object.values(MILESTONE_EVENT_TYPES).filter((type) => !ENDINGS.has(type));
const years = (i) => `${2008 + (i % 17)}`;
const like = (type, data) => ({ type, data: { ...structuredClone(EVENT_EXAMPLES[type]), ...data } });

function mutualHistory(mutualId, index) {
  const events = [like('MutualRegistered', { mutualId, name: `Mutual ${index}` })];
  const milestones = [];
  const spunOut = randomUUID();
  events.push(like('MutualSpunOut', { mutualId, milestoneId: spunOut, occurredOn: years(index) }));
  for (let i = 0; i < 24; i++) {
    const milestoneId = randomUUID();
    milestones.push(milestoneId);
    events.push(
      like(MILESTONE_TYPES[(index + i) % MILESTONE_TYPES.length], { mutualId, milestoneId, occurredOn: `${years(i)}-0${1 + (i % 9)}` }),
    );
  }
  events.push(like('MilestoneCorrected', { mutualId, milestoneId: milestones[3], occurredOn: years(index + 1) }));
  events.push(like('MilestoneCorrected', { mutualId, milestoneId: spunOut, occurredOn: `${years(index)}-04` }));
  events.push(like('MilestoneRetracted', { mutualId, milestoneId: milestones[7] }));
  events.push(like('RegistrationCorrected', { mutualId, changes: { region: 'london' } }));
  return events;
}

function caseHistory(caseId, studyId, mutualId) {
  const events = [like('CaseEnrolled', { caseId, studyId, mutualId })];
  const contacts = [randomUUID(), randomUUID(), randomUUID()];
  for (const contactId of contacts) events.push(like('ContactAdded', { caseId, contactId }));
  events.push(like('ContactConsentChanged', { caseId, contactId: contacts[2], consentToContact: false }));
  for (let wave = 1; wave <= 3; wave++) {
    const waveId = randomUUID();
    events.push(like('WaveScheduled', { caseId, waveId, waveNumber: wave, remindContactIds: contacts }));
    for (let i = 0; i < 4; i++)
      events.push(like('InterviewRecorded', { caseId, waveId, interviewId: randomUUID(), contactId: contacts[i % 3] }));
    events.push(like('WaveCompleted', { caseId, waveId }));
    events.push(like('WaveSignedOff', { caseId, waveId }));
  }
  return events;
}

const toAppend = (event) => ({ id: randomUUID(), ...toStoredEvent(event), metadata: { correlationId: randomUUID() } });

async function writeBacklog(store) {
  let written = 0;
  let studyId;
  let index = 0;
  const accounts = Array.from({ length: 20 }, () => randomUUID());
  for (const accountId of accounts) {
    await store.appendToStream(accountStreamName(accountId), [toAppend(like('AccountCreated', { accountId }))]);
    written += 1;
  }
  while (written < size) {
    const mutualId = randomUUID();
    const history = mutualHistory(mutualId, index);
    const writes = [[mutualStreamName(mutualId), history]];
    if (index % 4 === 0) {
      if (index % 48 === 0) {
        studyId = randomUUID();
        writes.push([studyStreamName(studyId), [like('StudyCreated', { studyId, title: `Study ${index / 48}` })]]);
      }
      const caseId = randomUUID();
      writes.push([caseStreamName(caseId), caseHistory(caseId, studyId, mutualId)]);
    }
    for (const [stream, events] of writes) {
      await store.appendToStream(stream, events.map(toAppend));
      written += events.length;
    }
    index += 1;
  }
  return written;
}

const tableOf = (dataSource, entity) => {
  const metadata = dataSource.getMetadata(entity);
  return { name: `"${metadata.schema}"."${metadata.tableName}"`, metadata };
};

async function emptyReadModels(dataSource) {
  const tables = READ_MODEL_ENTITIES.filter((e) => e !== ProjectionCheckpoint).map((e) => tableOf(dataSource, e).name);
  await dataSource.query(`TRUNCATE ${tables.join(', ')}`);
  await dataSource.query(`DELETE FROM read_models.projection_checkpoints WHERE name = ANY($1::text[])`, [
    READ_MODEL_PROJECTIONS.map((p) => p.name),
  ]);
}

// BENCH_PROFILE_DIR=folder: each projector child writes a V8 CPU profile there.
const profile = process.env.BENCH_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`] : [];

function runChild(url, mode = 'all') {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...profile, fileURLToPath(import.meta.url), '--child', url, mode], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.on('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out.trim().split('\n').at(-1))) : reject(new Error(`projector exited ${code}`)),
    );
  });
}

/** The limit: the same final rows, inserted by a plain script in batches of 5,000 rows. */
async function insertFinalRows(client, finalRows) {
  const started = performance.now();
  await client.query('BEGIN');
  for (const { name, rows } of finalRows) {
    for (let i = 0; i < rows.length; i += 5000) {
      await client.query(`INSERT INTO ${name} SELECT * FROM jsonb_populate_recordset(NULL::${name}, $1::jsonb)`, [
        JSON.stringify(rows.slice(i, i + 5000)),
      ]);
    }
  }
  await client.query('COMMIT');
  return performance.now() - started;
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const range = (values) =>
  `${Math.round(Math.min(...values)).toLocaleString('en-GB')}-${Math.round(Math.max(...values)).toLocaleString('en-GB')}`;

const services = await startServices({ mode: 'bench' });
try {
  const admin = new pg.Client({ connectionString: services.databaseUrl });
  await admin.connect();
  const settings = await admin.query(
    `SELECT name, setting FROM pg_settings WHERE name IN ('fsync', 'synchronous_commit', 'full_page_writes', 'shared_buffers', 'server_version') ORDER BY name`,
  );
  // A database of its own, named for this run, so that a server named by DATABASE_URL (as
  // bench/run.mjs passes it) is left as it was found.
  const database = `casebook_projector_bench_${process.pid}`;
  await admin.query(`CREATE DATABASE ${database}`);
  const parsed = new URL(services.databaseUrl);
  parsed.pathname = `/${database}`;
  const url = parsed.toString();
  await runMigrations(url);
  const store = new PostgresEventStore({ connectionString: url });
  const generated = performance.now();
  const events = await writeBacklog(store);
  await store.close();
  console.log(`wrote ${events.toLocaleString('en-GB')} events in ${Math.round((performance.now() - generated) / 1000)} s`);

  const dataSource = await createDataSource(url).initialize();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const projector = [];
  const limit = [];
  let peakRss = 0;
  let finalRows;
  for (let round = 1; round <= rounds; round++) {
    await emptyReadModels(dataSource);
    const child = await runChild(url);
    projector.push((events * 1000) / child.ms);
    peakRss = Math.max(peakRss, child.peakRssMiB);
    if (!finalRows) {
      // One query at a time: a pg client runs one at once.
      finalRows = [];
      for (const entity of READ_MODEL_ENTITIES.filter((e) => e !== ProjectionCheckpoint)) {
        const { name } = tableOf(dataSource, entity);
        const rows = await client.query(`SELECT to_jsonb(t) AS row FROM ${name} t`);
        finalRows.push({ name, rows: rows.rows.map((r) => r.row) });
      }
    }
    await emptyReadModels(dataSource);
    limit.push((events * 1000) / (await insertFinalRows(client, finalRows)));
    console.log(
      `round ${round}: projector ${Math.round(projector.at(-1))} events/s, limit ${Math.round(limit.at(-1))} events/s, ratio ${(projector.at(-1) / limit.at(-1)).toFixed(2)}`,
    );
  }
  // How much of a catch-up is reading: one processor that reads every event and writes nothing.
  const readOnly = await runChild(url, 'read-only');
  await dataSource.query(`DELETE FROM read_models.projection_checkpoints WHERE name = 'bench-read-only'`);
  const readOnlyPerSecond = Math.round((events * 1000) / readOnly.ms);
  console.log(`one processor reading every event and writing nothing: ${readOnlyPerSecond} events/s`);
  // A rebuild of the projection with the most rows (the timeline), into fresh tables beside the
  // current ones, swapped in at the end: what `npm run projections -- rebuild` costs.
  const rebuildStore = new PostgresEventStore({ connectionString: url });
  const timeline = READ_MODEL_PROJECTIONS.find((p) => p.name === 'mutual-timeline');
  const rebuilt = await rebuildProjection(rebuildStore, dataSource, timeline);
  await rebuildStore.close();
  const rebuildPerSecond = Math.round(rebuilt.events / rebuilt.seconds);
  console.log(
    `rebuild of mutual-timeline alone: ${rebuilt.events} events in ${rebuilt.seconds.toFixed(1)} s, ${rebuildPerSecond} events/s`,
  );
  const ratios = projector.map((p, i) => p / limit[i]);
  const rowCount = finalRows.reduce((sum, t) => sum + t.rows.length, 0);
  const result = {
    events,
    finalRows: rowCount,
    rounds,
    projectorEventsPerSecond: { median: Math.round(median(projector)), range: range(projector) },
    limitEventsPerSecond: { median: Math.round(median(limit)), range: range(limit) },
    ratioToLimit: {
      median: Number(median(ratios).toFixed(2)),
      min: Number(Math.min(...ratios).toFixed(2)),
      max: Number(Math.max(...ratios).toFixed(2)),
    },
    projectorPeakRssMiB: peakRss,
    readOnlyProcessorEventsPerSecond: readOnlyPerSecond,
    rebuildOfTheTimelineEventsPerSecond: rebuildPerSecond,
    processors: READ_MODEL_PROJECTIONS.length,
    postgres: Object.fromEntries(settings.rows.map((r) => [r.name, r.setting])),
  };
  console.log(
    '\nProjector catch-up (a processor per projection, set-based writes) against a plain batched INSERT of the same final rows\n',
  );
  console.table({
    projector: { 'events/s (median)': result.projectorEventsPerSecond.median, range: result.projectorEventsPerSecond.range },
    'plain INSERT of the final rows (limit)': {
      'events/s (median)': result.limitEventsPerSecond.median,
      range: result.limitEventsPerSecond.range,
    },
  });
  console.log(
    `ratio to the limit: median ${result.ratioToLimit.median} (${result.ratioToLimit.min}-${result.ratioToLimit.max}); projector peak RSS ${peakRss} MiB; ${rowCount.toLocaleString('en-GB')} final rows`,
  );
  console.log(JSON.stringify(result));
  await client.end();
  await dataSource.destroy();
  await admin.query(`DROP DATABASE ${database} WITH (FORCE)`);
  await admin.end();
} finally {
  await services.stop();
}
