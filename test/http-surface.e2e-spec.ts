// What every client sees of the HTTP surface whatever the route: errors, the framework's own
// included, are problem+json of one shape; authenticated data is never cached; security headers
// are set; large answers are compressed for clients that accept it.
import { gunzipSync } from 'node:zlib';
import { type Harness, startCasebook } from './support/casebook-harness.js';

describe('the HTTP surface', () => {
  let casebook: Harness;
  const auth = () => ({ authorization: `Bearer ${casebook.config.adminToken}` });

  beforeAll(async () => {
    casebook = await startCasebook();
  });
  afterAll(() => casebook?.close());

  async function expectProblem(response: Response, status: number) {
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    const body = (await response.json()) as { errors?: unknown };
    expect(body).toEqual(
      expect.objectContaining({ type: expect.any(String), title: expect.any(String), status, detail: expect.any(String) }),
    );
    return body;
  }

  it.each([
    ['an unknown route', 'GET', '/api/v1/nothing-here', undefined, undefined, 404],
    ['a 2,000-character path segment', 'GET', `/api/v1/mutuals/${'a'.repeat(2000)}/timeline`, undefined, undefined, 404],
    ['a body over 1 MiB', 'POST', '/api/v1/mutuals', 'application/json', JSON.stringify({ name: 'x'.repeat(1_100_000) }), 413],
    ['a body of an unsupported type', 'POST', '/api/v1/mutuals', 'text/plain', 'name=Riverside', 415],
  ])('answers %s with problem+json', async (_what, method, path, contentType, body, status) => {
    const response = await fetch(`${casebook.baseUrl}${path}`, {
      method,
      headers: { ...auth(), ...(contentType ? { 'content-type': contentType } : {}) },
      body,
    });
    const problem = await expectProblem(response, status);
    if (status === 413 || status === 415) expect(problem.errors).toEqual([expect.objectContaining({ field: '(body)' })]);
  });

  it('never lets authenticated data be cached, and sets the usual security headers', async () => {
    const response = await fetch(`${casebook.baseUrl}/api/v1/studies`, { headers: auth() });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    const refused = await fetch(`${casebook.baseUrl}/api/v1/studies`);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('cache-control')).toBe('no-store');
  });

  it('compresses a large timeline for a client that accepts gzip', async () => {
    const mutual = await casebook.request('POST', '/api/v1/mutuals', {
      name: 'Riverside Community Health CIC',
      serviceAreas: ['health-and-social-care'],
    });
    let last = mutual;
    for (let year = 1960; year < 2020; year++) {
      last = await casebook.request('POST', `/api/v1/mutuals/${mutual.body.id}/milestones`, {
        type: 'turnover-reported',
        occurredOn: `${year}`,
        financialYear: `${year}-${String((year + 1) % 100).padStart(2, '0')}`,
        amountGbp: 1_000_000 + year,
        notes: 'From the annual report and accounts filed at Companies House',
      });
      expect(last.status).toBe(201);
    }
    await casebook.projected(last);
    // fetch() would inflate the body itself; a raw request shows what travels.
    const { request } = await import('node:http');
    const url = new URL(`${casebook.baseUrl}/api/v1/mutuals/${mutual.body.id}/timeline`);
    const raw = await new Promise<{ encoding?: string; body: Buffer }>((resolve, reject) => {
      const req = request(url, { headers: { ...auth(), 'accept-encoding': 'gzip' } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ encoding: res.headers['content-encoding'], body: Buffer.concat(chunks) }));
      });
      req.on('error', reject);
      req.end();
    });
    expect(raw.encoding).toBe('gzip');
    const timeline = JSON.parse(gunzipSync(raw.body).toString('utf8'));
    expect(timeline.milestones).toHaveLength(60);
    expect(raw.body.length).toBeLessThan(JSON.stringify(timeline).length / 3);
  });
});
