// The HTTP half of `npm run bench`: the built API (dist/apps/api, auth on, its own process, as
// `npm start` runs it) against a bare Node `http` server on the same database (bare-server.mjs),
// loaded by autocannon with 10 connections. A milestone POST, each connection writing to a mutual
// of its own from 10 events to 500, its latencies kept by the length of the stream written to; and
// a GET of a 50-milestone timeline. API and bare server take turns in short stretches, so that a
// neighbour busy for a few seconds weighs on both.
import { spawn, fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { freePort } from '../scripts/services.mjs';
import { summariseProfile } from './profile-summary.mjs';
import { percentile } from './stats.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const CONNECTIONS = 10;
/** Events in each written stream when the measured writes begin, and when they end. */
const FIRST_LENGTH = 10;
const LAST_LENGTH = 500;
const BUCKETS = [10, 100, 200, 300, 400, 500];
export const TIMELINE_MILESTONES = 50;
/** Stretches of a POST pass from FIRST_LENGTH to LAST_LENGTH, each a round of the ratio. */
const POST_STRETCHES = 5;

/** The milestone every measured POST records: an observation the end rule never refuses. */
const STAFFING = { type: 'staffing-reported', occurredOn: '2018-04', headcount: 512, fte: 431.5, asAt: '2018-03-31' };

/** A mix of kinds over the years, for the timeline that is read. */
function milestoneBody(i) {
  const year = 2005 + (i % 20);
  switch (i % 5) {
    case 0:
      return {
        type: 'contract-awarded',
        occurredOn: `${year}-04`,
        commissioner: 'Eastfield County Council',
        startsOn: `${year}-04`,
        endsOn: `${year + 3}`,
      };
    case 1:
      return { type: 'staffing-reported', occurredOn: `${year}-03-31`, headcount: 100 + i, fte: 80 + i / 2 };
    case 2:
      return {
        type: 'turnover-reported',
        occurredOn: `${year}-07`,
        financialYear: `${year - 1}-${String(year).slice(2)}`,
        amountGbp: 1_000_000 + i * 1000,
      };
    case 3:
      return { type: 'service-launched', occurredOn: `${year}-01`, serviceName: `Service ${i}`, serviceArea: 'health-and-social-care' };
    default:
      return { type: 'award-received', occurredOn: `${year}-11`, awardName: `Award ${i}`, awardedBy: 'Social Enterprise UK' };
  }
}

async function call(baseUrl, token, method, path, body) {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text.slice(0, 500)}`);
  return text ? JSON.parse(text) : undefined;
}

/** Peak memory of a process, from the kernel: VmHWM is the highest resident set it has had. */
function memoryWatch(pid) {
  let peakRss = 0;
  let hwm = 0;
  const read = () => {
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      const kib = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
      peakRss = Math.max(peakRss, kib('VmRSS'));
      hwm = Math.max(hwm, kib('VmHWM'));
    } catch {
      // No /proc (not Linux) or the process has gone: the figures so far stand.
    }
  };
  const timer = setInterval(read, 200);
  read();
  return {
    stop() {
      read();
      clearInterval(timer);
      return { vmHwmMiB: hwm ? Math.round(hwm / 1024) : null, sampledPeakRssMiB: peakRss ? Math.round(peakRss / 1024) : null };
    },
  };
}

/** An app from dist in a process of its own, as `npm start` runs it. */
async function startApp(app, env, { waitFor, profiled = false } = {}) {
  const main = `dist/apps/${app}/src/main.js`;
  const child = profiled
    ? spawn(process.execPath, [fileURLToPath(new URL('profiled-app.mjs', import.meta.url)), main], {
        cwd: root,
        env,
        stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      })
    : spawn(process.execPath, [main], { cwd: root, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr = (stderr + chunk).slice(-4000)));
  // The app does not outlive the benchmark, however that ends.
  const kill = () => child.kill('SIGTERM');
  process.once('exit', kill);
  const exited = new Promise((resolve) => child.once('exit', resolve)).then(() => process.off('exit', kill));
  if (waitFor) {
    const until = Date.now() + 60_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${app} exited (${child.exitCode}): ${stderr}`);
      const ok = await fetch(waitFor)
        .then((r) => r.ok)
        .catch(() => false);
      if (ok) break;
      if (Date.now() > until) throw new Error(`${app} did not answer ${waitFor} within a minute: ${stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  const answer = (expected) =>
    new Promise((done) =>
      child.on('message', function on(m) {
        if (m.profiling !== expected) return;
        child.off('message', on);
        done(m);
      }),
    );
  return {
    pid: child.pid,
    /** A CPU profile of the app while `during` runs, written to `file` (bench/profiled-app.mjs). */
    async profile(file, during) {
      const started = answer('started');
      child.send({ profile: 'start' });
      await started;
      let result;
      try {
        result = await during();
      } finally {
        const stopped = answer('stopped');
        child.send({ profile: 'stop', file });
        const { queries, statements } = await stopped;
        result = { ...result, queries, statements };
      }
      return result;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

function startBare(databaseUrl, token) {
  const child = fork(fileURLToPath(new URL('bare-server.mjs', import.meta.url)), [databaseUrl, token], {
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the bare server exited (${code})`)));
    child.once('message', ({ port }) => {
      child.removeAllListeners('exit');
      const exited = new Promise((done) => child.once('exit', done));
      resolve({
        pid: child.pid,
        baseUrl: `http://127.0.0.1:${port}`,
        async stop() {
          child.send({ close: true });
          await exited;
        },
      });
    });
  });
}

/**
 * One stretch of a POST run: 10 connections, each POSTing milestones to a mutual of its own, one
 * at a time, `perConnection` each; every latency is kept under the length the stream had when it
 * was sent. `lengths` (mutual id to events in its stream) is carried from stretch to stretch.
 */
async function postStretch({ baseUrl, pathPrefix, token, lengths, perConnection }) {
  const mutualIds = [...lengths.keys()];
  const latencies = [];
  const byLength = BUCKETS.slice(1).map(() => []);
  const statuses = {};
  let next = 0;
  const started = performance.now();
  let last = started;
  await autocannon({
    url: baseUrl,
    connections: mutualIds.length,
    // Spread evenly: each connection sends exactly `perConnection`.
    amount: mutualIds.length * perConnection,
    timeout: 30,
    setupClient(client) {
      const mutualId = mutualIds[next++];
      client.setRequests([
        {
          method: 'POST',
          path: `${pathPrefix}/${mutualId}/milestones`,
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify(STAFFING),
        },
      ]);
      client.on('response', (status, _bytes, responseTime) => {
        const length = lengths.get(mutualId);
        lengths.set(mutualId, length + 1);
        statuses[status] = (statuses[status] ?? 0) + 1;
        latencies.push(responseTime);
        last = performance.now();
        const bucket = BUCKETS.findIndex((edge, i) => i > 0 && length < edge);
        byLength[bucket === -1 ? byLength.length - 1 : bucket - 1].push(responseTime);
      });
    },
  });
  // Up to the last answer: autocannon itself ends a run on its next one-second tick.
  const seconds = (last - started) / 1000;
  return { requestsPerSecond: latencies.length / seconds, latencies, byLength, statuses };
}

/**
 * Streams grown from FIRST_LENGTH to LAST_LENGTH events in `stretches` stretches, API and bare
 * server taking turns at each (the one that starts alternating), so that both write at the same
 * lengths under the same neighbours; each stretch's pair of rates is one round of the ratio.
 */
async function postRuns({ stretches, api, bare, log }) {
  const perConnection = Math.round((LAST_LENGTH - FIRST_LENGTH) / stretches);
  const apiLengths = new Map((await api.fresh()).map((id) => [id, FIRST_LENGTH]));
  const bareLengths = new Map((await bare.fresh()).map((id) => [id, FIRST_LENGTH]));
  const runs = { api: [], bare: [] };
  for (let stretch = 0; stretch < stretches; stretch++) {
    const turns = [
      ['api', () => postStretch({ ...api, lengths: apiLengths, perConnection })],
      ['bare', () => postStretch({ ...bare, lengths: bareLengths, perConnection })],
    ];
    if (stretch % 2) turns.reverse();
    for (const [name, run] of turns) runs[name].push(await run());
    const [a, b] = [runs.api.at(-1).requestsPerSecond, runs.bare.at(-1).requestsPerSecond];
    const from = FIRST_LENGTH + stretch * perConnection;
    log(
      `POST stretch ${stretch + 1}/${stretches} (streams ${from}-${from + perConnection} events): ` +
        `api ${Math.round(a)} req/s, bare ${Math.round(b)} (ratio ${(a / b).toFixed(2)})`,
    );
  }
  return runs;
}

/** The figures of a POST pass: rates per stretch, and latencies over all the stretches. */
function postFigures(stretches) {
  const all = stretches.flatMap((s) => s.latencies);
  const statuses = {};
  for (const s of stretches) for (const [status, n] of Object.entries(s.statuses)) statuses[status] = (statuses[status] ?? 0) + n;
  return {
    rounds: stretches.map((s) => s.requestsPerSecond),
    p50: percentile(all, 50),
    p99: percentile(all, 99),
    p99ByLength: BUCKETS.slice(1).map((_, i) =>
      percentile(
        stretches.flatMap((s) => s.byLength[i]),
        99,
      ),
    ),
    statuses,
  };
}

async function getRun({ baseUrl, path, token, seconds }) {
  const latencies = [];
  const statuses = {};
  const started = performance.now();
  let last = started;
  const instance = autocannon({
    url: `${baseUrl}${path}`,
    connections: CONNECTIONS,
    duration: seconds,
    headers: { authorization: `Bearer ${token}` },
  });
  instance.on('response', (_client, status, _bytes, responseTime) => {
    statuses[status] = (statuses[status] ?? 0) + 1;
    latencies.push(responseTime);
    last = performance.now();
  });
  await instance;
  const elapsed = (last - started) / 1000;
  return { requestsPerSecond: latencies.length / elapsed, latencies, statuses };
}

function getFigures(runs) {
  const all = runs.flatMap((r) => r.latencies);
  const statuses = {};
  for (const r of runs) for (const [status, n] of Object.entries(r.statuses)) statuses[status] = (statuses[status] ?? 0) + n;
  return { rounds: runs.map((r) => r.requestsPerSecond), p50: percentile(all, 50), p99: percentile(all, 99), statuses };
}

export const LENGTH_BUCKETS = BUCKETS.slice(1).map((edge, i) => `${BUCKETS[i]}-${edge}`);

/**
 * @param {{ databaseUrl: string, redisUrl: string, postPasses: number, getRounds: number, getSeconds: number, log: (line: string) => void }} options
 */
export async function runHttpBenchmarks({ databaseUrl, redisUrl, postPasses, getRounds, getSeconds, log }) {
  const adminToken = `admin_bench_${randomUUID()}`;
  const port = await freePort();
  const env = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    ADMIN_TOKEN: adminToken,
    HTTP_HOST: '127.0.0.1',
    HTTP_PORT: String(port),
    LOG_FORMAT: 'json',
  };
  const apiUrl = `http://127.0.0.1:${port}`;
  const profileDir = process.env.BENCH_PROFILE_DIR ? resolve(process.env.BENCH_PROFILE_DIR) : undefined;
  const api = await startApp('api', env, { waitFor: `${apiUrl}/health/ready`, profiled: Boolean(profileDir) });
  const apiMemory = memoryWatch(api.pid);
  const bare = await startBare(databaseUrl, adminToken);
  const bareMemory = memoryWatch(bare.pid);
  try {
    // A researcher writes and reads, as most requests do: the token is checked against the
    // account's stream, and access against the mutual's.
    const researcher = await call(apiUrl, adminToken, 'POST', '/api/v1/accounts', { displayName: 'Bench researcher', role: 'researcher' });
    const token = researcher.token;
    const register = async (i) =>
      (await call(apiUrl, token, 'POST', '/api/v1/mutuals', { name: `Bench mutual ${i}`, serviceAreas: ['health-and-social-care'] })).id;

    // The timeline that is read: 50 milestones, projected by the projector, which is then stopped
    // so that it takes no CPU from what is measured.
    const readMutual = await register('read');
    for (let i = 0; i < TIMELINE_MILESTONES; i++)
      await call(apiUrl, token, 'POST', `/api/v1/mutuals/${readMutual}/milestones`, milestoneBody(i));
    const projector = await startApp('projector', env);
    const timelinePath = `/api/v1/mutuals/${readMutual}/timeline?limit=${TIMELINE_MILESTONES}`;
    const bareTimelinePath = `/mutuals/${readMutual}/timeline?limit=${TIMELINE_MILESTONES}`;
    for (const until = Date.now() + 120_000; ;) {
      const page = await call(apiUrl, token, 'GET', timelinePath).catch(() => undefined);
      if (page?.milestones?.length === TIMELINE_MILESTONES) break;
      if (Date.now() > until) throw new Error('the projector did not project the timeline within two minutes');
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    await projector.stop();
    const bareTimeline = await call(bare.baseUrl, adminToken, 'GET', bareTimelinePath);
    if (bareTimeline.milestones.length !== TIMELINE_MILESTONES) throw new Error('the bare server does not read the same timeline');

    const apiSide = {
      baseUrl: apiUrl,
      pathPrefix: '/api/v1/mutuals',
      token,
      /** Mutuals whose streams hold FIRST_LENGTH events: a registration and the milestones after it. */
      async fresh() {
        const ids = await Promise.all(Array.from({ length: CONNECTIONS }, (_, i) => register(i)));
        await Promise.all(
          ids.map(async (id) => {
            for (let i = 1; i < FIRST_LENGTH; i++) await call(apiUrl, token, 'POST', `/api/v1/mutuals/${id}/milestones`, STAFFING);
          }),
        );
        return ids;
      },
    };
    const bareSide = {
      baseUrl: bare.baseUrl,
      pathPrefix: '/mutuals',
      token: adminToken,
      async fresh() {
        const ids = Array.from({ length: CONNECTIONS }, () => randomUUID());
        await Promise.all(
          ids.map(async (id) => {
            for (let i = 0; i < FIRST_LENGTH; i++) await call(bare.baseUrl, adminToken, 'POST', `/mutuals/${id}/milestones`, STAFFING);
          }),
        );
        return ids;
      },
    };

    // Warm-up, not counted: both servers' code paths compiled, pools filled.
    log('HTTP warm-up');
    for (const side of [apiSide, bareSide]) {
      const lengths = new Map((await side.fresh()).map((id) => [id, FIRST_LENGTH]));
      await postStretch({ ...side, lengths, perConnection: 40 });
    }
    await getRun({ baseUrl: apiUrl, path: timelinePath, token, seconds: 2 });
    await getRun({ baseUrl: bare.baseUrl, path: bareTimelinePath, token: adminToken, seconds: 2 });

    const post = { api: [], bare: [] };
    for (let pass = 1; pass <= postPasses; pass++) {
      const runs = await postRuns({ stretches: POST_STRETCHES, api: apiSide, bare: bareSide, log });
      post.api.push(...runs.api);
      post.bare.push(...runs.bare);
    }
    const get = { api: [], bare: [] };
    for (let round = 1; round <= getRounds; round++) {
      const turns = [
        ['api', () => getRun({ baseUrl: apiUrl, path: timelinePath, token, seconds: getSeconds })],
        ['bare', () => getRun({ baseUrl: bare.baseUrl, path: bareTimelinePath, token: adminToken, seconds: getSeconds })],
      ];
      if (round % 2 === 0) turns.reverse();
      for (const [name, run] of turns) get[name].push(await run());
      const [a, b] = [get.api.at(-1).requestsPerSecond, get.bare.at(-1).requestsPerSecond];
      log(`GET round ${round}/${getRounds}: api ${Math.round(a)} req/s, bare ${Math.round(b)} (ratio ${(a / b).toFixed(2)})`);
    }
    // BENCH_PROFILE_DIR: after the measured runs, one more of each with the API's CPU profiled.
    let profiles;
    if (profileDir) {
      mkdirSync(profileDir, { recursive: true });
      const files = { post: join(profileDir, 'api-post-milestone.cpuprofile'), get: join(profileDir, 'api-get-timeline.cpuprofile') };
      const lengths = new Map((await apiSide.fresh()).map((id) => [id, FIRST_LENGTH]));
      const runs = {
        post: await api.profile(files.post, () => postStretch({ ...apiSide, lengths, perConnection: 100 })),
        get: await api.profile(files.get, () => getRun({ baseUrl: apiUrl, path: timelinePath, token, seconds: getSeconds })),
      };
      profiles = Object.fromEntries(
        Object.entries(files).map(([scenario, file]) => [
          scenario,
          {
            file,
            statementsPerRequest: Number((runs[scenario].queries / runs[scenario].latencies.length).toFixed(2)),
            statements: runs[scenario].statements.map(([text, n]) => ({
              perRequest: Number((n / runs[scenario].latencies.length).toFixed(2)),
              text,
            })),
            ...summariseProfile(JSON.parse(readFileSync(file, 'utf8'))),
          },
        ]),
      );
      log(`CPU profiles of the API: ${Object.values(files).join(', ')}`);
    }
    return {
      profiles,
      post: { api: postFigures(post.api), bare: postFigures(post.bare) },
      get: { api: getFigures(get.api), bare: getFigures(get.bare) },
      apiMemory: apiMemory.stop(),
      bareMemory: bareMemory.stop(),
    };
  } finally {
    apiMemory.stop();
    bareMemory.stop();
    await bare.stop();
    await api.stop();
  }
}
