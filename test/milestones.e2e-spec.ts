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
    const examples = docs.body.paths['/api/v1/mutuals/{mutualId}/milestones'].post.requestBody.content['application/json']
      .examples as Record<string, { value: Record<string, unknown> }>;
    const kinds = Object.keys(examples);
    expect(kinds).toHaveLength(17);
    const id = await newMutual('Catalogue Mutual');
    // The examples are dated so that the merger ends the mutual after every other example; the
    // acquisition and dissolution that follow it are further ends, which the record takes too.
    let last;
    for (const kind of kinds) {
      last = await casebook.request('POST', `/api/v1/mutuals/${id}/milestones`, examples[kind].value);
      expect([kind, last.status]).toEqual([kind, 201]);
    }
    const after = await casebook.request('POST', `/api/v1/mutuals/${id}/milestones`, {
      type: 'award-received',
      occurredOn: '2023',
      awardName: 'Late award',
    });
    expect(after.status).toBe(409);
    expect(after.body.rule).toBe('after-end');
    expect(after.body.detail).toContain('merger (2020-09)');

    if (!last) throw new Error('nothing was written');

    await casebook.projected(last);
    const timeline = await casebook.request('GET', `/api/v1/mutuals/${id}/timeline`);
    expect(new Set(timeline.body.milestones.map((m: { type: string }) => m.type))).toEqual(new Set(kinds));
    const keys = timeline.body.milestones.map((m: { occurredOn: string }) => m.occurredOn.padEnd(10, '-'));
    expect(keys).toEqual([...keys].sort());
    const governance = timeline.body.milestones.find((m: { type: string }) => m.type === 'governance-changed');
    expect(governance.details).toMatchObject({ ownershipModel: 'multi-stakeholder', boardComposition: { total: 9 } });
  });

  it('corrects a milestone of every type with the documented correction example', async () => {
    const { body: docs } = await casebook.request('GET', '/api/docs-json');
    type Examples = Record<string, { value: Record<string, unknown> }>;
    const recordExamples = docs.paths['/api/v1/mutuals/{mutualId}/milestones'].post.requestBody.content['application/json']
      .examples as Examples;
    const correction = docs.paths['/api/v1/mutuals/{mutualId}/milestones/{milestoneId}'].put.requestBody.content['application/json'];
    const correctionExamples = correction.examples as Examples;
    expect(Object.keys(correctionExamples).sort()).toEqual(Object.keys(recordExamples).sort());
    // One shape per kind, each refusing fields it does not know.
    expect(correction.schema.anyOf).toHaveLength(Object.keys(recordExamples).length);
    for (const shape of correction.schema.anyOf) {
      expect(shape).toMatchObject({ required: expect.arrayContaining(['occurredOn', 'values', 'reason']), additionalProperties: false });
    }

    const id = await newMutual('Corrected Catalogue Mutual');
    const path = `/api/v1/mutuals/${id}/milestones`;
    const ids = new Map<string, string>();
    for (const [kind, example] of Object.entries(recordExamples)) {
      const recorded = await casebook.request('POST', path, example.value);
      expect([kind, recorded.status]).toEqual([kind, 201]);
      ids.set(kind, recorded.body.id);
    }
    let last;
    for (const [kind, example] of Object.entries(correctionExamples)) {
      last = await casebook.request('PUT', `${path}/${ids.get(kind)}`, example.value);
      expect([kind, last.status, last.body.rule]).toEqual([kind, 200, undefined]);
    }

    if (!last) throw new Error('nothing was written');

    await casebook.projected(last);
    const timeline = await casebook.request('GET', `/api/v1/mutuals/${id}/timeline`);
    for (const [kind, example] of Object.entries(correctionExamples)) {
      const shown = timeline.body.milestones.find((m: { id: string }) => m.id === ids.get(kind));
      expect([kind, shown.occurredOn]).toEqual([kind, example.value.occurredOn]);
      expect(shown.details).toMatchObject(example.value.values as object);
    }
    // The loss keeps its own reason in its values, and the correction its reason beside them.
    const history = await casebook.request('GET', `${path}/${ids.get('contract-lost')}/history`);
    expect(history.body.versions[1]).toMatchObject({
      change: 'corrected',
      values: { reason: "Retendered as one lot with the council's parks" },
      reason: 'The tender feedback letter gives the reason and the handover date',
    });
  });

  it('refuses the flat correction body of earlier releases, naming where the milestone fields go', async () => {
    const id = await newMutual('Flat Body Mutual');
    const path = `/api/v1/mutuals/${id}/milestones`;
    const loss = await casebook.request('POST', path, {
      type: 'contract-lost',
      occurredOn: '2019-06',
      commissioner: 'Northgate Council',
      endsOn: '2019-09',
      reason: 'Price',
    });
    const flat = await casebook.request('PUT', `${path}/${loss.body.id}`, {
      occurredOn: '2019-06',
      commissioner: 'Northgate Council',
      endsOn: '2019-12',
      reason: 'Quality',
      correctionReason: 'Tender feedback letter',
    });
    expect(flat.status).toBe(400);
    expect(flat.body.errors.map((e: { field: string; rule: string }) => [e.field, e.rule])).toEqual([
      ['commissioner', 'in-values'],
      ['endsOn', 'in-values'],
      ['correctionReason', 'unknown-field'],
      ['values', 'required'],
    ]);
    const badValue = await casebook.request('PUT', `${path}/${loss.body.id}`, {
      occurredOn: '2019-06',
      values: { commissioner: 'Northgate Council', endsOn: '2019-13' },
      reason: 'x',
    });
    expect(badValue.body.errors).toEqual([expect.objectContaining({ field: 'values.endsOn', rule: 'partial-date' })]);
  });

  it('records a lost or ended contract without endsOn, and shows its effective end', async () => {
    const id = await newMutual('Short Contracts Mutual');
    const path = `/api/v1/mutuals/${id}/milestones`;
    const lost = await casebook.request('POST', path, {
      type: 'contract-lost',
      occurredOn: '2019-10',
      commissioner: 'Riverside CCG',
      reason: 'Retendered',
    });
    expect(lost.status).toBe(201);
    const ended = await casebook.request('POST', path, {
      type: 'contract-ended',
      occurredOn: '2020-03-31',
      commissioner: 'Riverside Council',
    });
    expect(ended.status).toBe(201);
    const given = await casebook.request('POST', path, {
      type: 'contract-lost',
      occurredOn: '2018',
      commissioner: 'County Council',
      endsOn: '2019-03',
    });
    const corrected = await casebook.request('PUT', `${path}/${lost.body.id}`, {
      occurredOn: '2019-11',
      values: { commissioner: 'Riverside CCG', reason: 'Retendered' },
      reason: 'Board minutes',
    });
    expect(corrected.status).toBe(200);

    await casebook.projected(corrected);
    const timeline = await casebook.request('GET', `/api/v1/mutuals/${id}/timeline`);
    const endOf = (milestoneId: string) => timeline.body.milestones.find((m: { id: string }) => m.id === milestoneId).details.endsOn;
    expect([endOf(lost.body.id), endOf(ended.body.id), endOf(given.body.id)]).toEqual(['2019-11', '2020-03-31', '2019-03']);
    // The record itself keeps what was said: no end was given.
    const history = await casebook.request('GET', `${path}/${ended.body.id}/history`);
    expect(history.body.versions[0].values).toEqual({ commissioner: 'Riverside Council' });
  });

  it('names each field and rule of a bad milestone and stores nothing', async () => {
    const id = await newMutual('Careful Mutual');
    const path = `/api/v1/mutuals/${id}/milestones`;
    const cases: [Record<string, unknown>, string, string][] = [
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
    const contract = await casebook.request('POST', path, {
      type: 'contract-awarded',
      occurredOn: '2012',
      commissioner: 'County PCT',
      startsOn: '2012',
      endsOn: '2015',
    });

    const noReason = await casebook.request('PUT', `${path}/${spinOut.body.id}`, {
      occurredOn: '2012-04-01',
      values: { parentBody: 'County PCT' },
    });
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors).toEqual([expect.objectContaining({ field: 'reason', rule: 'required' })]);

    const corrected = await casebook.request(
      'PUT',
      `${path}/${spinOut.body.id}`,
      {
        occurredOn: '2012-04-01',
        values: { parentBody: 'County Primary Care Trust' },
        reason: 'Annual report gives the transfer date',
        source: { kind: 'annual-report', reference: 'AR 2012-13' },
      },
      { 'if-match': '"3"' },
    );
    expect(corrected.status).toBe(200);
    const stale = await casebook.request(
      'PUT',
      `${path}/${spinOut.body.id}`,
      { occurredOn: '2012-05', values: { parentBody: 'County PCT' }, reason: 'x' },
      { 'if-match': '"3"' },
    );
    expect(stale.status).toBe(409);
    expect(stale.body.currentVersion).toBe(4);

    const retracted = await casebook.request('POST', `${path}/${contract.body.id}/retraction`, {
      reason: 'Recorded against the wrong mutual',
    });
    expect(retracted.status).toBe(200);
    const again = await casebook.request('PUT', `${path}/${contract.body.id}`, {
      occurredOn: '2012',
      values: { commissioner: 'X', startsOn: '2012', endsOn: '2013' },
      reason: 'y',
    });
    expect(again.status).toBe(409);

    await casebook.projected(retracted);
    const timeline = await casebook.request('GET', `/api/v1/mutuals/${id}/timeline`);
    expect(timeline.body).toMatchObject({ spunOutOn: '2012-04-01' });
    expect(timeline.body.milestones).toEqual([
      expect.objectContaining({
        id: spinOut.body.id,
        occurredOn: '2012-04-01',
        precision: 'day',
        details: { parentBody: 'County Primary Care Trust' },
      }),
    ]);
    const history = await casebook.request('GET', `${path}/${spinOut.body.id}/history`);
    expect(history.body.versions).toEqual([
      expect.objectContaining({
        change: 'recorded',
        occurredOn: '2012',
        values: { parentBody: 'County PCT' },
        recordedBy: expect.any(String),
      }),
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
