// `npm start`: builds Casebook, starts PostgreSQL, Redis and a mail catcher (unless
// DATABASE_URL / REDIS_URL / SMTP_URL point elsewhere), migrates, then runs the api, projector
// and reminders apps until Ctrl-C. A crashed app is restarted with back-off; Ctrl-C stops the
// apps first and the servers last.
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { loadDemo } from './demo.mjs';
import { startServicesProcess } from './services-process.mjs';
import { dataDir, log } from './services.mjs';
import { superviseApps } from './supervisor.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const APPS = ['api', 'projector', 'reminders'];

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

/**
 * The key that signs reminder emails' unsubscribe links, shared by the API and the worker: made
 * once per data folder and kept, so links in emails already sent go on working after a restart.
 */
function unsubscribeSecret() {
  const file = join(dataDir, 'unsubscribe-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
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

  // The servers run in a process group of their own, so a Ctrl-C reaches the apps first and
  // the servers are stopped only after the apps have finished with them.
  const services = await startServicesProcess();
  const port = process.env.HTTP_PORT ?? '3000';
  const adminToken = process.env.ADMIN_TOKEN ?? firstAdminToken();
  const env = {
    ...process.env,
    DATABASE_URL: services.databaseUrl,
    REDIS_URL: services.redisUrl,
    SMTP_URL: services.smtpUrl,
    HTTP_PORT: port,
    ADMIN_TOKEN: adminToken,
    ...(process.env.UNSUBSCRIBE_SECRET || process.env.UNSUBSCRIBE_SECRET_FILE ? {} : { UNSUBSCRIBE_SECRET: unsubscribeSecret() }),
    // Where the unsubscribe links of reminder emails point: this API, as a contact's browser reaches it.
    PUBLIC_URL: process.env.PUBLIC_URL ?? `http://127.0.0.1:${port}`,
    // The apps write into pipes and cannot see a terminal; this one can, and asks them for
    // readable lines when a person is watching, JSON otherwise.
    LOG_FORMAT: process.env.LOG_FORMAT ?? (process.stdout.isTTY ? 'pretty' : 'json'),
  };

  let apps;
  let stopping = false;
  const stopAll = async (code) => {
    if (stopping) return;
    stopping = true;
    log('stopping');
    await apps?.stop();
    log('apps stopped');
    await services.stop().catch((error) => log(`while stopping the servers: ${error.message}`));
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

  apps = superviseApps({
    apps: APPS.map((app) => ({ name: app, command: 'node', args: [join('dist', 'apps', app, 'src', 'main.js')], cwd: root, env })),
    log,
    onOutput: (app, line) => process.stdout.write(`${`[${app}] `.padEnd(12)}${line}\n`),
    onGiveUp: (app, reason) => {
      log(`${reason}; giving up on it and stopping the rest`);
      void stopAll(1);
    },
  });

  const base = `http://127.0.0.1:${port}`;
  log('Casebook is running. Ctrl-C stops it.');
  log(`  API:          ${base}/api/v1/mutuals`);
  log(`  API docs:     ${base}/api/docs  (OpenAPI JSON: ${base}/api/docs-json)`);
  log(`  Health:       ${base}/health`);
  log(`  Queue board:  ${base}/admin/queues  (the browser asks for a password: the admin token below)`);
  log(`  Reminder mail: ${process.env.SMTP_URL ? 'sent through SMTP_URL' : `caught in ${join(dataDir, 'mail')}`}`);
  log(`  First admin:  Authorization: Bearer ${adminToken}`);
  await offerDemo({ base, databaseUrl: services.databaseUrl, token: adminToken });
  log(
    `                (${process.env.ADMIN_TOKEN ? 'from ADMIN_TOKEN' : `kept in ${join(dataDir, 'admin-token')}`}; create staff accounts with POST /api/v1/accounts)`,
  );
}

main().catch((error) => {
  log(`could not start: ${error.message}`);
  process.exit(1);
});
