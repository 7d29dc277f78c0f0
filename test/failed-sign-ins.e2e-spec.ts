// Guessing tokens gains nothing by being fast: failed sign-ins are limited per account and per
// client address, answered 429 problem+json with Retry-After, and while blocked even a correct
// token waits.
import { randomUUID } from 'node:crypto';
import { FAILED_SIGN_IN_LIMITS } from '../apps/api/src/auth/failed-sign-ins.js';
import { type Harness, startCasebook } from './support/casebook-harness.js';

const guessFor = (accountId: string) => `cbk_${accountId.replace(/-/g, '')}_${'A'.repeat(43)}`;

describe('failed sign-ins', () => {
  let casebook: Harness;

  beforeAll(async () => {
    casebook = await startCasebook();
  });
  afterAll(() => casebook?.close());

  const studies = (token: string) => casebook.request('GET', '/api/v1/studies', undefined, { authorization: `Bearer ${token}` });

  it('blocks an account after repeated wrong secrets, then the whole address, answering 429 with Retry-After', async () => {
    const target = await casebook.account('researcher');
    const bystander = await casebook.account('viewer');
    const { perAccount, perAddress } = FAILED_SIGN_IN_LIMITS;

    const onTarget: number[] = [];
    for (let i = 0; i < perAccount.max + 5; i++) onTarget.push((await studies(guessFor(target.accountId))).status);
    expect(onTarget.slice(0, perAccount.max)).toEqual(Array(perAccount.max).fill(401));
    expect(onTarget.slice(perAccount.max)).toEqual(Array(5).fill(429));

    const blocked = await studies(target.token);
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get('content-type')).toContain('application/problem+json');
    const retryAfter = Number(blocked.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(perAccount.timeWindowMs / 1000);
    expect(blocked.body).toMatchObject({ status: 429, retryAfterSeconds: retryAfter });
    // Another account from the same address is still heard: the address is under its limit.
    expect((await studies(bystander.token)).status).toBe(200);

    // 300 guesses, each at a different account, in 0.4 s as the probe did: the address limit.
    const statuses: number[] = [];
    for (let batch = 0; batch < 30; batch++) {
      const answers = await Promise.all(Array.from({ length: 10 }, () => studies(guessFor(randomUUID()))));
      statuses.push(...answers.map((a) => a.status));
    }
    expect(statuses.filter((s) => s !== 401 && s !== 429)).toEqual([]);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(perAddress.max);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(300 - perAddress.max);
    expect((await studies(bystander.token)).status).toBe(429);
  });
});
