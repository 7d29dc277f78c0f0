// The servers of `npm start` (PostgreSQL, Redis, the mail catcher) in a process group of their
// own. A Ctrl-C in the terminal then reaches only npm start and its apps; the servers stop when
// npm start asks, after the apps have stopped, or when npm start itself has gone.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { startMailCatcher } from './mail-catcher.mjs';
import { dataDir, log, startServices } from './services.mjs';

const self = fileURLToPath(import.meta.url);

/**
 * Starts the servers in a detached child and resolves with their URLs once they are ready.
 * @returns {Promise<{ databaseUrl: string, redisUrl: string, smtpUrl: string, stop: () => Promise<void> }>}
 */
export function startServicesProcess() {
  // stdout/stderr are shared, so the servers' log lines reach the same terminal.
  const child = fork(self, ['--serve'], { detached: true, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  return new Promise((resolve, reject) => {
    child.once('message', (message) => {
      if (message.error) return reject(new Error(message.error));
      resolve({
        ...message.ready,
        stop: async () => {
          if (child.connected) child.send('stop');
          await exited;
        },
      });
    });
    child.once('exit', (code) => reject(new Error(`the servers could not be started (exit ${code})`)));
  });
}

async function serve() {
  // The servers belong to npm start; Ctrl-C goes to its group, not this one.
  process.on('SIGINT', () => undefined);
  let servers;
  let catcher;
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await catcher?.stop().catch((error) => log(`while stopping the mail catcher: ${error.message}`));
    await servers?.stop();
    process.disconnect?.();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  // npm start asked, or has gone without asking (killed): either way the servers stop.
  process.on('message', (message) => message === 'stop' && void stop());
  process.on('disconnect', () => void stop());
  try {
    servers = await startServices({ mode: 'dev' });
    let smtpUrl = process.env.SMTP_URL;
    if (!smtpUrl) {
      catcher = await startMailCatcher({ dir: join(dataDir, 'mail'), port: Number(process.env.MAIL_CATCHER_PORT ?? 2525), log });
      smtpUrl = catcher.url;
    }
    process.send({ ready: { databaseUrl: servers.databaseUrl, redisUrl: servers.redisUrl, smtpUrl } });
  } catch (error) {
    await servers?.stop();
    process.send({ error: error.message });
    process.exit(1);
  }
}

if (process.argv[1] === self && process.argv.includes('--serve')) void serve();
