// Keeps the apps of `npm start` running. A crashed app is started again after a back-off that
// doubles with each crash in a row; an app that keeps crashing (too many crashes within a
// window) is given up on, and the caller decides what that means (npm start stops everything).
import { spawn } from 'node:child_process';
import { hasExited } from './services.mjs';

export const DEFAULT_POLICY = {
  /** Wait before the first restart; doubled for each further crash within the window. */
  firstBackoffMs: 500,
  maxBackoffMs: 10_000,
  /** This many crashes within `windowMs` and the app is given up on. */
  maxCrashes: 5,
  windowMs: 60_000,
  /** How long an app may take over SIGTERM before it is killed. */
  stopTimeoutMs: 15_000,
};

/**
 * @param {{
 *   apps: { name: string, command: string, args: string[], cwd?: string, env?: NodeJS.ProcessEnv }[],
 *   log: (message: string) => void,
 *   onOutput?: (name: string, line: string) => void,
 *   onGiveUp: (name: string, reason: string) => void,
 *   policy?: Partial<typeof DEFAULT_POLICY>,
 * }} options
 */
export function superviseApps({ apps, log, onOutput, onGiveUp, policy = {} }) {
  const rules = { ...DEFAULT_POLICY, ...policy };
  const running = new Map();
  const crashes = new Map(apps.map((app) => [app.name, []]));
  const timers = new Set();
  let stopping = false;

  const launch = (app) => {
    const child = spawn(app.command, app.args, { cwd: app.cwd, env: app.env, stdio: ['ignore', 'pipe', 'pipe'] });
    running.set(app.name, child);
    for (const stream of [child.stdout, child.stderr]) {
      let pending = '';
      stream.on('data', (chunk) => {
        pending += chunk.toString();
        const lines = pending.split('\n');
        pending = lines.pop();
        for (const line of lines) onOutput?.(app.name, line);
      });
    }
    child.on('error', (error) => log(`${app.name} could not be started: ${error.message}`));
    child.on('exit', (code, signal) => {
      running.delete(app.name);
      if (stopping) return;
      const now = Date.now();
      const recent = crashes.get(app.name).filter((at) => now - at < rules.windowMs);
      recent.push(now);
      crashes.set(app.name, recent);
      const how = signal ?? `code ${code}`;
      if (recent.length >= rules.maxCrashes) {
        onGiveUp(app.name, `${app.name} exited (${how}) ${recent.length} times within ${Math.round(rules.windowMs / 1000)} s`);
        return;
      }
      const backoff = Math.min(rules.maxBackoffMs, rules.firstBackoffMs * 2 ** (recent.length - 1));
      log(
        `${app.name} exited (${how}); restarting ${app.name} in ${(backoff / 1000).toFixed(1)} s (crash ${recent.length} of ${rules.maxCrashes} allowed within ${Math.round(rules.windowMs / 1000)} s)`,
      );
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (!stopping) launch(app);
      }, backoff);
      timers.add(timer);
    });
  };

  for (const app of apps) launch(app);

  return {
    /** The pid of each running app, by name. */
    pids: () => Object.fromEntries([...running].map(([name, child]) => [name, child.pid])),
    /** SIGTERM to every app, SIGKILL to any that has not finished within the stop timeout. */
    async stop() {
      stopping = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await Promise.all(
        [...running].map(
          ([name, child]) =>
            new Promise((done) => {
              if (hasExited(child)) return done();
              child.once('exit', done);
              child.kill('SIGTERM');
              setTimeout(() => {
                if (!hasExited(child)) {
                  log(`${name} did not stop within ${rules.stopTimeoutMs / 1000} s; killing it`);
                  child.kill('SIGKILL');
                }
              }, rules.stopTimeoutMs).unref();
            }),
        ),
      );
    },
  };
}
