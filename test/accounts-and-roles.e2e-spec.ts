import { type Harness, startCasebook } from './support/casebook-harness.js';

describe('accounts, roles and tokens', () => {
  let casebook: Harness;

  beforeAll(async () => {
    casebook = await startCasebook();
  });
  afterAll(() => casebook?.close());

  it('answers 401 without a token or with an unknown one, and lets health through', async () => {
    const none = await casebook.request('GET', '/api/v1/accounts/00000000-0000-4000-8000-000000000000', undefined, { authorization: '' });
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toContain('Bearer');
    expect(none.headers.get('content-type')).toContain('application/problem+json');
    const forged = await casebook.request(
      'POST',
      '/api/v1/mutuals',
      { name: 'X', serviceAreas: ['housing'] },
      {
        authorization: 'Bearer cbk_0123456789abcdef0123456789abcdef_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
      },
    );
    expect(forged.status).toBe(401);
    expect((await casebook.request('GET', '/health', undefined, { authorization: '' })).status).toBe(200);
  });

  it('lets only an administrator manage accounts (403 otherwise)', async () => {
    const researcher = await casebook.account('researcher');
    const viewer = await casebook.account('viewer');
    for (const who of [researcher, viewer]) {
      const attempt = await casebook.request('POST', '/api/v1/accounts', { displayName: 'Sneaky', role: 'admin' }, who.headers);
      expect(attempt.status).toBe(403);
    }
    const admin = await casebook.account('admin');
    const byAdmin = await casebook.request('POST', '/api/v1/accounts', { displayName: 'New Viewer', role: 'viewer' }, admin.headers);
    expect(byAdmin.status).toBe(201);
  });

  it('lets a viewer read but not record', async () => {
    const viewer = await casebook.account('viewer');
    const write = await casebook.request('POST', '/api/v1/mutuals', { name: 'Viewer Mutual', serviceAreas: ['housing'] }, viewer.headers);
    expect(write.status).toBe(403);
  });

  it('stores tokens hashed and revokes them at once', async () => {
    const researcher = await casebook.account('researcher');
    const account = await casebook.request('GET', `/api/v1/accounts/${researcher.accountId}`);
    expect(account.body).toMatchObject({ role: 'researcher', active: true });
    const [tokenId] = account.body.tokenIds;
    const stored = await casebook.request('GET', `/api/v1/accounts/${researcher.accountId}`);
    const secret = researcher.token.slice('cbk_'.length + 32 + 1);
    expect(secret).toHaveLength(43);
    expect(JSON.stringify(stored.body)).not.toContain(secret);

    expect(
      (await casebook.request('POST', '/api/v1/mutuals', { name: 'Before Revocation', serviceAreas: ['housing'] }, researcher.headers))
        .status,
    ).toBe(201);
    expect((await casebook.request('DELETE', `/api/v1/accounts/${researcher.accountId}/tokens/${tokenId}`)).status).toBe(200);
    expect(
      (await casebook.request('POST', '/api/v1/mutuals', { name: 'After Revocation', serviceAreas: ['housing'] }, researcher.headers))
        .status,
    ).toBe(401);
  });

  it('deactivating an account stops every token', async () => {
    const researcher = await casebook.account('researcher');
    const second = await casebook.request('POST', `/api/v1/accounts/${researcher.accountId}/tokens`, { label: 'laptop' });
    expect(second.status).toBe(201);
    expect(
      (await casebook.request('POST', `/api/v1/accounts/${researcher.accountId}/deactivate`, { reason: 'Left the project' })).status,
    ).toBe(200);
    for (const token of [researcher.token, second.body.token]) {
      const attempt = await casebook.request(
        'POST',
        '/api/v1/mutuals',
        { name: 'Nope', serviceAreas: ['housing'] },
        { authorization: `Bearer ${token}` },
      );
      expect(attempt.status).toBe(401);
    }
  });

  it('records who made each change and can say what an account could do on a past date', async () => {
    const researcher = await casebook.account('researcher');
    const before = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 5));
    const noSuchStudy = '4b7c5d0e-1111-4222-8333-444455556666';
    const refused = await casebook.request('PUT', `/api/v1/accounts/${researcher.accountId}/studies/${noSuchStudy}`);
    expect(refused.status).toBe(404);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    const studyId = (
      await casebook.request('POST', '/api/v1/studies', { title: 'Membership study', startsOn: '2025-01-06', endsOn: '2027-03-26' })
    ).body.id;
    expect((await casebook.request('PUT', `/api/v1/accounts/${researcher.accountId}/studies/${studyId}`)).status).toBe(200);
    expect((await casebook.request('PUT', `/api/v1/accounts/${researcher.accountId}/role`, { role: 'viewer' })).status).toBe(200);
    const then = await casebook.request('GET', `/api/v1/accounts/${researcher.accountId}/access?at=${encodeURIComponent(before)}`);
    expect(then.body).toMatchObject({ active: true, role: 'researcher', studyIds: [] });
    const now = await casebook.request('GET', `/api/v1/accounts/${researcher.accountId}/access`);
    expect(now.body).toMatchObject({ active: true, role: 'viewer', studyIds: [studyId] });
    const badRole = await casebook.request('PUT', `/api/v1/accounts/${researcher.accountId}/role`, { role: 'owner' });
    expect(badRole.status).toBe(400);
    expect(badRole.body.errors).toEqual([expect.objectContaining({ field: 'role', rule: 'one-of' })]);
  });
});
