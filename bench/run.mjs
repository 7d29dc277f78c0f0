// `npm run bench`: Casebook's write and read paths on this machine, each beside its limit measured
// in the same run, so that the ratio, not the raw figure, is what to read on a shared machine.
// PostgreSQL runs with its defaults (fsync and synchronous commit on), started in a throw-away
// folder (or DATABASE_URL). Figures, not pass/fail: the targets are read off these numbers.
//
//   --size small         under 5 minutes with the build: fewer and shorter rounds, a backlog of
//                        100,000 events for the projector (the default is steadier, and longer)
//   --only append,http   some of the parts: append, http, projector (all by default)
//   --out FILE           where the JSON goes (default bench/results/<date and time>.json)
//
// BENCH_PROFILE_DIR=folder: CPU profiles of the API over one more POST stretch and GET run (and of
// each projector catch-up), summarised in the output; bench/profile-summary.mjs reads any of them.
import { fork, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { startServices } from '../scripts/services.mjs';
import { LENGTH_BUCKETS, TIMELINE_MILESTONES, runHttpBenchmarks } from './http.mjs';
import { cell, median, summary } from './stats.mjs';

const argument = (name) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined);
const size = argument('--size') === 'small' ? 'small' : 'default';
// Many short rounds rather than a few long ones: on a shared machine a neighbour comes and goes
// within seconds, and a ratio is only fair between runs a few seconds apart.
const SIZES = {
  small: { appendRounds: 7, appendSeconds: 1.5, postPasses: 1, getRounds: 5, getSeconds: 2 },
  default: { appendRounds: 15, appendSeconds: 2, postPasses: 2, getRounds: 10, getSeconds: 3 },
};
const PARTS = ['append', 'http', 'projector'];
const parts = new Set(argument('--only')?.split(',') ?? PARTS);
for (const part of parts) if (!PARTS.includes(part)) throw new Error(`--only takes ${PARTS.join(', ')}; not ${part}`);
const plan = SIZES[size];
const stamp = new Date().toISOString().slice(0, 19).replace(/:/g, '-');
const out = resolve(argument('--out') ?? fileURLToPath(new URL(`results/${stamp}.json`, import.meta.url)));
const CONTENDERS = ['ours', 'limit', 'peer', 'ours-sql'];
const LABELS = { ours: 'ours', limit: 'plain INSERT', peer: 'Emmett', 'ours-sql': "ours' SQL alone" };
const WRITERS = [1, 16];
const begun = performance.now();
/** A line of progress, stamped with the time since the start, so that a slow part shows. */
const log = (line) => {
  const seconds = Math.round((performance.now() - begun) / 1000);
  process.stdout.write(`[${String(Math.floor(seconds / 60)).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}] ${line}\n`);
};
/** The report: plain lines, to copy as they are. */
const print = (text) => process.stdout.write(`${text}\n`);

function databaseUrlFor(url, name) {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

async function postgresSettings(url) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const names = [
    'server_version',
    'fsync',
    'synchronous_commit',
    'full_page_writes',
    'wal_level',
    'wal_sync_method',
    'shared_buffers',
    'max_connections',
  ];
  const { rows } = await client.query(`SELECT name, current_setting(name) AS value FROM unnest($1::text[]) AS name`, [names]);
  // What fsync costs depends on what lies under the data folder.
  const { rows: folder } = await client.query(`SELECT current_setting('data_directory') AS dir`).catch(() => ({ rows: [] }));
  await client.end();
  // Only a server started here has its folder on this machine.
  const df = folder[0] && !process.env.DATABASE_URL ? spawnSync('df', ['-T', folder[0].dir], { encoding: 'utf8' }) : undefined;
  const filesystem = df?.status === 0 ? df.stdout.trim().split('\n').at(-1).split(/\s+/).slice(0, 2).join(' ') : 'unknown';
  return { ...Object.fromEntries(rows.map((r) => [r.name, r.value])), data_directory_filesystem: filesystem };
}

function machine() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    os: `${os.type()} ${os.release()}`,
    loadAverageAtStart: os.loadavg().map((x) => Number(x.toFixed(2))),
  };
}

/** A contender in a process of its own (append-contender.mjs), run one scenario at a time. */
async function startContender(name, url) {
  const child = fork(fileURLToPath(new URL('append-contender.mjs', import.meta.url)), [name, url]);
  const reply = () =>
    new Promise((resolvePromise, reject) => {
      const exited = (code) => reject(new Error(`the ${name} contender exited (${code})`));
      child.once('exit', exited);
      child.once('message', (message) => {
        child.off('exit', exited);
        if (message.error) reject(new Error(`${name}: ${message.error}`));
        else resolvePromise(message.result ?? message);
      });
    });
  await reply();
  return {
    name,
    run(writers, seconds) {
      child.send({ writers, seconds });
      return reply();
    },
    /** Stops the contender; its peak RSS in MiB. */
    async close() {
      const exited = new Promise((done) => child.once('exit', done));
      const answer = new Promise((done) => child.once('message', (message) => done(message.peakRssMiB)));
      child.send({ close: true });
      const [peakRssMiB] = await Promise.all([answer, exited]);
      return peakRssMiB;
    },
  };
}

/**
 * What the database's backends are doing, sampled from pg_stat_activity every few milliseconds
 * while `during` runs: the share of samples of each wait event among backends in a statement or
 * in a transaction. A backend in a statement with no wait event is on the CPU; one idle in a
 * transaction waits for its client's next statement (a round trip).
 */
async function waitEvents(url, during) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const counts = {};
  let samples = 0;
  let running = true;
  const sampling = (async () => {
    while (running) {
      const { rows } = await client.query(
        `SELECT state, wait_event_type, wait_event FROM pg_stat_activity
          WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'
            AND state IN ('active', 'idle in transaction')`,
      );
      for (const row of rows) {
        const what =
          row.state === 'idle in transaction'
            ? 'idle in transaction (a round trip)'
            : row.wait_event
              ? `${row.wait_event_type}:${row.wait_event}`
              : 'on CPU (no wait event)';
        counts[what] = (counts[what] ?? 0) + 1;
        samples += 1;
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  })();
  try {
    await during();
  } finally {
    running = false;
    await sampling;
    await client.end();
  }
  return Object.fromEntries(
    Object.entries(counts)
      .sort(([, a], [, b]) => b - a)
      .map(([what, n]) => [what, Number((n / samples).toFixed(3))]),
  );
}

async function appendBenchmarks(url, admin) {
  const contenders = [];
  for (const name of CONTENDERS) contenders.push(await startContender(name, url));
  try {
    log('append warm-up');
    for (const contender of contenders) await contender.run(16, 1);
    const runs = Object.fromEntries(WRITERS.map((w) => [w, Object.fromEntries(CONTENDERS.map((c) => [c, []]))]));
    for (let round = 1; round <= plan.appendRounds; round++) {
      // Each round starts with the next contender, so none always runs first after a pause.
      const order = contenders.map((_, i) => contenders[(i + round - 1) % contenders.length]);
      for (const writers of WRITERS) {
        for (const contender of order) runs[writers][contender.name].push(await contender.run(writers, plan.appendSeconds));
        const rate = (name) => runs[writers][name].at(-1).perSecond;
        log(
          `append round ${round}/${plan.appendRounds}, ${writers} writer(s): ${CONTENDERS.map((c) => `${LABELS[c]} ${Math.round(rate(c))}/s`).join(', ')} ` +
            `(ours/limit ${(rate('ours') / rate('limit')).toFixed(2)}, ours/Emmett ${(rate('ours') / rate('peer')).toFixed(2)})`,
        );
      }
    }
    // Not counted: one more run of each at 16 writers, with the backends' wait events sampled
    // (the sampling itself costs the machine a little).
    // The server is the benchmark's own, so the WAL written meanwhile is the contender's.
    runs.waitEvents = {};
    runs.walBytesPerAppend = {};
    const lsn = async () => (await admin.query(`SELECT pg_current_wal_lsn()::text AS lsn`)).rows[0].lsn;
    for (const contender of contenders) {
      const before = await lsn();
      let appends = 0;
      runs.waitEvents[contender.name] = await waitEvents(url, async () => {
        appends = (await contender.run(16, plan.appendSeconds)).written;
      });
      const { rows } = await admin.query(`SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), $1)::float8 AS bytes`, [before]);
      runs.walBytesPerAppend[contender.name] = Math.round(rows[0].bytes / appends);
    }
    runs.peakRssMiB = {};
    for (const contender of contenders.splice(0)) runs.peakRssMiB[contender.name] = await contender.close();
    return runs;
  } finally {
    for (const contender of contenders) await contender.close();
  }
}

/** Per-round ratios: each round's contenders ran minutes apart at most, under the same neighbours. */
const ratios = (a, b) => a.map((x, i) => x.perSecond / b[i].perSecond);

function appendResults(runs) {
  const byWriters = Object.fromEntries(
    WRITERS.map((writers) => {
      const r = runs[writers];
      const of = (name) => ({
        appendsPerSecond: summary(r[name].map((x) => x.perSecond)),
        p50Ms: Number(median(r[name].map((x) => x.p50)).toFixed(2)),
        p99Ms: Number(median(r[name].map((x) => x.p99)).toFixed(2)),
      });
      return [
        `${writers}`,
        {
          ours: of('ours'),
          limit: of('limit'),
          peer: of('peer'),
          oursSql: of('ours-sql'),
          oursToLimit: summary(ratios(r.ours, r.limit), 2),
          oursToPeer: summary(ratios(r.ours, r.peer), 2),
          oursSqlToLimit: summary(ratios(r['ours-sql'], r.limit), 2),
        },
      ];
    }),
  );
  return {
    ...byWriters,
    peakRssMiB: runs.peakRssMiB,
    waitEventsAt16Writers: runs.waitEvents,
    walBytesPerAppendAt16Writers: runs.walBytesPerAppend,
  };
}

function httpResults({ post, get, apiMemory, bareMemory, profiles }) {
  const of = (figures) => ({
    requestsPerSecond: summary(figures.rounds),
    p50Ms: Number(figures.p50.toFixed(2)),
    p99Ms: Number(figures.p99.toFixed(2)),
    statuses: figures.statuses,
  });
  const rates = (figures) => figures.rounds.map((perSecond) => ({ perSecond }));
  const byLength = (figures) => Object.fromEntries(LENGTH_BUCKETS.map((bucket, i) => [bucket, Number(figures.p99ByLength[i].toFixed(2))]));
  const apiByLength = byLength(post.api);
  return {
    postMilestone: {
      api: of(post.api),
      bare: of(post.bare),
      ratio: summary(ratios(rates(post.api), rates(post.bare)), 2),
      p99MsByEventsInStream: { api: apiByLength, bare: byLength(post.bare) },
      apiP99LastToFirst: Number((apiByLength[LENGTH_BUCKETS.at(-1)] / apiByLength[LENGTH_BUCKETS[0]]).toFixed(2)),
    },
    getTimeline: {
      milestones: TIMELINE_MILESTONES,
      api: of(get.api),
      bare: of(get.bare),
      ratio: summary(ratios(rates(get.api), rates(get.bare)), 2),
    },
    apiMemory,
    bareMemory,
    apiProfiles: profiles,
  };
}

/** A stream's p99 counts as flat when its last hundred events are written within 1.5 times the first's. */
const FLAT = 1.5;

function targets(append, http, projector) {
  const row = (target, measured, met) => ({ target, measured, met });
  return [
    ...(append
      ? [
          row('append, 16 writers: ≥ 0.7 of plain INSERT', append[16].oursToLimit.median, append[16].oursToLimit.median >= 0.7),
          row('append, 16 writers: ≥ 1.3 of Emmett', append[16].oursToPeer.median, append[16].oursToPeer.median >= 1.3),
          row('append, 1 writer: ≥ 0.7 of plain INSERT', append[1].oursToLimit.median, append[1].oursToLimit.median >= 0.7),
        ]
      : []),
    ...(http
      ? [
          row('POST milestone: ≥ 0.25 of the bare handler', http.postMilestone.ratio.median, http.postMilestone.ratio.median >= 0.25),
          row(
            `POST milestone: p99 flat from 10 to 500 events (p99 at 400-500 events ≤ ${FLAT}× p99 at 10-100)`,
            http.postMilestone.apiP99LastToFirst,
            http.postMilestone.apiP99LastToFirst <= FLAT,
          ),
          row('GET timeline: ≥ 0.7 of the bare handler', http.getTimeline.ratio.median, http.getTimeline.ratio.median >= 0.7),
        ]
      : []),
    ...(projector
      ? [row('projector catch-up: ≥ 0.8 of a plain batched INSERT', projector.ratioToLimit.median, projector.ratioToLimit.median >= 0.8)]
      : []),
  ];
}

function report(result) {
  const { append, http, projector } = result;
  const lines = [];
  const table = (header, rows) => {
    lines.push(`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`);
    for (const row of rows) lines.push(`| ${row.join(' | ')} |`);
    lines.push('');
  };
  const ms = (x) => `${x.p50Ms} / ${x.p99Ms}`;
  const load = (l) => l.join(' ');
  lines.push(
    '',
    `Casebook benchmark, size ${result.size}, ${result.date}, commit ${result.commit}`,
    `Machine: ${result.machine.cpu}, ${result.machine.cores} cores, ${result.machine.memoryGiB} GiB, ${result.machine.os}, Node.js ${result.machine.node}; ` +
      `load average ${load(result.machine.loadAverageAtStart)} at start, ${load(result.machine.loadAverageAtEnd)} at the end`,
    `PostgreSQL ${Object.entries(result.postgres)
      .map(([k, v]) => `${k}=${v}`)
      .join(', ')}`,
    '',
  );
  if (append) {
    lines.push(
      `Appends, one event each, expected revision checked, every writer on a stream of its own; contenders interleaved in ` +
        `${result.plan.appendRounds} rounds of ${result.plan.appendSeconds} s each (median (range) of the rounds; latencies: medians of the rounds). ` +
        `"Ours' append function alone" calls the store's SQL function straight through pg, without the store's client code and the notice after commit`,
      '',
    );
    table(
      [
        'writers',
        'ours appends/s',
        'plain INSERT appends/s',
        'Emmett appends/s',
        'ours / plain INSERT',
        'ours / Emmett',
        "ours' append function alone / plain INSERT",
        'p50 / p99 ms: ours, INSERT, Emmett',
      ],
      WRITERS.map((w) => [
        w,
        cell(append[w].ours.appendsPerSecond),
        cell(append[w].limit.appendsPerSecond),
        cell(append[w].peer.appendsPerSecond),
        cell(append[w].oursToLimit, 2),
        cell(append[w].oursToPeer, 2),
        cell(append[w].oursSqlToLimit, 2),
        `${ms(append[w].ours)}, ${ms(append[w].limit)}, ${ms(append[w].peer)}`,
      ]),
    );
    lines.push('Where the backends were at 16 writers (share of samples of pg_stat_activity, one run each, not counted above)', '');
    const events = [...new Set(CONTENDERS.flatMap((c) => Object.keys(append.waitEventsAt16Writers[c])))];
    const share = (c, e) => `${Math.round((append.waitEventsAt16Writers[c][e] ?? 0) * 100)}%`;
    table(
      ['backend state / wait event', ...CONTENDERS.map((c) => LABELS[c])],
      events
        .sort(
          (a, b) =>
            Math.max(...CONTENDERS.map((c) => append.waitEventsAt16Writers[c][b] ?? 0)) -
            Math.max(...CONTENDERS.map((c) => append.waitEventsAt16Writers[c][a] ?? 0)),
        )
        .slice(0, 8)
        .map((e) => [e, ...CONTENDERS.map((c) => share(c, e))]),
    );
    lines.push(
      `WAL written per append at 16 writers: ${CONTENDERS.map((c) => `${LABELS[c]} ${append.walBytesPerAppendAt16Writers[c]} bytes`).join(', ')}`,
      '',
    );
    lines.push(`Peak RSS of each contender's process: ${CONTENDERS.map((c) => `${LABELS[c]} ${append.peakRssMiB[c]} MiB`).join(', ')}`, '');
  }
  if (http) {
    lines.push(
      `HTTP, 10 connections, API (auth on, a researcher's token) and bare handler taking turns: POST in ${http.postMilestone.ratio.rounds.length} ` +
        `stretches of streams growing from 10 to 500 events, GET in ${http.getTimeline.ratio.rounds.length} rounds of ${result.plan.getSeconds} s ` +
        `(median (range) of the stretches or rounds; latencies over all requests)`,
      '',
    );
    table(
      ['request', 'API req/s', 'bare handler req/s', 'API / bare', 'API p50 / p99 ms', 'bare p50 / p99 ms'],
      [
        ['POST a milestone (streams from 10 to 500 events)', http.postMilestone],
        [`GET a ${TIMELINE_MILESTONES}-milestone timeline`, http.getTimeline],
      ].map(([label, r]) => [
        label,
        cell(r.api.requestsPerSecond),
        cell(r.bare.requestsPerSecond),
        cell(r.ratio, 2),
        ms(r.api),
        ms(r.bare),
      ]),
    );
    lines.push('POST a milestone: p99 ms by the events already in the stream written to', '');
    table(
      ['events in stream', 'API p99 ms', 'bare p99 ms'],
      LENGTH_BUCKETS.map((b) => [b, http.postMilestone.p99MsByEventsInStream.api[b], http.postMilestone.p99MsByEventsInStream.bare[b]]),
    );
    const refused = ['postMilestone', 'getTimeline'].flatMap((scenario) =>
      ['api', 'bare'].flatMap((side) =>
        Object.entries(http[scenario][side].statuses)
          .filter(([status]) => !status.startsWith('2'))
          .map(([status, n]) => `${scenario} ${side}: ${n} × ${status}`),
      ),
    );
    if (refused.length) lines.push(`NOT ALL REQUESTS SUCCEEDED (the figures above are not to be trusted): ${refused.join(', ')}`, '');
    lines.push(
      `Peak RSS (VmHWM, the kernel's high-water mark) over the HTTP runs: API ${http.apiMemory.vmHwmMiB} MiB, bare server ${http.bareMemory.vmHwmMiB} MiB`,
      '',
    );
  }
  if (http?.apiProfiles) {
    for (const [scenario, profile] of Object.entries(http.apiProfiles)) {
      lines.push(
        `CPU profile of the API, one more ${scenario === 'post' ? 'POST stretch' : 'GET run'} (${profile.milliseconds} ms sampled; ${profile.statementsPerRequest} statements sent to PostgreSQL per request; ${profile.file})`,
        '',
      );
      const pct = (x) => `${(x * 100).toFixed(1)}%`;
      table(
        ['statement sent to PostgreSQL (how it starts)', 'per request'],
        profile.statements.map((row) => [`\`${row.text.replace(/\|/g, '\\|')}\``, row.perRequest]),
      );
      table(
        ['origin', 'self time'],
        profile.byOrigin.map((row) => [row.what, pct(row.share)]),
      );
      table(
        ['function (self time)', 'share'],
        profile.byFunction.map((row) => [row.what, pct(row.share)]),
      );
    }
  }
  if (projector) {
    lines.push(
      `Projector catch-up of ${projector.events.toLocaleString('en-GB')} events (${projector.processors} projections) against a plain batched INSERT of the same ` +
        `${projector.finalRows.toLocaleString('en-GB')} final rows, interleaved, ${projector.rounds} rounds`,
      '',
    );
    table(
      [
        'projector events/s',
        'limit events/s',
        'projector / limit',
        'projector peak RSS',
        'one processor reading only',
        'rebuild of the timeline',
      ],
      [
        [
          `${projector.projectorEventsPerSecond.median.toLocaleString('en-GB')} (${projector.projectorEventsPerSecond.range})`,
          `${projector.limitEventsPerSecond.median.toLocaleString('en-GB')} (${projector.limitEventsPerSecond.range})`,
          `${projector.ratioToLimit.median.toFixed(2)} (${projector.ratioToLimit.min.toFixed(2)}-${projector.ratioToLimit.max.toFixed(2)})`,
          `${projector.projectorPeakRssMiB} MiB`,
          `${projector.readOnlyProcessorEventsPerSecond.toLocaleString('en-GB')} events/s`,
          `${projector.rebuildOfTheTimelineEventsPerSecond.toLocaleString('en-GB')} events/s`,
        ],
      ],
    );
  }
  table(
    ['target', 'measured', 'met'],
    result.targets.map((t) => [t.target, t.measured, t.met ? 'yes' : 'no']),
  );
  lines.push(`JSON: ${out}`);
  print(lines.join('\n'));
}

/**
 * bench/projector.mjs in a process of its own on the same PostgreSQL, its lines passed through;
 * its figures are the JSON on its last line.
 */
async function projectorBenchmark(services) {
  const child = spawn(
    process.execPath,
    [fileURLToPath(new URL('projector.mjs', import.meta.url)), ...(size === 'small' ? ['--size', 'small'] : [])],
    {
      env: { ...process.env, DATABASE_URL: services.databaseUrl, REDIS_URL: services.redisUrl },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const kill = () => child.kill('SIGTERM');
  process.once('exit', kill);
  const lines = [];
  let pending = '';
  child.stdout.on('data', (chunk) => {
    const parts = (pending + chunk).split('\n');
    pending = parts.pop();
    for (const line of parts) {
      lines.push(line);
      if (!line.startsWith('{')) log(line);
    }
  });
  const code = await new Promise((done) => child.once('exit', done));
  process.off('exit', kill);
  if (pending) lines.push(pending);
  if (code !== 0) throw new Error(`bench/projector.mjs exited (${code})`);
  return JSON.parse(lines.findLast((line) => line.startsWith('{')));
}

const machineInfo = machine();
const services = await startServices({ mode: 'bench' });
// Stopped by a signal: the servers go too (the apps and contenders go with this process).
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    void services.stop().finally(() => process.exit(130));
  });
}
const names = { append: `casebook_bench_append_${process.pid}`, http: `casebook_bench_http_${process.pid}` };
const admin = new pg.Client({ connectionString: services.databaseUrl });
let result;
try {
  await admin.connect();
  for (const name of Object.values(names)) await admin.query(`CREATE DATABASE ${name}`);
  const postgres = await postgresSettings(services.databaseUrl);
  log(
    `PostgreSQL ${Object.entries(postgres)
      .map(([k, v]) => `${k}=${v}`)
      .join(', ')}`,
  );
  const { runMigrations } = await import(new URL('../dist/libs/read-models/src/index.js', import.meta.url));
  const appendUrl = databaseUrlFor(services.databaseUrl, names.append);
  const httpUrl = databaseUrlFor(services.databaseUrl, names.http);
  await runMigrations(appendUrl);
  await runMigrations(httpUrl);

  const append = parts.has('append') ? appendResults(await appendBenchmarks(appendUrl, admin)) : undefined;
  const http = parts.has('http')
    ? httpResults(
        await runHttpBenchmarks({
          databaseUrl: httpUrl,
          redisUrl: services.redisUrl,
          postPasses: plan.postPasses,
          getRounds: plan.getRounds,
          getSeconds: plan.getSeconds,
          log,
        }),
      )
    : undefined;
  for (const name of Object.values(names)) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  const projector = parts.has('projector') ? await projectorBenchmark(services) : undefined;
  result = {
    date: new Date().toISOString(),
    size,
    plan,
    command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
    commit: spawnSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).stdout?.trim() || 'unknown',
    machine: { ...machineInfo, loadAverageAtEnd: os.loadavg().map((x) => Number(x.toFixed(2))) },
    postgres,
    append,
    http,
    projector,
    targets: targets(append, http, projector),
    seconds: Math.round((performance.now() - begun) / 1000),
  };
} finally {
  for (const name of Object.values(names)) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
  await admin.end().catch(() => undefined);
  await services.stop();
}
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
report(result);
print(`${result.seconds} s`);
