import { type Harness, type HttpResult, startCasebook } from './support/casebook-harness.js';

type Headers = Record<string, string>;

const fieldsAndRules = (response: HttpResult) => response.body.errors.map((e: { field: string; rule: string }) => [e.field, e.rule]);
const selection = {
  serviceAreas: ['housing'],
  stageOfDevelopment: 'early',
  region: 'london',
  legalForm: 'community-benefit-society',
};

describe("a study's details, through the API", () => {
  let casebook: Harness;
  let admin: { accountId: string; headers: Headers };

  beforeAll(async () => {
    casebook = await startCasebook();
    admin = await casebook.account('admin');
  });
  afterAll(() => casebook?.close());

  async function newStudy(title: string) {
    const created = await casebook.request(
      'POST',
      '/api/v1/studies',
      { title, startsOn: '2018-01-08', endsOn: '2020-03-31', aims: 'How mutuals develop' },
      admin.headers,
    );
    expect(created.status).toBe(201);
    return created.body.id as string;
  }
  const patch = (studyId: string, body: unknown, headers: Headers) =>
    casebook.request('PATCH', `/api/v1/studies/${studyId}`, body, headers);

  it('changes only the details sent, shows them, and keeps every version with who, when and why', async () => {
    const studyId = await newStudy('Public Service Mutuals Research');
    const researcher = await casebook.account('researcher', [studyId]);

    const retitled = await patch(
      studyId,
      { title: 'Public Service Mutuals: the first decade' },
      { ...researcher.headers, 'if-match': '"1"' },
    );
    expect(retitled.status).toBe(200);
    expect(retitled.body).toEqual({ id: studyId, version: 2, position: expect.any(String) });
    expect(retitled.headers.get('etag')).toBe('"2"');
    const extended = await patch(
      studyId,
      { endsOn: '2020-06-30', timeZone: 'Europe/London', reason: 'The funder extended the study' },
      admin.headers,
    );
    expect(extended.body.version).toBe(3);
    const same = await patch(studyId, { endsOn: '2020-06-30', reason: 'Again' }, admin.headers);
    expect(same.body).toEqual({ id: studyId, version: 3, position: '' });

    await casebook.projected(extended);
    const read = await casebook.request('GET', `/api/v1/studies/${studyId}`, undefined, researcher.headers);
    expect(read.headers.get('etag')).toBe('"3"');
    expect(read.body).toEqual({
      studyId,
      title: 'Public Service Mutuals: the first decade',
      startsOn: '2018-01-08',
      endsOn: '2020-06-30',
      aims: 'How mutuals develop',
      timeZone: 'Europe/London',
      createdAt: expect.any(String),
      version: 3,
    });

    const viewer = await casebook.account('viewer', [studyId]);
    const history = await casebook.request('GET', `/api/v1/studies/${studyId}/history`, undefined, viewer.headers);
    expect(history.status).toBe(200);
    expect(history.body).toEqual({
      studyId,
      versions: [
        {
          version: 1,
          change: 'created',
          details: { title: 'Public Service Mutuals Research', startsOn: '2018-01-08', endsOn: '2020-03-31', aims: 'How mutuals develop' },
          recordedBy: admin.accountId,
          recordedAt: expect.any(String),
        },
        {
          version: 2,
          change: 'changed',
          details: { title: 'Public Service Mutuals: the first decade' },
          recordedBy: researcher.accountId,
          recordedAt: expect.any(String),
        },
        {
          version: 3,
          change: 'changed',
          details: { endsOn: '2020-06-30', timeZone: 'Europe/London' },
          reason: 'The funder extended the study',
          recordedBy: admin.accountId,
          recordedAt: expect.any(String),
        },
      ],
    });
    expect(Date.parse(history.body.versions[2].recordedAt)).toBeGreaterThanOrEqual(Date.parse(history.body.versions[1].recordedAt));
  });

  it('refuses bad details naming each field, a stale If-Match, and stores nothing it refuses', async () => {
    const studyId = await newStudy('Refusals study');
    const bad = await patch(studyId, { title: ' ', startsOn: '2018-02-30', timeZone: 'Mars/Olympus', budget: 1 }, admin.headers);
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    expect(fieldsAndRules(bad)).toEqual([
      ['budget', 'unknown-field'],
      ['title', 'not-blank'],
      ['startsOn', 'date'],
      ['timeZone', 'time-zone'],
    ]);
    expect(fieldsAndRules(await patch(studyId, { reason: 'Nothing else' }, admin.headers))).toEqual([['(body)', 'at-least-one-field']]);
    const backwards = await patch(studyId, { startsOn: '2021-01-04' }, admin.headers);
    expect([backwards.status, backwards.body.rule]).toEqual([409, 'ends-before-start']);
    const stale = await patch(studyId, { title: 'Late' }, { ...admin.headers, 'if-match': '"2"' });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ type: '/problems/version-conflict', currentVersion: 1 });
    const unknown = await patch('6b1d9a7e-0000-4000-8000-000000000000', { title: 'X' }, admin.headers);
    expect(unknown.status).toBe(404);

    const probe = await patch(studyId, { title: 'Refusals study, renamed' }, { ...admin.headers, 'if-match': '"1"' });
    expect(probe.body.version).toBe(2);
  });

  it('lets administrators and researcher members change a study, not viewers or other researchers', async () => {
    const studyId = await newStudy('Access study');
    const viewer = await casebook.account('viewer', [studyId]);
    const outsider = await casebook.account('researcher');
    for (const who of [viewer, outsider]) {
      expect((await patch(studyId, { title: 'Not allowed' }, who.headers)).status).toBe(403);
    }
    expect((await casebook.request('GET', `/api/v1/studies/${studyId}/history`, undefined, outsider.headers)).status).toBe(403);
    const member = await casebook.account('researcher', [studyId]);
    const changed = await patch(studyId, { aims: 'Who governs a mutual' }, member.headers);
    expect(changed.status).toBe(200);
    expect(changed.body.version).toBe(2);
  });

  it('answers a retry with the same Idempotency-Key once, recording the change once', async () => {
    const studyId = await newStudy('Retried study');
    const headers = { ...admin.headers, 'idempotency-key': `study-${studyId}-retitle` };
    const first = await patch(studyId, { title: 'Retried study, renamed' }, headers);
    const retry = await patch(studyId, { title: 'Retried study, renamed' }, headers);
    expect(first.status).toBe(200);
    expect(retry.status).toBe(200);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.body).toEqual(first.body);
    const next = await patch(studyId, { aims: 'Something new' }, admin.headers);
    expect(next.body.version).toBe(3);
  });

  it('refuses a period that would leave an open wave outside it, naming the wave, but not one that holds it', async () => {
    const studyId = await newStudy('Period study');
    const mutual = await casebook.request(
      'POST',
      '/api/v1/mutuals',
      { name: 'Period Housing Mutual', serviceAreas: ['housing'] },
      admin.headers,
    );
    const enrolled = await casebook.request(
      'POST',
      `/api/v1/studies/${studyId}/cases`,
      { mutualId: mutual.body.id, selection },
      admin.headers,
    );
    await casebook.projected(enrolled);
    const caseId = enrolled.body.id;
    const first = await casebook.request(
      'POST',
      `/api/v1/cases/${caseId}/waves`,
      { waveNumber: 1, opensOn: '2018-03-05', closesOn: '2018-04-27' },
      admin.headers,
    );
    const second = await casebook.request(
      'POST',
      `/api/v1/cases/${caseId}/waves`,
      { waveNumber: 2, opensOn: '2019-09-02', closesOn: '2020-03-31' },
      admin.headers,
    );
    expect([first.status, second.status]).toEqual([201, 201]);
    // Wave 1 is over: a period that no longer holds it refuses nothing on its account.
    const skipped = await casebook.request(
      'POST',
      `/api/v1/cases/${caseId}/waves/${first.body.id}/skip`,
      { reason: 'Restructuring', occurredOn: '2018-03-01' },
      admin.headers,
    );
    expect(skipped.status).toBe(200);

    const shortened = await patch(studyId, { endsOn: '2020-02-28' }, admin.headers);
    expect(shortened.status).toBe(409);
    expect(shortened.body).toMatchObject({ rule: 'period-excludes-open-wave' });
    expect(shortened.body.detail).toBe(
      `Wave 2 of case ${caseId} (2019-09-02 to 2020-03-31) would fall outside the period 2018-01-08 to 2020-02-28; move or cancel it first`,
    );
    const later = await patch(studyId, { startsOn: '2018-06-04' }, admin.headers);
    expect(later.status).toBe(200);
    expect(later.body.version).toBe(2);

    // And the other way round: a wave must fit the period the study has now.
    const before = await casebook.request(
      'POST',
      `/api/v1/cases/${caseId}/waves`,
      { waveNumber: 3, opensOn: '2018-05-07', closesOn: '2018-05-25' },
      admin.headers,
    );
    expect([before.status, before.body.rule, before.body.detail]).toEqual([
      409,
      'outside-study-period',
      'The study runs from 2018-06-04 to 2020-03-31; the window 2018-05-07 to 2018-05-25 falls outside it',
    ]);
  });

  it('publishes the change and history routes in its OpenAPI description', async () => {
    const docs = await casebook.request('GET', '/api/docs-json');
    const change = docs.body.paths['/api/v1/studies/{studyId}'].patch;
    expect(Object.keys(change.requestBody.content['application/json'].examples)).toEqual(['extend-period', 'time-zone', 'retitle']);
    expect(change.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['If-Match', 'Idempotency-Key']));
    expect(docs.body.paths['/api/v1/studies/{studyId}/history'].get).toBeDefined();
    expect(Object.keys(change.requestBody.content['application/json'].schema.properties)).toEqual([
      'title',
      'startsOn',
      'endsOn',
      'aims',
      'timeZone',
      'reason',
    ]);
  });
});
