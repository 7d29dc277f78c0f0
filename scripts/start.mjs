// `npm start`: builds Casebook, starts PostgreSQL, Redis and a mail catcher (unless
// DATABASE_URL / REDIS_URL / SMTP_URL point elsewhere), migrates, then runs the api, projector
// and reminders apps until Ctrl-C, which stops everything in reverse order.
import { fileURLToPath } from 'node:url';
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { loadDemo } from './demo.mjs';
import { startMailCatcher } from './mail-catcher.mjs';
import { dataDir, hasExited, log, startServices } from './services.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const APPS = ['api', 'projector', 'reminders'];
const APP_STOP_TIMEOUT_MS = 15_000;

function run(command, args, env) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status})`);
}

/** The first administrator's token: made once per data folder and kept there, readable by its owner only. */
function firstAdminToken() {
  const file = join(dataDir, 'admin-token');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const token = `admin_${randomBytes(32).toString('base64url')}`;
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  return token;
}

/** On an empty database, `npm start -- --demo` (or CASEBOOK_DEMO=1) loads the demo study; otherwise we say so. */
async function offerDemo({ base, databaseUrl, token }) {
  if ((process.env.EVENT_STORE ?? 'postgres') !== 'postgres') return;
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const { rows } = await client.query('SELECT EXISTS (SELECT 1 FROM event_store.events) AS any');
  await client.end();
  if (rows[0].any) return;
  if (!process.argv.includes('--demo') && process.env.CASEBOOK_DEMO !== '1') {
    log('  The database is empty: `npm start -- --demo` loads a demo study (12 mutuals, 3 interview waves each).');
    return;
  }
  for (let i = 0; i < 100; i++) {
    const health = await fetch(`${base}/health`).catch(() => undefined);
    if (health?.ok) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const { studyId, cases } = await loadDemo({ baseUrl: base, token });
  log(`  Demo study loaded: ${base}/api/v1/studies/${studyId} (${cases.length} cases)`);
}

async function main() {
  log('building');
  run('npm', ['run', '--silent', 'build'], process.env);

  const services = await startServices({ mode: 'dev' });
  const stops = [services.stop];
  let smtpUrl = process.env.SMTP_URL;
  if (!smtpUrl) {
    const catcher = await startMailCatcher({ dir: join(dataDir, 'mail'), port: Number(process.env.MAIL_CATCHER_PORT ?? 2525), log });
    stops.unshift(catcher.stop);
    smtpUrl = catcher.url;
  }
  const port = process.env.HTTP_PORT ?? '3000';
  const adminToken = process.env.ADMIN_TOKEN ?? firstAdminToken();
  const env = {
    ...process.env,
    DATABASE_URL: services.databaseUrl,
    REDIS_URL: services.redisUrl,
    SMTP_URL: smtpUrl,
    HTTP_PORT: port,
    ADMIN_TOKEN: adminToken,
  };

  const children = new Map();
  let stopping = false;
  const stopAll = async (code) => {
    if (stopping) return;
    stopping = true;
    log('stopping');
    await Promise.all(
      [...children.values()].map(
        (child) =>
          new Promise((done) => {
            if (hasExited(child)) return done();
            child.once('exit', done);
            child.kill('SIGTERM');
            // An app that cannot finish its shutdown (a server it waits for is gone) is not
            // allowed to hold up the rest.
            setTimeout(() => {
              if (!hasExited(child)) {
                log(`an app did not stop within ${APP_STOP_TIMEOUT_MS / 1000} s; killing it`);
                child.kill('SIGKILL');
              }
            }, APP_STOP_TIMEOUT_MS).unref();
          }),
      ),
    );
    for (const stop of stops) await stop().catch((error) => log(`while stopping: ${error.message}`));
    log('stopped');
    process.exit(code);
  };
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));

  try {
    log('migrating the database');
    run('node', [join('dist', 'libs', 'read-models', 'src', 'migrations', 'run-migrations.js')], env);
  } catch (error) {
    log(error.message);
    await stopAll(1);
  }

  for (const app of APPS) {
    const child = spawn('node', [join('dist', 'apps', app, 'src', 'main.js')], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const prefix = `[${app}] `.padEnd(12);
    for (const stream of [child.stdout, child.stderr]) {
      let pending = '';
      stream.on('data', (chunk) => {
        pending += chunk.toString();
        const lines = pending.split('\n');
        pending = lines.pop();
        for (const line of lines) process.stdout.write(`${prefix}${line}\n`);
      });
    }
    child.on('exit', (code, signal) => {
      // Ctrl-C in a terminal reaches the apps too; their exit is then part of stopping.
      if (stopping || signal === 'SIGINT' || signal === 'SIGTERM') return;
      log(`${app} exited (${signal ?? `code ${code}`}); stopping the rest`);
      void stopAll(code || 1);
    });
    children.set(app, child);
  }

  const base = `http://127.0.0.1:${port}`;
  log('Casebook is running. Ctrl-C stops it.');
  log(`  API:          ${base}/api/v1/mutuals`);
  log(`  API docs:     ${base}/api/docs  (OpenAPI JSON: ${base}/api/docs-json)`);
  log(`  Health:       ${base}/health`);
  log(`  Reminder mail: ${process.env.SMTP_URL ? 'sent through SMTP_URL' : `caught in ${join(dataDir, 'mail')}`}`);
  log(`  First admin:  Authorization: Bearer ${adminToken}`);
  await offerDemo({ base, databaseUrl: services.databaseUrl, token: adminToken });
  log(`                (${process.env.ADMIN_TOKEN ? 'from ADMIN_TOKEN' : `kept in ${join(dataDir, 'admin-token')}`}; create staff accounts with POST /api/v1/accounts)`);
}

main().catch((error) => {
  log(`could not start: ${error.message}`);
  process.exit(1);
});
