import { type Harness, startCasebook } from './support/casebook-harness.js';
import { enrolledCase } from './support/research-fixtures.js';

describe('the milestone catalogue, corrections and who may record them', () => {
  let casebook: Harness;

  beforeAll(async () => {
    casebook = await startCasebook();
  });
  afterAll(() => casebook?.close());

  async function newMutual(name: string) {
    const created = await casebook.request('POST', '/api/v1/mutuals', { name, serviceAreas: ['health-and-social-care'] });
    expect(created.status).toBe(201);
    return created.body.id as string;
  }

  it('records the OpenAPI example of every milestone type and shows them in date order', async () => {
    const docs = await casebook.request('GET', '/api/docs-json');
    const examples = docs.body.paths['/api/v1/mutuals/{mutualId}/milestones'].post.requestBody.content['application/json'].examples as Record<
      string,
      { value: Record<string, unknown> }
    >;
    const kinds = Object.keys(examples);
    expect(kinds).toHaveLength(17);
    const id = await newMutual('Catalogue Mutual');
    // Dissolution closes the record to new milestones, so it goes last.
    const ordered = [...kinds.filter((k) => k !== 'dissolved'), 'dissolved'];
    let last;
    for (const kind of ordered) {
      last = await casebook.request('POST', `/api/v1/mutuals/${id}/milestones`, examples[kind].value);
      expect([kind, last.status]).toEqual([kind, 201]);
    }
    const after = await casebook.request('POST', `/api/v1/mutuals/${id}/milestones`, { type: 'award-received', occurredOn: '2023', awardName: 'Late award' });
    expect(after.status).toBe(409);
    expect(after.body.rule).toBe('dissolved');

    await casebook.projected(last!);
    const timeline = await casebook.request('GET', `/api/v1/mutuals/${id}/timeline`);
    expect(new Set(timeline.body.milestones.map((m: { type: string }) => m.type))).toEqual(new Set(kinds));
    const keys = timeline.body.milestones.map((m: { occurredOn: string }) => m.occurredOn.padEnd(10, '-'));
    expect(keys).toEqual([...keys].sort());
    const governance = timeline.body.milestones.find((m: { type: string }) => m.type === 'governance-changed');
    expect(governance.details).toMatchObject({ ownershipModel: 'multi-stakeholder', boardComposition: { total: 9 } });
  });

  it('names each field and rule of a bad milestone and stores nothing', async () => {
    const id = await newMutual('Careful Mutual');
    const path = `/api/v1/mutuals/${id}/milestones`;
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [{ type: 'governance-changed', occurredOn: '2016' }, '(body)', 'at-least-one'],
      [{ type: 'staffing-reported', occurredOn: '2018', headcount: 10, fte: 12 }, 'fte', 'fte-not-above-headcount'],
      [{ type: 'turnover-reported', occurredOn: '2019', financialYear: '2018-20', amountGbp: 5 }, 'financialYear', 'financial-year'],
      [{ type: 'funding-secured', occurredOn: '2017', funder: 'Fund', amountGbp: 10, fundingType: 'gift' }, 'fundingType', 'one-of'],
      [{ type: 'observation', occurredOn: '2018', text: 'x', source: { kind: 'url' } }, 'source.url', 'required'],
    ];
    for (const [body, field, rule] of cases) {
      const answer = await casebook.request('POST', path, body);
      expect([body.type, answer.status]).toEqual([body.type, 400]);
      expect(answer.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field, rule })]));
    }
    const probe = await casebook.request('POST', path, { type: 'observation', occurredOn: '2018', text: 'First real entry' });
    expect(probe.body.version).toBe(2);
  });

  it('corrects and retracts without losing the earlier versions, saying who and why', async () => {
    const id = await newMutual('Corrected Mutual');
    const path = `/api/v1/mutuals/${id}/milestones`;
    const spinOut = await casebook.request('POST', path, { type: 'spun-out', occurredOn: '2012', parentBody: 'County PCT' });
    const contract = await casebook.request('POST', path, { type: 'contract-awarded', occurredOn: '2012', commissioner: 'County PCT', startsOn: '2012', endsOn: '2015' });

    const noReason = await casebook.request('PUT', `${path}/${spinOut.body.id}`, { occurredOn: '2012-04-01', parentBody: 'County PCT' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors).toEqual([expect.objectContaining({ field: 'reason', rule: 'required' })]);

    const corrected = await casebook.request(
      'PUT',
      `${path}/${spinOut.body.id}`,
      { occurredOn: '2012-04-01', parentBody: 'County Primary Care Trust', reason: 'Annual report gives the transfer date', source: { kind: 'annual-report', reference: 'AR 2012-13' } },
      { 'if-match': '"3"' },
    );
    expect(corrected.status).toBe(200);
    const stale = await casebook.request('PUT', `${path}/${spinOut.body.id}`, { occurredOn: '2012-05', parentBody: 'County PCT', reason: 'x' }, { 'if-match': '"3"' });
    expect(stale.status).toBe(409);
    expect(stale.body.currentVersion).toBe(4);

    const retracted = await casebook.request('POST', `${path}/${contract.body.id}/retraction`, { reason: 'Recorded against the wrong mutual' });
    expect(retracted.status).toBe(200);
    const again = await casebook.request('PUT', `${path}/${contract.body.id}`, { occurredOn: '2012', commissioner: 'X', startsOn: '2012', endsOn: '2013', reason: 'y' });
    expect(again.status).toBe(409);

    await casebook.projected(retracted);
    const timeline = await casebook.request('GET', `/api/v1/mutuals/${id}/timeline`);
    expect(timeline.body).toMatchObject({ spunOutOn: '2012-04-01' });
    expect(timeline.body.milestones).toEqual([
      expect.objectContaining({ id: spinOut.body.id, occurredOn: '2012-04-01', precision: 'day', details: { parentBody: 'County Primary Care Trust' } }),
    ]);
    const history = await casebook.request('GET', `${path}/${spinOut.body.id}/history`);
    expect(history.body.versions).toEqual([
      expect.objectContaining({ change: 'recorded', occurredOn: '2012', values: { parentBody: 'County PCT' }, recordedBy: expect.any(String) }),
      expect.objectContaining({
        change: 'corrected',
        occurredOn: '2012-04-01',
        reason: 'Annual report gives the transfer date',
        source: { kind: 'annual-report', reference: 'AR 2012-13' },
      }),
    ]);
    const contractHistory = await casebook.request('GET', `${path}/${contract.body.id}/history`);
    expect(contractHistory.body.versions.map((v: { change: string }) => v.change)).toEqual(['recorded', 'retracted']);
  });

  it('lets researchers record only for mutuals of their studies, and viewers only read them', async () => {
    const { studyId, mutualId } = await enrolledCase(casebook, 'Membership Mutual');
    const member = await casebook.account('researcher', [studyId]);
    const outsider = await casebook.account('researcher');
    const viewer = await casebook.account('viewer', [studyId]);
    const body = { type: 'observation', occurredOn: '2020', text: 'Board minutes reviewed' };
    const path = `/api/v1/mutuals/${mutualId}/milestones`;
    expect((await casebook.request('POST', path, body, member.headers)).status).toBe(201);
    expect((await casebook.request('POST', path, body, outsider.headers)).status).toBe(403);
    expect((await casebook.request('POST', path, body, viewer.headers)).status).toBe(403);
    expect((await casebook.request('GET', `/api/v1/mutuals/${mutualId}/timeline`, undefined, viewer.headers)).status).toBe(200);
    expect((await casebook.request('GET', `/api/v1/mutuals/${mutualId}/timeline`, undefined, outsider.headers)).status).toBe(403);
  });
});
