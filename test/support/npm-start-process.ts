// `npm start` as a user runs it, in a process group of its own (so Ctrl-C can be sent the way a
// terminal sends it), on free ports and a throw-away data folder, with its output collected.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';
import { waitUntil } from './wait-for.js';

export interface NpmStart {
  child: ChildProcess;
  dataDir: string;
  ports: { http: number; postgres: number; redis: number; smtp: number };
  base: string;
  /** Everything npm start and its apps have printed so far. */
  output(): string;
  /** The first administrator's token, as npm start printed it. */
  adminToken(): string | undefined;
  /** Resolves when every process that shares npm's output (npm, the script, the apps) is gone. */
  allClosed: Promise<void>;
  /** Ctrl-C to the whole group. */
  interrupt(): void;
  /** Kills whatever is left and removes the data folder; for afterAll. */
  cleanUp(): void;
}

export async function startNpmStart(prefix: string): Promise<NpmStart> {
  const dataDir = mkdtempSync(join(tmpdir(), prefix));
  const ports = { http: await freePort(), postgres: await freePort(), redis: await freePort(), smtp: await freePort() };
  // npm start is to start its own servers, and Node without the test runner's options.
  const { DATABASE_URL: _database, REDIS_URL: _redis, SMTP_URL: _smtp, NODE_OPTIONS: _nodeOptions, ...inherited } = process.env;
  const env: NodeJS.ProcessEnv = {
    ...inherited,
    CASEBOOK_DATA_DIR: dataDir,
    HTTP_PORT: String(ports.http),
    POSTGRES_PORT: String(ports.postgres),
    REDIS_PORT: String(ports.redis),
    MAIL_CATCHER_PORT: String(ports.smtp),
  };
  const child = spawn('npm', ['start'], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const allClosed = new Promise<void>((resolve) => child.stdout.once('close', () => resolve()));
  await waitUntil(() => output.includes('create staff accounts') || child.exitCode !== null, { timeoutMs: 120_000, what: 'npm start' });
  return {
    child,
    dataDir,
    ports,
    base: `http://127.0.0.1:${ports.http}`,
    output: () => output,
    adminToken: () => /First admin:\s+Authorization: Bearer (\S+)/.exec(output)?.[1],
    allClosed,
    interrupt: () => process.kill(-child.pid!, 'SIGINT'),
    cleanUp: () => {
      try {
        if (child.pid && child.exitCode === null) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // The group has already gone: nothing is left to kill.
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
