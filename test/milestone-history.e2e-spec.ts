// A milestone's history at the size a long study gives it: corrected a dozen times, each version
// numbered in the order of the mutual's stream and signed with who recorded it, so that a paper
// can cite "v9 of the funding record, recorded by ...".
import { type Harness, startCasebook } from './support/casebook-harness.js';

const CORRECTIONS = 12;

/** The correction body the API takes: the milestone's own fields inside `values`. */
const correctionBody = (occurredOn: string, values: Record<string, unknown>, reason: string) => ({ occurredOn, values, reason });

describe('the history of a milestone corrected many times', () => {
  let casebook: Harness;

  beforeAll(async () => {
    casebook = await startCasebook();
  });
  afterAll(() => casebook?.close());

  it('numbers versions 1 to 13 in stream order, with the recorder beside each', async () => {
    const created = await casebook.request('POST', '/api/v1/accounts', { displayName: 'Dr Imogen Haverford', role: 'admin' });
    expect(created.status).toBe(201);
    const haverford = { authorization: `Bearer ${created.body.token}` };
    const mutual = await casebook.request('POST', '/api/v1/mutuals', {
      name: 'Riverside Leisure Mutual',
      serviceAreas: ['sports-and-leisure'],
    });
    expect(mutual.status).toBe(201);
    const path = `/api/v1/mutuals/${mutual.body.id}/milestones`;
    const funding = (amountGbp: number) => ({ funder: 'Big Society Capital', amountGbp, fundingType: 'social-investment' });
    const recorded = await casebook.request(
      'POST',
      path,
      { type: 'funding-secured', occurredOn: '2015-06', ...funding(100_000) },
      haverford,
    );
    expect(recorded.status).toBe(201);
    const milestonePath = `${path}/${recorded.body.id}`;

    // Versions 2..12 each change the amount; version 13 goes back to the amount of version 9,
    // which is a change from version 12, and must be accepted as one.
    const amountOf = (version: number): number => (version === 13 ? amountOf(9) : 100_000 + (version - 1) * 1_000);
    // Odd versions by Dr Haverford, even ones by whoever holds ADMIN_TOKEN.
    const byVersion = (version: number) => (version % 2 === 1 ? haverford : {});
    let last = recorded;
    for (let version = 2; version <= CORRECTIONS + 1; version++) {
      last = await casebook.request(
        'PUT',
        milestonePath,
        correctionBody('2015-06', funding(amountOf(version)), `Correction to v${version}`),
        byVersion(version),
      );
      expect({ version, status: last.status, body: last.status === 200 ? undefined : last.body }).toEqual({
        version,
        status: 200,
        body: undefined,
      });
    }
    const unchanged = await casebook.request('PUT', milestonePath, correctionBody('2015-06', funding(amountOf(13)), 'Again'));
    expect(unchanged.status).toBe(409);
    expect(unchanged.body.rule).toBe('unchanged');
    await casebook.projected(last);

    const history = await casebook.request('GET', `${milestonePath}/history`);
    expect(history.status).toBe(200);
    const versions = history.body.versions as Record<string, unknown>[];
    expect(versions.map((v) => v.version)).toEqual(Array.from({ length: CORRECTIONS + 1 }, (_, i) => i + 1));
    expect(versions.map((v) => (v.values as { amountGbp: number }).amountGbp)).toEqual(versions.map((_, i) => amountOf(i + 1)));
    expect(versions.map((v) => v.change)).toEqual(['recorded', ...Array(CORRECTIONS).fill('corrected')]);
    expect(versions.slice(1).map((v) => v.reason)).toEqual(versions.slice(1).map((_, i) => `Correction to v${i + 2}`));
    for (const entry of versions) {
      const odd = (entry.version as number) % 2 === 1;
      expect(entry).toMatchObject(
        odd
          ? { recordedBy: created.body.accountId, recordedByName: 'Dr Imogen Haverford' }
          : { recordedBy: '00000000-0000-4000-8000-00000000a001', recordedByName: 'First administrator (ADMIN_TOKEN)' },
      );
    }

    // The timeline believes the last version.
    const timeline = await casebook.request('GET', `/api/v1/mutuals/${mutual.body.id}/timeline`);
    expect(timeline.body.milestones).toEqual([
      expect.objectContaining({ id: recorded.body.id, details: expect.objectContaining({ amountGbp: amountOf(13) }) }),
    ]);
  });
});
