// The README's first command, as a new user runs it: `npm start` builds, starts PostgreSQL,
// Redis and a mail catcher, migrates, runs the three built apps, and stops cleanly on Ctrl-C.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type NpmStart, startNpmStart } from './support/npm-start-process.js';
import { waitUntil } from './support/wait-for.js';

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
    const created = await call('POST', '/api/v1/mutuals', { name: 'Westbrook Care Co-operative', serviceAreas: ['health-and-social-care'] });
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
    const selection = { serviceAreas: ['health-and-social-care'], stageOfDevelopment: 'early', turnoverBand: 'under-1m', employeeBand: 'under-50', region: 'london', legalForm: 'co-operative-society' };
    const enrolled = await call('POST', `/api/v1/studies/${study.body.id}/cases`, { mutualId: id, selection });
    expect(enrolled.status).toBe(201);
    const contact = await call('POST', `/api/v1/cases/${enrolled.body.id}/contacts`, { role: 'director', consentToContact: true, personal: { name: 'Priya Shah', email: 'priya@example.org' } });
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
    const caught = await waitUntil(async () => existsSync(join(dataDir, 'mail')) && readdirSync(join(dataDir, 'mail')).find((name) => name.endsWith('.eml')), {
      what: 'the reminder to be caught',
    });
    expect(readFileSync(join(dataDir, 'mail', caught as string), 'utf8')).toContain('priya@example.org');

    started.interrupt();
    await allClosed;
    expect(started.output()).toContain('[casebook] stopped');
    expect(started.output()).not.toContain('exited (code');
    await expect(fetch(`${base}/health`)).rejects.toThrow();
  }, 240_000);
});
