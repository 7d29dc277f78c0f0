// Revocation among many tokens: the guard folds the account's stream, which here grows past ten
// events, so the events must be applied in the order they were written for a revocation to stick.
import { type Harness, startCasebook } from './support/casebook-harness.js';

describe('revoking one token among ten', () => {
  let casebook: Harness;

  beforeAll(async () => {
    casebook = await startCasebook();
  });
  afterAll(() => casebook?.close());

  it('refuses exactly the revoked tokens, the fifth and then the last issued, and keeps the others working', async () => {
    const created = await casebook.request('POST', '/api/v1/accounts', { displayName: 'Dr Ana Silva', role: 'viewer' });
    expect(created.status).toBe(201);
    const { accountId } = created.body;
    const tokens: { tokenId: string; token: string }[] = [{ tokenId: created.body.tokenId, token: created.body.token }];
    for (let n = 2; n <= 10; n++) {
      const issued = await casebook.request('POST', `/api/v1/accounts/${accountId}/tokens`, { label: `token ${n}` });
      expect(issued.status).toBe(201);
      tokens.push({ tokenId: issued.body.tokenId, token: issued.body.token });
    }
    const statuses = async () => {
      const answers: number[] = [];
      for (const { token } of tokens)
        answers.push((await casebook.request('GET', '/api/v1/studies', undefined, { authorization: `Bearer ${token}` })).status);
      return answers;
    };
    expect(await statuses()).toEqual(Array(10).fill(200));

    expect((await casebook.request('DELETE', `/api/v1/accounts/${accountId}/tokens/${tokens[4].tokenId}`)).status).toBe(200);
    expect(await statuses()).toEqual([200, 200, 200, 200, 401, 200, 200, 200, 200, 200]);

    expect((await casebook.request('DELETE', `/api/v1/accounts/${accountId}/tokens/${tokens[9].tokenId}`)).status).toBe(200);
    expect(await statuses()).toEqual([200, 200, 200, 200, 401, 200, 200, 200, 200, 401]);

    const account = await casebook.request('GET', `/api/v1/accounts/${accountId}`);
    expect(account.body.tokenIds.sort()).toEqual(
      tokens
        .filter((_, i) => i !== 4 && i !== 9)
        .map((t) => t.tokenId)
        .sort(),
    );
    expect(account.body.version).toBe(13);
  });
});
