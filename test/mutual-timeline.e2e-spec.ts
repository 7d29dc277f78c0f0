import { type Harness, startCasebook } from './support/casebook-harness.js';

describe('a mutual and its timeline, through the API', () => {
  let casebook: Harness;

  beforeAll(async () => {
    casebook = await startCasebook();
  });
  afterAll(() => casebook?.close());

  const register = () =>
    casebook.request('POST', '/api/v1/mutuals', {
      name: 'Riverside Community Health CIC',
      serviceAreas: ['health-and-social-care'],
      region: 'north-west',
      legalForm: 'community-interest-company',
      parentBody: 'Riverside Primary Care Trust',
    });

  it('registers a mutual, records a spin-out and a renewal, and reads them back in order with their precision', async () => {
    const registered = await register();
    expect(registered.status).toBe(201);
    expect(registered.body).toMatchObject({ id: expect.any(String), version: 1 });
    expect(registered.headers.get('etag')).toBe('"1"');
    const id = registered.body.id;

    // Recorded out of order on purpose: the renewal is entered before the spin-out.
    const renewal = await casebook.request(
      'POST',
      `/api/v1/mutuals/${id}/milestones`,
      {
        type: 'contract-renewed',
        occurredOn: '2014',
        commissioner: 'Riverside CCG',
        startsOn: '2014-04',
        endsOn: '2019-03',
        annualValueGbp: 41500000,
      },
      { 'if-match': '"1"' },
    );
    expect(renewal.status).toBe(201);
    expect(renewal.headers.get('etag')).toBe('"2"');
    const spinOut = await casebook.request('POST', `/api/v1/mutuals/${id}/milestones`, {
      type: 'spun-out',
      occurredOn: '2011-04',
      parentBody: 'Riverside Primary Care Trust',
      staffTransferred: 450,
    });
    expect(spinOut.status).toBe(201);
    expect(spinOut.body.version).toBe(3);

    await casebook.projected(spinOut);
    const timeline = await casebook.request('GET', `/api/v1/mutuals/${id}/timeline`);
    expect(timeline.status).toBe(200);
    expect(timeline.body).toMatchObject({ mutualId: id, name: 'Riverside Community Health CIC', spunOutOn: '2011-04', version: 3 });
    expect(timeline.body.milestones).toEqual([
      {
        id: spinOut.body.id,
        type: 'spun-out',
        occurredOn: '2011-04',
        precision: 'month',
        details: { parentBody: 'Riverside Primary Care Trust', staffTransferred: 450 },
        recordedAt: expect.any(String),
        // The administrator of the harness, who has no display name in the directory.
        recordedBy: { accountId: expect.any(String), displayName: null },
      },
      {
        id: renewal.body.id,
        type: 'contract-renewed',
        occurredOn: '2014',
        precision: 'year',
        details: { commissioner: 'Riverside CCG', startsOn: '2014-04', endsOn: '2019-03', annualValueGbp: 41500000 },
        recordedAt: expect.any(String),
        recordedBy: { accountId: expect.any(String), displayName: null },
      },
    ]);
  });

  it('answers bad input with problem+json naming each field and rule, and stores nothing', async () => {
    const bad = await casebook.request('POST', '/api/v1/mutuals', { name: '', serviceAreas: ['farming'], region: 'atlantis' });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    expect(bad.body.errors.map((e: { field: string; rule: string }) => [e.field, e.rule])).toEqual([
      ['name', 'not-blank'],
      ['serviceAreas[0]', 'one-of'],
      ['region', 'one-of'],
    ]);

    const { body } = await register();
    const path = `/api/v1/mutuals/${body.id}/milestones`;
    const future = await casebook.request('POST', path, { type: 'spun-out', occurredOn: '2999-01', parentBody: 'PCT' });
    expect(future.status).toBe(400);
    expect(future.body.errors).toEqual([expect.objectContaining({ field: 'occurredOn', rule: 'not-in-future' })]);
    const malformed = await casebook.request('POST', path, '{"type": "spun-out",');
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get('content-type')).toContain('application/problem+json');

    const probe = await casebook.request('POST', path, { type: 'spun-out', occurredOn: '2012', parentBody: 'PCT' });
    expect(probe.body.version).toBe(2);
    await casebook.projected(probe);
    const timeline = await casebook.request('GET', `/api/v1/mutuals/${body.id}/timeline`);
    expect(timeline.body.milestones.map((m: { occurredOn: string }) => m.occurredOn)).toEqual(['2012']);
  });

  it('answers 404 for an unknown mutual', async () => {
    const unknown = '6b1d9a7e-0000-4000-8000-000000000000';
    const write = await casebook.request('POST', `/api/v1/mutuals/${unknown}/milestones`, {
      type: 'spun-out',
      occurredOn: '2012',
      parentBody: 'PCT',
    });
    expect(write.status).toBe(404);
    expect(write.headers.get('content-type')).toContain('application/problem+json');
    expect((await casebook.request('GET', `/api/v1/mutuals/${unknown}/timeline`)).status).toBe(404);
    expect((await casebook.request('GET', `/api/v1/mutuals/not-a-uuid/timeline`)).status).toBe(404);
  });

  it('refuses a stale If-Match with 409 and the current version, and stores nothing', async () => {
    const { body } = await register();
    const path = `/api/v1/mutuals/${body.id}/milestones`;
    const first = await casebook.request('POST', path, { type: 'spun-out', occurredOn: '2012', parentBody: 'PCT' }, { 'if-match': '"1"' });
    expect(first.status).toBe(201);
    const stale = await casebook.request(
      'POST',
      path,
      { type: 'contract-awarded', occurredOn: '2012', commissioner: 'Council', startsOn: '2012', endsOn: '2015' },
      { 'if-match': '"1"' },
    );
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ type: '/problems/version-conflict', currentVersion: 2 });
    await casebook.projected(first);
    const timeline = await casebook.request('GET', `/api/v1/mutuals/${body.id}/timeline`);
    expect(timeline.body.milestones).toHaveLength(1);
  });

  it('loses no write when many are sent at once without If-Match', async () => {
    const { body } = await register();
    const path = `/api/v1/mutuals/${body.id}/milestones`;
    const writes = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        casebook.request('POST', path, {
          type: 'contract-awarded',
          occurredOn: `${2001 + i}`,
          commissioner: `Council ${i}`,
          startsOn: `${2001 + i}`,
          endsOn: `${2003 + i}`,
        }),
      ),
    );
    expect(writes.map((w) => w.status)).toEqual(Array(10).fill(201));
    expect(new Set(writes.map((w) => w.body.version)).size).toBe(10);
    const last = writes.reduce((a, b) => (a.body.version > b.body.version ? a : b));
    await casebook.projected(last);
    const timeline = await casebook.request('GET', `/api/v1/mutuals/${body.id}/timeline`);
    expect(timeline.body.milestones.map((m: { occurredOn: string }) => m.occurredOn)).toEqual(
      Array.from({ length: 10 }, (_, i) => `${2001 + i}`),
    );
  });

  it('publishes its OpenAPI description and reports health', async () => {
    const docs = await casebook.request('GET', '/api/docs-json');
    expect(docs.status).toBe(200);
    expect(Object.keys(docs.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/mutuals',
        '/api/v1/mutuals/{mutualId}/milestones',
        '/api/v1/mutuals/{mutualId}/timeline',
        '/health',
      ]),
    );
    const health = await casebook.request('GET', '/health');
    expect(health.status).toBe(200);
    expect(health.body.info).toMatchObject({
      database: { status: 'up' },
      eventStore: { status: 'up' },
      projection: { status: 'up' },
    });
  });
});
