// A study's reminder policy over HTTP: the default until one is recorded, one write path with
// If-Match, access by role and membership from the event store, and bad input named field by field.
import { type Harness, type HttpResult, startCasebook } from './support/casebook-harness.js';

type Headers = Record<string, string>;

const fieldsAndRules = (response: HttpResult) => response.body.errors.map((e: { field: string; rule: string }) => `${e.field} ${e.rule}`);
const DEFAULT = {
  daysBefore: [14, 3],
  followUpDaysIntoWindow: 7,
  workingHours: { from: '09:00', to: '17:00' },
  workingDays: [1, 2, 3, 4, 5],
};

describe("a study's reminder policy, through the API", () => {
  let casebook: Harness;
  let admin: { accountId: string; headers: Headers };

  beforeAll(async () => {
    casebook = await startCasebook();
    admin = await casebook.account('admin');
  });
  afterAll(() => casebook?.close());

  async function newStudy(timeZone?: string) {
    const created = await casebook.request(
      'POST',
      '/api/v1/studies',
      { title: 'Public Service Mutuals Research', startsOn: '2026-01-05', endsOn: '2029-03-31', ...(timeZone && { timeZone }) },
      admin.headers,
    );
    expect(created.status).toBe(201);
    return created.body.id as string;
  }
  const put = (studyId: string, body: unknown, headers: Headers) =>
    casebook.request('PUT', `/api/v1/studies/${studyId}/reminder-policy`, body, headers);
  const get = (studyId: string, headers: Headers) =>
    casebook.request('GET', `/api/v1/studies/${studyId}/reminder-policy`, undefined, headers);

  it('answers the default until a policy is recorded, then the one in force, at once and with its ETag', async () => {
    const studyId = await newStudy();
    const researcher = await casebook.account('researcher', [studyId]);
    const viewer = await casebook.account('viewer', [studyId]);

    const before = await get(studyId, viewer.headers);
    expect(before.status).toBe(200);
    expect(before.body).toEqual({ studyId, policy: DEFAULT, isDefault: true, timeZone: 'Europe/London', version: 1 });
    expect(before.headers.get('etag')).toBe('"1"');

    const changed = await put(
      studyId,
      {
        daysBefore: [3, 10],
        followUpDaysIntoWindow: null,
        workingHours: { from: '09:30', to: '12:00' },
        workingDays: [2, 4],
        reason: 'Fewer emails',
      },
      { ...researcher.headers, 'if-match': '"1"' },
    );
    expect(changed.status).toBe(200);
    expect(changed.body).toEqual({ id: studyId, version: 2, position: expect.any(String) });
    expect(changed.headers.get('etag')).toBe('"2"');

    // Read from the study's own stream: no waiting for the projector.
    const after = await get(studyId, viewer.headers);
    expect(after.body).toEqual({
      studyId,
      policy: { daysBefore: [10, 3], followUpDaysIntoWindow: null, workingHours: { from: '09:30', to: '12:00' }, workingDays: [2, 4] },
      isDefault: false,
      timeZone: 'Europe/London',
      version: 2,
    });
    expect(after.headers.get('etag')).toBe('"2"');

    const same = await put(
      studyId,
      { daysBefore: [10, 3], followUpDaysIntoWindow: null, workingHours: { from: '09:30', to: '12:00' }, workingDays: [4, 2] },
      admin.headers,
    );
    expect(same.body).toEqual({ id: studyId, version: 2, position: '' });

    // Back to the default, written out: the study keeps a policy of its own.
    const reset = await put(studyId, {}, admin.headers);
    expect(reset.body.version).toBe(3);
    expect((await get(studyId, viewer.headers)).body).toMatchObject({ policy: DEFAULT, isDefault: false, version: 3 });

    // The study's own ETag follows the policy, so a details change with it is not refused as stale.
    await casebook.projected(reset);
    const study = await casebook.request('GET', `/api/v1/studies/${studyId}`, undefined, researcher.headers);
    expect(study.headers.get('etag')).toBe('"3"');
    const retitled = await casebook.request(
      'PATCH',
      `/api/v1/studies/${studyId}`,
      { title: 'Mutuals at ten' },
      { ...researcher.headers, 'if-match': '"3"' },
    );
    expect(retitled.status).toBe(200);
  });

  it('refuses a stale If-Match with 409 and records nothing', async () => {
    const studyId = await newStudy('America/New_York');
    const stale = await put(studyId, { daysBefore: [7] }, { ...admin.headers, 'if-match': '"5"' });
    expect(stale.status).toBe(409);
    expect(stale.headers.get('content-type')).toContain('application/problem+json');
    expect((await get(studyId, admin.headers)).body).toMatchObject({ isDefault: true, timeZone: 'America/New_York', version: 1 });
  });

  it('lets researcher and admin members change it, any member read it, and nobody else', async () => {
    const studyId = await newStudy();
    const other = await newStudy();
    const viewer = await casebook.account('viewer', [studyId]);
    const outsider = await casebook.account('researcher', [other]);
    expect((await put(studyId, { daysBefore: [5] }, viewer.headers)).status).toBe(403);
    expect((await put(studyId, { daysBefore: [5] }, outsider.headers)).status).toBe(403);
    expect((await get(studyId, outsider.headers)).status).toBe(403);
    expect((await get(studyId, { authorization: '' })).status).toBe(401);
    expect((await get(studyId, viewer.headers)).body.isDefault).toBe(true);
    const missing = '7d3e2c1b-0a9f-4e8d-b7c6-5a4b3c2d1e0f';
    expect((await get(missing, admin.headers)).status).toBe(404);
    expect((await put(missing, {}, admin.headers)).status).toBe(404);
  });

  it('answers bad input with 400 problem+json naming each field and rule, and records nothing', async () => {
    const studyId = await newStudy();
    const refused = await put(
      studyId,
      { daysBefore: [0, 3, 3], followUpDaysIntoWindow: -1, workingHours: { from: '17:00', to: '09:00' }, workingDays: [8], extra: true },
      admin.headers,
    );
    expect(refused.status).toBe(400);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(fieldsAndRules(refused).sort()).toEqual(
      [
        'daysBefore[0] days-before',
        'daysBefore[2] unique',
        'extra unknown-field',
        'followUpDaysIntoWindow follow-up-days',
        'workingDays[0] iso-weekday',
        'workingHours.to after-from',
      ].sort(),
    );
    expect((await get(studyId, admin.headers)).body).toMatchObject({ isDefault: true, version: 1 });
  });

  it('answers hostile bodies with 2xx or 4xx problem+json only, within a bounded time', async () => {
    const studyId = await newStudy();
    const hostile = ['A\u0000B', 'Caf\ud800', '\u202Eevil', 'x'.repeat(100_000), '09:00\u0000', '１０:００'];
    const bodies: unknown[] = [
      ...hostile.flatMap((text) => [
        { reason: text },
        { workingHours: { from: text, to: '17:00' } },
        { daysBefore: [text] },
        { workingDays: text },
        { followUpDaysIntoWindow: text },
      ]),
      { daysBefore: Array.from({ length: 10_000 }, (_, index) => index) },
      { daysBefore: [1e308, -0, Number.MAX_SAFE_INTEGER] },
      { workingHours: null, daysBefore: null, workingDays: null },
      [],
      'text',
    ];
    const nul = await put(studyId, { reason: 'A\u0000B' }, admin.headers);
    expect([nul.status, fieldsAndRules(nul)]).toEqual([400, ['reason no-nul']]);
    const override = await put(studyId, { reason: '\u202Eevil' }, admin.headers);
    expect([override.status, fieldsAndRules(override)]).toEqual([400, ['reason no-bidi-override']]);
    const started = Date.now();
    for (const body of bodies) {
      const response = await put(studyId, body, admin.headers);
      if (response.status >= 400) {
        expect(response.status).toBeLessThan(500);
        expect(response.headers.get('content-type')).toContain('application/problem+json');
      } else {
        expect(response.status).toBe(200);
      }
    }
    expect(Date.now() - started).toBeLessThan(30_000);
    const { body } = await get(studyId, admin.headers);
    expect(body.policy.workingHours).toEqual({ from: '09:00', to: '17:00' });
  });
});
