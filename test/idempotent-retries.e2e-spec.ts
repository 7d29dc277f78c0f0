import { randomUUID } from 'node:crypto';
import { type Harness, startCasebook } from './support/casebook-harness.js';

describe('retries with an Idempotency-Key', () => {
  let casebook: Harness;

  beforeAll(async () => {
    casebook = await startCasebook();
  });
  afterAll(() => casebook?.close());

  const mutual = { name: 'Oakridge Community Leisure', serviceAreas: ['sports-and-leisure'] };

  it('returns the first answer to a retried POST and records nothing twice', async () => {
    const key = randomUUID();
    const first = await casebook.request('POST', '/api/v1/mutuals', mutual, { 'idempotency-key': key });
    const retry = await casebook.request('POST', '/api/v1/mutuals', mutual, { 'idempotency-key': key });
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.get('etag')).toBe(first.headers.get('etag'));
    expect(retry.headers.get('idempotent-replayed')).toBe('true');

    const milestone = { type: 'spun-out', occurredOn: '2014-10', parentBody: 'Oakridge Borough Council' };
    const path = `/api/v1/mutuals/${first.body.id}/milestones`;
    const milestoneKey = randomUUID();
    const recorded = await casebook.request('POST', path, milestone, { 'idempotency-key': milestoneKey });
    const again = await casebook.request('POST', path, milestone, { 'idempotency-key': milestoneKey });
    expect(again.body).toEqual(recorded.body);
    expect(recorded.body.version).toBe(2);

    await casebook.projected(recorded);
    const timeline = await casebook.request('GET', `/api/v1/mutuals/${first.body.id}/timeline`);
    expect(timeline.body.milestones).toHaveLength(1);
    expect(timeline.body.version).toBe(2);
  });

  it('refuses the same key for a different request with 422', async () => {
    const key = randomUUID();
    expect((await casebook.request('POST', '/api/v1/mutuals', mutual, { 'idempotency-key': key })).status).toBe(201);
    const other = await casebook.request('POST', '/api/v1/mutuals', { ...mutual, name: 'Another Mutual' }, { 'idempotency-key': key });
    expect(other.status).toBe(422);
    expect(other.headers.get('content-type')).toContain('application/problem+json');
  });

  it('frees the key when the request failed, so a corrected retry goes through', async () => {
    const key = randomUUID();
    const bad = await casebook.request('POST', '/api/v1/mutuals', { name: 'No Areas' }, { 'idempotency-key': key });
    expect(bad.status).toBe(400);
    const fixed = await casebook.request(
      'POST',
      '/api/v1/mutuals',
      { name: 'No Areas', serviceAreas: ['other'] },
      { 'idempotency-key': key },
    );
    expect(fixed.status).toBe(201);
  });

  it('records one mutual when the same keyed request arrives twice at once', async () => {
    const key = randomUUID();
    const body = { name: `Simultaneous ${key.slice(0, 6)}`, serviceAreas: ['housing'] };
    const answers = await Promise.all([1, 2].map(() => casebook.request('POST', '/api/v1/mutuals', body, { 'idempotency-key': key })));
    const created = answers.filter((a) => a.status === 201);
    expect(created.length).toBeGreaterThanOrEqual(1);
    expect(answers.every((a) => a.status === 201 || a.status === 409)).toBe(true);
    expect(new Set(created.map((a) => a.body.id)).size).toBe(1);
  });
});

describe('the OpenAPI description of retries', () => {
  let casebook: Harness;

  beforeAll(async () => {
    casebook = await startCasebook();
  });
  afterAll(() => casebook?.close());

  it('documents Idempotency-Key on every route that honours it', async () => {
    const { body } = await casebook.request('GET', '/api/docs-json');
    const headerOf = (path: string, method: string) =>
      (body.paths[path][method].parameters ?? []).some(
        (p: { in: string; name: string }) => p.in === 'header' && p.name === 'Idempotency-Key',
      );
    for (const [path, method] of [
      ['/api/v1/mutuals', 'post'],
      ['/api/v1/mutuals/{mutualId}/milestones', 'post'],
      ['/api/v1/studies', 'post'],
      ['/api/v1/studies/{studyId}/cases', 'post'],
      ['/api/v1/cases/{caseId}/contacts', 'post'],
      ['/api/v1/cases/{caseId}/waves', 'post'],
    ]) {
      expect([path, headerOf(path, method)]).toEqual([path, true]);
    }
  });
});
