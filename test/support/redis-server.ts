// A Redis server of one test file's own, with the append-only file production runs with, that the
// test can stop and start again on the same port and data: an outage of the queue, and its
// recovery, without touching the Redis every other test file shares.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';

export interface OwnRedis {
  url: string;
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

const binary = (): string => {
  const found = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
  if (found.status !== 0) throw new Error('redis-server is not installed: run the tests with `npm test`, which installs it');
  return found.stdout.trim();
};

export async function startOwnRedis(): Promise<OwnRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'casebook-own-redis-'));
  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--dir',
    dir,
    '--save',
    '',
    '--appendonly',
    'yes',
    '--appendfsync',
    'always',
  ];
  args.push('--maxmemory-policy', 'noeviction');
  let child: ChildProcess | undefined;
  const start = async () => {
    const started = spawn(binary(), args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child = started;
    let output = '';
    await new Promise<void>((ready, fail) => {
      const timer = setTimeout(() => fail(new Error(`redis-server did not start in 10 s:\n${output.slice(-2000)}`)), 10_000);
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Ready to accept connections')) {
          clearTimeout(timer);
          ready();
        }
      };
      started.stdout.on('data', onData);
      started.stderr.on('data', onData);
      started.once('exit', (code) => {
        clearTimeout(timer);
        fail(new Error(`redis-server exited (code ${code}):\n${output.slice(-2000)}`));
      });
    });
    started.stdout.removeAllListeners('data').resume();
    started.stderr.removeAllListeners('data').resume();
    started.removeAllListeners('exit');
  };
  const stop = async () => {
    const running = child;
    child = undefined;
    if (running?.exitCode !== null || running.signalCode !== null) return;
    await new Promise((done) => {
      running.once('exit', done);
      running.kill('SIGTERM');
    });
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    stop,
    start,
    close: async () => {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
