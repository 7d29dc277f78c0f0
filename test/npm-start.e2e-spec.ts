// The README's first command, as a new user runs it: `npm start` builds, starts PostgreSQL,
// Redis and a mail catcher, migrates, runs the three built apps, and stops cleanly on Ctrl-C.
//
// `npm start` under faults, as an operator meets them: each app killed with SIGKILL is started
// again and says so, writes made around the kills all reach the read models (which equal a full
// replay of the store), and Ctrl-C stops the apps before the servers they depend on.
//
// Both live in one file so that they run one after the other: each builds dist/ first.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { PostgresEventStore, parsePosition } from '@casebook/event-store';
import {
  CaseSummary,
  MutualSummary,
  Projector,
  READ_MODEL_PROJECTIONS,
  TimelineEntry,
  createDataSource,
  runMigrations,
} from '@casebook/read-models';
import { type NpmStart, startNpmStart } from './support/npm-start-process.js';
import { waitForProjection, waitUntil } from './support/wait-for.js';
describe('npm start', () => {
  let started: NpmStart | undefined;

  afterAll(() => started?.cleanUp());

  it('runs the whole system from one command and stops it on Ctrl-C', async () => {
    started = await startNpmStart('casebook-start-');
    const { base, dataDir, allClosed } = started;
    const output = started.output();
    expect(output).toContain(`API docs:     ${base}/api/docs`);
    const token = started.adminToken();
    expect(readFileSync(join(dataDir, 'admin-token'), 'utf8').trim()).toBe(token);
    const auth = { authorization: `Bearer ${token}` };
    const health = await waitUntil(
      async () => {
        const response = await fetch(`${base}/health`).catch(() => undefined);
        return response?.status === 200 ? ((await response.json()) as { status: string }) : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 200, what: '/health to answer 200' },
    );
    expect(health.status).toBe('ok');

    const docs = await fetch(`${base}/api/docs`);
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain('swagger');

    const call = async (method: string, path: string, body?: unknown) => {
      const response = await fetch(`${base}${path}`, {
        method,
        headers: { ...auth, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as any };
    };
    const study = await call('POST', '/api/v1/studies', { title: 'Care mutuals', startsOn: '2026-01-05', endsOn: '2028-12-22' });
    expect(study.status).toBe(201);
    // Reminders go out in working hours only: at any hour of any day here, so the test does not wait for Monday morning.
    const policy = await call('PUT', `/api/v1/studies/${study.body.id}/reminder-policy`, {
      workingHours: { from: '00:00', to: '23:59' },
      workingDays: [1, 2, 3, 4, 5, 6, 7],
    });
    expect(policy.status).toBe(200);
    const created = await call('POST', '/api/v1/mutuals', {
      name: 'Westbrook Care Co-operative',
      serviceAreas: ['health-and-social-care'],
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const timeline = await waitUntil(
      async () => {
        const response = await call('GET', `/api/v1/mutuals/${id}/timeline`);
        return response.status === 200 ? response.body : undefined;
      },
      { what: 'the projector to show the new mutual' },
    );
    expect(timeline.name).toBe('Westbrook Care Co-operative');
    const selection = {
      serviceAreas: ['health-and-social-care'],
      stageOfDevelopment: 'early',
      turnoverBand: 'under-1m',
      employeeBand: 'under-50',
      region: 'london',
      legalForm: 'co-operative-society',
    };
    const enrolled = await call('POST', `/api/v1/studies/${study.body.id}/cases`, { mutualId: id, selection });
    expect(enrolled.status).toBe(201);
    const contact = await call('POST', `/api/v1/cases/${enrolled.body.id}/contacts`, {
      role: 'director',
      consentToContact: true,
      personal: { name: 'Priya Shah', email: 'priya@example.org' },
    });
    expect(contact.status).toBe(201);
    const soon = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
    const wave = await call('POST', `/api/v1/cases/${enrolled.body.id}/waves`, {
      waveNumber: 1,
      opensOn: soon(7),
      closesOn: soon(60),
      remindContactIds: [contact.body.id],
      remindAt: new Date().toISOString(),
    });
    expect(wave.status).toBe(201);
    const caught = await waitUntil(
      () => existsSync(join(dataDir, 'mail')) && readdirSync(join(dataDir, 'mail')).find((name) => name.endsWith('.eml')),
      {
        what: 'the reminder to be caught',
      },
    );
    expect(readFileSync(join(dataDir, 'mail', caught), 'utf8')).toContain('priya@example.org');

    started.interrupt();
    await allClosed;
    expect(started.output()).toContain('[casebook] stopped');
    expect(started.output()).not.toContain('exited (code');
    await expect(fetch(`${base}/health`)).rejects.toThrow();
  }, 240_000);
});

const APPS = ['api', 'projector', 'reminders'] as const;

/** Pids of the processes below `root` whose command line runs the built app `app`. */
function appPids(root: number, app: string): number[] {
  const table = execFileSync('ps', ['-e', '-o', 'pid=,ppid=,args='], { encoding: 'utf8' })
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ pid: Number(m[1]), ppid: Number(m[2]), args: m[3] }));
  const below = new Set([root]);
  for (let grew = true; grew;) {
    grew = false;
    for (const row of table) {
      if (below.has(row.ppid) && !below.has(row.pid)) {
        below.add(row.pid);
        grew = true;
      }
    }
  }
  return table.filter((row) => below.has(row.pid) && row.args.includes(join('dist', 'apps', app, 'src', 'main.js'))).map((row) => row.pid);
}

describe('npm start under faults', () => {
  let started: NpmStart | undefined;

  afterAll(() => started?.cleanUp());

  it('restarts each app killed with SIGKILL, loses no write, and stops apps before servers on Ctrl-C', async () => {
    started = await startNpmStart('casebook-faults-');
    const { base, child, allClosed } = started;
    const output = started.output;
    const token = started.adminToken();
    const postgres = started.ports.postgres;
    const call = async (method: string, path: string, body?: unknown) => {
      const response = await fetch(`${base}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      }).catch(() => undefined);
      return response ? { status: response.status, body: (await response.json()) as any } : { status: 0, body: undefined };
    };
    const healthy = () =>
      waitUntil(async () => (await call('GET', '/health')).status === 200, {
        timeoutMs: 60_000,
        intervalMs: 200,
        what: '/health to answer 200',
      });
    await healthy();

    const study = await call('POST', '/api/v1/studies', { title: 'Faults study', startsOn: '2026-01-05', endsOn: '2028-12-22' });
    expect(study.status).toBe(201);
    let last: { body: { position: string } } = study;
    const mutualIds: string[] = [];
    const record = async (name: string) => {
      const mutual = await call('POST', '/api/v1/mutuals', { name, serviceAreas: ['culture-media-and-libraries'] });
      expect(mutual.status).toBe(201);
      mutualIds.push(mutual.body.id);
      const enrolled = await call('POST', `/api/v1/studies/${study.body.id}/cases`, {
        mutualId: mutual.body.id,
        selection: {
          serviceAreas: ['culture-media-and-libraries'],
          stageOfDevelopment: 'established',
          turnoverBand: '1m-5m',
          employeeBand: '50-249',
          region: 'north-east',
          legalForm: 'community-benefit-society',
        },
      });
      expect(enrolled.status).toBe(201);
      for (const year of [2013, 2016, 2019]) {
        const milestone = await call('POST', `/api/v1/mutuals/${mutual.body.id}/milestones`, {
          type: 'contract-awarded',
          occurredOn: `${year}`,
          commissioner: 'County Council',
          startsOn: `${year}`,
          endsOn: `${year + 3}`,
        });
        expect(milestone.status).toBe(201);
        last = milestone;
      }
    };

    for (const app of APPS) {
      await record(`Before the ${app} was killed`);
      const [pid] = appPids(child.pid!, app);
      expect(pid).toBeGreaterThan(0);
      process.kill(pid, 'SIGKILL');
      // A fresh process of the same app, and the supervisor saying it restarted it.
      await waitUntil(() => appPids(child.pid!, app).some((p) => p !== pid) && output().includes(`restarting ${app}`), {
        timeoutMs: 60_000,
        intervalMs: 100,
        what: `${app} to be restarted`,
      });
      await healthy();
      await record(`After the ${app} was restarted`);
    }
    expect(output()).not.toContain('stopping the rest');

    // Everything written reached the live read models, and they equal a full replay.
    const serverUrl = `postgres://casebook:casebook@127.0.0.1:${postgres}`;
    const liveUrl = `${serverUrl}/casebook`;
    const position = parsePosition(last.body.position)!;
    await waitForProjection(liveUrl, position);
    const admin = new Client({ connectionString: `${serverUrl}/postgres` });
    await admin.connect();
    await admin.query('CREATE DATABASE casebook_replay');
    await admin.end();
    const replayUrl = `${serverUrl}/casebook_replay`;
    await runMigrations(replayUrl);
    const store = new PostgresEventStore({ connectionString: liveUrl });
    const replaySource = await createDataSource(replayUrl).initialize();
    const projector = new Projector(store, replaySource, READ_MODEL_PROJECTIONS);
    projector.start();
    await waitForProjection(replayUrl, position);
    await projector.stop();
    await store.close();
    const liveSource = await createDataSource(liveUrl).initialize();
    const snapshot = async (source: typeof liveSource) => ({
      mutuals: await source.manager.find(MutualSummary, { order: { id: 'ASC' } }),
      timeline: await source.manager.find(TimelineEntry, { order: { milestoneId: 'ASC' } }),
      cases: await source.manager.find(CaseSummary, { order: { caseId: 'ASC' } }),
    });
    const [live, replayed] = [await snapshot(liveSource), await snapshot(replaySource)];
    await liveSource.destroy();
    await replaySource.destroy();
    expect(live.mutuals.map((m) => m.id).sort()).toEqual([...mutualIds].sort());
    expect(live.timeline).toHaveLength(mutualIds.length * 3);
    expect(live.cases).toHaveLength(mutualIds.length);
    expect(live).toEqual(replayed);

    started.interrupt();
    await allClosed;
    const said = output();
    expect(said).toContain('[casebook] stopped');
    // Servers go last: no app is left talking to a server that has already gone.
    const appsStopped = said.lastIndexOf('apps stopped');
    expect(appsStopped).toBeGreaterThan(0);
    expect(said.indexOf('PostgreSQL stopped')).toBeGreaterThan(appsStopped);
    expect(said.indexOf('Redis stopped')).toBeGreaterThan(appsStopped);
    expect(said).not.toContain('ECONNREFUSED');
  }, 300_000);
});
