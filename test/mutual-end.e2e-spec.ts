import { type Harness, startCasebook } from './support/casebook-harness.js';

describe('the end of a mutual, through the API', () => {
  let casebook: Harness;

  beforeAll(async () => {
    casebook = await startCasebook();
  });
  afterAll(() => casebook?.close());

  async function newMutual(name: string) {
    const created = await casebook.request('POST', '/api/v1/mutuals', { name, serviceAreas: ['sports-and-leisure'] });
    expect(created.status).toBe(201);
    return { id: created.body.id as string, path: `/api/v1/mutuals/${created.body.id}/milestones` };
  }

  it('takes milestones dated before an end learnt of first, refuses those after it, and always takes observations', async () => {
    const { id, path } = await newMutual('Retrospective Leisure Trust');
    const dissolution = await casebook.request('POST', path, {
      type: 'dissolved',
      occurredOn: '2022-03',
      reason: 'Loss of the leisure contract',
    });
    expect(dissolution.status).toBe(201);

    const earlier = await casebook.request('POST', path, {
      type: 'contract-awarded',
      occurredOn: '2014',
      commissioner: 'Northgate Council',
      startsOn: '2014-04',
      endsOn: '2021',
    });
    expect(earlier.status).toBe(201);
    const sameMonth = await casebook.request('POST', path, {
      type: 'award-received',
      occurredOn: '2022-03-15',
      awardName: 'Community award',
    });
    expect(sameMonth.status).toBe(201);

    const after = await casebook.request('POST', path, { type: 'award-received', occurredOn: '2022-04', awardName: 'Late award' });
    expect(after.status).toBe(409);
    expect(after.headers.get('content-type')).toContain('application/problem+json');
    expect(after.body).toMatchObject({ type: '/problems/rule-violated', rule: 'after-end' });
    expect(after.body.detail).toContain('dissolution (2022-03)');
    expect(after.body.detail).toContain('2022-04');

    const observation = await casebook.request('POST', path, {
      type: 'observation',
      occurredOn: '2024',
      text: 'Former staff run the pool as volunteers',
    });
    expect(observation.status).toBe(201);

    // A correction may not move a milestone after the end either.
    const moved = await casebook.request('PUT', `${path}/${earlier.body.id}`, {
      occurredOn: '2023',
      values: { commissioner: 'Northgate Council', startsOn: '2023', endsOn: '2025' },
      reason: 'Wrong year',
    });
    expect(moved.status).toBe(409);
    expect(moved.body.rule).toBe('after-end');

    await casebook.projected(observation);
    const mutual = await casebook.request('GET', `/api/v1/mutuals/${id}`);
    expect(mutual.body).toMatchObject({ status: 'dissolved', endedOn: '2022-03', endMilestoneId: dissolution.body.id });
  });

  it('counts the earliest of two ends, and reopens once it is retracted', async () => {
    const { id, path } = await newMutual('Twice Ended Trust');
    const dissolution = await casebook.request('POST', path, { type: 'dissolved', occurredOn: '2022-06' });
    const merger = await casebook.request('POST', path, { type: 'merged', occurredOn: '2020', withOrganisation: 'Valley Leisure' });
    expect([dissolution.status, merger.status]).toEqual([201, 201]);

    const renewal = {
      type: 'contract-renewed',
      occurredOn: '2021-04',
      commissioner: 'Northgate Council',
      startsOn: '2021-04',
      endsOn: '2024',
    };
    const refused = await casebook.request('POST', path, renewal);
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toContain('merger (2020)');

    await casebook.projected(merger);
    expect((await casebook.request('GET', `/api/v1/mutuals/${id}`)).body).toMatchObject({
      status: 'merged',
      endedOn: '2020',
      endMilestoneId: merger.body.id,
    });

    const retracted = await casebook.request('POST', `${path}/${merger.body.id}/retraction`, {
      reason: 'It was a partnership, not a merger',
    });
    expect(retracted.status).toBe(200);
    const accepted = await casebook.request('POST', path, renewal);
    expect(accepted.status).toBe(201);

    // The dissolution is the end now; moving it before the renewal would strand the renewal.
    const tooEarly = await casebook.request('PUT', `${path}/${dissolution.body.id}`, {
      occurredOn: '2020-06',
      values: {},
      reason: 'Earlier notice',
    });
    expect(tooEarly.status).toBe(409);
    expect(tooEarly.body.detail).toContain('contract-renewed (2021-04');

    await casebook.projected(accepted);
    expect((await casebook.request('GET', `/api/v1/mutuals/${id}`)).body).toMatchObject({ status: 'dissolved', endedOn: '2022-06' });
  });

  it('ends a mutual at an acquisition too', async () => {
    const { id, path } = await newMutual('Acquired Trust');
    const acquisition = await casebook.request('POST', path, { type: 'acquired', occurredOn: '2019-06-30', by: 'National Leisure plc' });
    expect(acquisition.status).toBe(201);
    const after = await casebook.request('POST', path, { type: 'service-launched', occurredOn: '2019-07', serviceName: 'Swim school' });
    expect(after.status).toBe(409);
    expect(after.body.detail).toContain('acquisition (2019-06-30)');
    await casebook.projected(acquisition);
    expect((await casebook.request('GET', `/api/v1/mutuals/${id}`)).body).toMatchObject({ status: 'acquired', endedOn: '2019-06-30' });
  });
});
