import { readFileSync } from 'node:fs';
import { REGIONS, SERVICE_AREAS } from '@casebook/domain';
import { type Harness, startCasebook } from './support/casebook-harness.js';
import { enrolledCase } from './support/research-fixtures.js';

interface Listed {
  id: string;
  name: string;
  serviceAreas: string[];
  region?: string;
  legalForm?: string;
  status: string;
}

describe('the registry of mutuals', () => {
  let casebook: Harness;

  beforeAll(async () => {
    casebook = await startCasebook();
  });
  afterAll(() => casebook?.close());

  /** Follows `next` from `path` to the last page, returning every page's items. */
  async function walk(path: string, headers: Record<string, string> = {}): Promise<Listed[][]> {
    const pages: Listed[][] = [];
    for (let next: string | undefined = path; next;) {
      const page: { status: number; body: { items: Listed[]; next?: string } } = await casebook.request('GET', next, undefined, headers);
      expect([next, page.status]).toEqual([next, 200]);
      pages.push(page.body.items);
      next = page.body.next;
      if (pages.length > 100) throw new Error('the pages never end');
    }
    return pages;
  }

  const byNameThenId = (a: Listed, b: Listed) => {
    const [x, y] = [a.name.toLowerCase(), b.name.toLowerCase()];
    return x < y ? -1 : x > y ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  };

  it('pages through every mutual by name, each once, with filters that hold across pages', async () => {
    // Sixty mutuals, more than two pages: names repeat (case apart) so that the id decides ties.
    const legalForms = ['community-interest-company', 'co-operative-society', 'charity'];
    const registered: Listed[] = [];
    let last;
    for (let i = 0; i < 60; i++) {
      const body = {
        name: `${i % 2 ? 'riverside' : 'Riverside'} ${['Care', 'Leisure', 'Libraries', 'Youth'][i % 4]} ${String(Math.floor(i / 8)).padStart(2, '0')}`,
        serviceAreas: [SERVICE_AREAS[i % 6], ...(i % 5 === 0 ? ['other' as const] : [])],
        region: REGIONS[i % 3],
        legalForm: legalForms[i % 3],
      };
      last = await casebook.request('POST', '/api/v1/mutuals', body);
      expect(last.status).toBe(201);
      registered.push({ id: last.body.id, status: 'active', ...body });
    }
    if (!last) throw new Error('nothing was written');
    await casebook.projected(last);
    const expected = [...registered].sort(byNameThenId);

    const pages = await walk('/api/v1/mutuals?limit=25');
    expect(pages.map((page) => page.length)).toEqual([25, 25, 10]);
    const listed = pages.flat();
    expect(listed.map((m) => m.id)).toEqual(expected.map((m) => m.id));
    expect(new Set(listed.map((m) => m.id)).size).toBe(60);
    expect(listed[0]).toMatchObject({ status: 'active', milestoneCount: 0, version: 1, registeredAt: expect.any(String) });

    const defaultPages = await walk('/api/v1/mutuals');
    expect(defaultPages.map((page) => page.length)).toEqual([25, 25, 10]);

    const filters: [string, (m: Listed) => boolean][] = [
      ['serviceArea=other&region=north-east', (m) => m.serviceAreas.includes('other') && m.region === 'north-east'],
      ['legalForm=charity&name=LEISURE', (m) => m.legalForm === 'charity' && m.name.toLowerCase().includes('leisure')],
      ['serviceArea=health-and-social-care', (m) => m.serviceAreas.includes('health-and-social-care')],
      ['name=riverside%20care%2000', (m) => m.name.toLowerCase().includes('riverside care 00')],
    ];
    for (const [query, keep] of filters) {
      const filtered = await walk(`/api/v1/mutuals?limit=3&${query}`);
      const wanted = expected.filter(keep);
      expect(wanted.length).toBeGreaterThan(0);
      expect([query, filtered.flat().map((m) => m.id)]).toEqual([query, wanted.map((m) => m.id)]);
      expect(filtered.slice(0, -1).every((page) => page.length === 3)).toBe(true);
    }
    const none = await casebook.request('GET', '/api/v1/mutuals?name=50%25');
    expect(none.body).toEqual({ items: [] });
  });

  it('answers 200 at the API address npm start prints', async () => {
    const start = readFileSync(new URL('../scripts/start.mjs', import.meta.url), 'utf8');
    const printed = /API:\s+\$\{base\}(\S+)`/.exec(start)?.[1];
    expect(printed).toBe('/api/v1/mutuals');
    const answer = await casebook.request('GET', printed!);
    expect(answer.status).toBe(200);
    expect(answer.body.items).toEqual(expect.any(Array));
    expect((await casebook.request('GET', printed!, undefined, { authorization: '' })).status).toBe(401);
  });

  it('refuses bad paging and filter parameters, naming each', async () => {
    const bad = await casebook.request('GET', '/api/v1/mutuals?limit=0&region=atlantis&cursor=nonsense&colour=red');
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string; rule: string }) => [e.field, e.rule])).toEqual([
      ['colour', 'unknown-field'],
      ['region', 'one-of'],
      ['limit', 'page-size'],
      ['cursor', 'cursor'],
    ]);
    expect((await casebook.request('GET', '/api/v1/mutuals?limit=101')).status).toBe(400);
    expect((await casebook.request('GET', '/api/v1/mutuals?limit=100')).status).toBe(200);
  });

  it('lists and shows only the mutuals a reader may see, as reading a mutual does', async () => {
    const { studyId, mutualId } = await enrolledCase(casebook, 'Scoped Registry Mutual');
    const member = await casebook.account('viewer', [studyId]);
    const researcher = await casebook.account('researcher');
    const own = await casebook.request(
      'POST',
      '/api/v1/mutuals',
      { name: 'Own Registry Mutual', serviceAreas: ['housing'] },
      researcher.headers,
    );
    await casebook.projected(own);

    const seenBy = async (headers: Record<string, string>) => (await walk('/api/v1/mutuals?limit=10', headers)).flat().map((m) => m.id);
    expect(await seenBy(member.headers)).toEqual([mutualId]);
    expect(await seenBy(researcher.headers)).toEqual([own.body.id]);
    expect(await seenBy({})).toEqual(expect.arrayContaining([mutualId, own.body.id]));

    const one = await casebook.request('GET', `/api/v1/mutuals/${mutualId}`, undefined, member.headers);
    expect(one.status).toBe(200);
    expect(one.headers.get('etag')).toBe(`"${one.body.version}"`);
    expect(one.body).toMatchObject({
      id: mutualId,
      name: 'Scoped Registry Mutual',
      serviceAreas: ['health-and-social-care'],
      region: 'north-west',
      status: 'active',
    });
    expect(one.body).not.toHaveProperty('endedOn');
    expect((await casebook.request('GET', `/api/v1/mutuals/${mutualId}`, undefined, researcher.headers)).status).toBe(403);
    expect((await casebook.request('GET', `/api/v1/mutuals/${mutualId}/history`, undefined, researcher.headers)).status).toBe(403);
    const unknown = '6b1d9a7e-0000-4000-8000-000000000000';
    expect((await casebook.request('GET', `/api/v1/mutuals/${unknown}`)).status).toBe(404);
    expect((await casebook.request('GET', `/api/v1/mutuals/${unknown}/history`)).status).toBe(404);
    expect((await casebook.request('GET', '/api/v1/mutuals/not-a-uuid')).status).toBe(404);
  });

  it('corrects a registration with If-Match and Idempotency-Key, and keeps every version with who, when and why', async () => {
    const { studyId, mutualId } = await enrolledCase(casebook, 'Misspelt Mutal');
    const researcher = await casebook.account('researcher', [studyId]);
    const viewer = await casebook.account('viewer', [studyId]);
    const path = `/api/v1/mutuals/${mutualId}`;
    const change = {
      name: 'Misspelt Mutual',
      region: 'north-east',
      parentBody: 'Northgate PCT',
      reason: 'Name and region as on the register',
      source: { kind: 'document', reference: 'Register extract' },
    };

    expect((await casebook.request('PATCH', path, change, viewer.headers)).status).toBe(403);
    const noReason = await casebook.request('PATCH', path, { name: 'Misspelt Mutual' }, researcher.headers);
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors).toEqual([expect.objectContaining({ field: 'reason', rule: 'required' })]);
    const stale = await casebook.request('PATCH', path, change, { ...researcher.headers, 'if-match': '"7"' });
    expect(stale.status).toBe(409);
    // The enrolment is on the mutual's own stream too, so the registration is version 2.
    expect(stale.body.currentVersion).toBe(2);

    const headers = { ...researcher.headers, 'if-match': '"2"', 'idempotency-key': `registry-${mutualId}` };
    const corrected = await casebook.request('PATCH', path, change, headers);
    expect(corrected.status).toBe(200);
    expect(corrected.body).toMatchObject({ id: mutualId, version: 3 });
    expect(corrected.headers.get('etag')).toBe('"3"');
    const replay = await casebook.request('PATCH', path, change, headers);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body).toEqual(corrected.body);

    const unchanged = await casebook.request('PATCH', path, { name: 'Misspelt Mutual', reason: 'Again' }, researcher.headers);
    expect(unchanged.status).toBe(409);
    expect(unchanged.body.rule).toBe('unchanged');
    const cleared = await casebook.request('PATCH', path, {
      parentBody: null,
      serviceAreas: ['health-and-social-care', 'housing'],
      reason: 'No parent body after all',
    });
    expect(cleared.status).toBe(200);

    await casebook.projected(cleared);
    const mutual = await casebook.request('GET', path, undefined, viewer.headers);
    expect(mutual.body).toMatchObject({
      name: 'Misspelt Mutual',
      region: 'north-east',
      serviceAreas: ['health-and-social-care', 'housing'],
      version: 4,
    });
    expect(mutual.body).not.toHaveProperty('parentBody');
    const found = await casebook.request('GET', '/api/v1/mutuals?name=misspelt%20mutual');
    expect(found.body.items.map((m: Listed) => m.id)).toEqual([mutualId]);

    const history = await casebook.request('GET', `${path}/history`, undefined, viewer.headers);
    expect(history.status).toBe(200);
    expect(history.body.versions).toEqual([
      {
        change: 'registered',
        details: { name: 'Misspelt Mutal', serviceAreas: ['health-and-social-care'], region: 'north-west' },
        changed: ['name', 'serviceAreas', 'region'],
        recordedBy: expect.any(String),
        recordedAt: expect.any(String),
      },
      {
        change: 'corrected',
        details: { name: 'Misspelt Mutual', serviceAreas: ['health-and-social-care'], region: 'north-east', parentBody: 'Northgate PCT' },
        changed: ['name', 'region', 'parentBody'],
        reason: 'Name and region as on the register',
        recordedBy: researcher.accountId,
        recordedAt: expect.any(String),
        source: { kind: 'document', reference: 'Register extract' },
      },
      {
        change: 'corrected',
        details: { name: 'Misspelt Mutual', serviceAreas: ['health-and-social-care', 'housing'], region: 'north-east' },
        changed: ['serviceAreas', 'parentBody'],
        reason: 'No parent body after all',
        recordedBy: expect.any(String),
        recordedAt: expect.any(String),
      },
    ]);
    const unknown = await casebook.request('PATCH', '/api/v1/mutuals/6b1d9a7e-0000-4000-8000-000000000000', { name: 'X', reason: 'y' });
    expect(unknown.status).toBe(404);
  });

  it('documents the registry routes, with Idempotency-Key and If-Match on the correction', async () => {
    const { body } = await casebook.request('GET', '/api/docs-json');
    expect(Object.keys(body.paths)).toEqual(
      expect.arrayContaining(['/api/v1/mutuals', '/api/v1/mutuals/{mutualId}', '/api/v1/mutuals/{mutualId}/history']),
    );
    expect(body.paths['/api/v1/mutuals'].get.parameters.map((p: { name: string }) => p.name).sort()).toEqual([
      'cursor',
      'legalForm',
      'limit',
      'name',
      'region',
      'serviceArea',
    ]);
    const patch = body.paths['/api/v1/mutuals/{mutualId}'].patch;
    expect(
      patch.parameters
        .filter((p: { in: string }) => p.in === 'header')
        .map((p: { name: string }) => p.name)
        .sort(),
    ).toEqual(['Idempotency-Key', 'If-Match']);
  });
});
