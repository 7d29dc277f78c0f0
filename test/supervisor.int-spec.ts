// The policy npm start keeps its apps running by, on real child processes: a crashed app comes
// back after a growing back-off, one that keeps crashing is given up on, and stop() ends them all.
import { superviseApps } from '../scripts/supervisor.mjs';
import { waitUntil } from './support/wait-for.js';

const node = (script: string) => ({ command: process.execPath, args: ['-e', script] });

describe('app supervision', () => {
  it('restarts a crashing app with a doubling back-off, then gives up on it', async () => {
    const logs: string[] = [];
    const gaveUp: string[] = [];
    const started = Date.now();
    const apps = superviseApps({
      apps: [{ name: 'flaky', ...node('process.exit(3)') }],
      log: (line) => logs.push(line),
      onGiveUp: (name, reason) => gaveUp.push(`${name}: ${reason}`),
      policy: { firstBackoffMs: 50, maxCrashes: 4, windowMs: 60_000 },
    });
    await waitUntil(() => gaveUp.length > 0, { timeoutMs: 10_000, what: 'the supervisor to give up' });
    await apps.stop();
    expect(logs.filter((line) => line.startsWith('flaky exited (code 3); restarting flaky'))).toHaveLength(3);
    expect(logs.map((line) => /in (\d+\.\d) s/.exec(line)?.[1])).toEqual(['0.1', '0.1', '0.2']);
    expect(gaveUp).toEqual(['flaky: flaky exited (code 3) 4 times within 60 s']);
    // 50 + 100 + 200 ms of back-off at least.
    expect(Date.now() - started).toBeGreaterThanOrEqual(350);
  });

  it('brings back an app that was killed, and stops every app on stop()', async () => {
    const gaveUp: string[] = [];
    const apps = superviseApps({
      apps: [
        { name: 'steady', ...node('setInterval(() => {}, 1000)') },
        { name: 'other', ...node('setInterval(() => {}, 1000)') },
      ],
      log: () => undefined,
      onGiveUp: (name) => gaveUp.push(name),
      policy: { firstBackoffMs: 20 },
    });
    await waitUntil(() => Object.keys(apps.pids()).length === 2, { timeoutMs: 5_000, what: 'both apps' });
    const first = apps.pids().steady;
    process.kill(first, 'SIGKILL');
    await waitUntil(() => apps.pids().steady !== undefined && apps.pids().steady !== first, {
      timeoutMs: 5_000,
      what: 'the restart',
    });
    const pids = Object.values(apps.pids());
    await apps.stop();
    expect(gaveUp).toEqual([]);
    expect(apps.pids()).toEqual({});
    for (const pid of pids) expect(() => process.kill(pid, 0)).toThrow();
  });
});
