import { type EventStore, connectEventStore } from '@casebook/event-store';
import { type Harness, type HttpResult, startCasebook } from './support/casebook-harness.js';

type Headers = Record<string, string>;

const selection = {
  serviceAreas: ['sports-and-leisure'],
  stageOfDevelopment: 'developing',
  turnoverBand: '1m-5m',
  employeeBand: '50-249',
  region: 'south-west',
  legalForm: 'community-benefit-society',
};
const unknownId = '6b1d9a7e-0000-4000-8000-000000000000';
const fieldsAndRules = (response: HttpResult) => response.body.errors.map((e: { field: string; rule: string }) => [e.field, e.rule]);

/**
 * A day counted from when the tests started (UTC), so windows and interviews stay in the past or
 * future as meant, and a value compared later is the one sent even if midnight passes between.
 */
const testsStartedAt = Date.now();
const day = (offset: number) => new Date(testsStartedAt + offset * 86_400_000).toISOString().slice(0, 10);

const interview = (interviewedOn: string, extra: Record<string, unknown> = {}) => ({
  role: 'director',
  interviewedOn,
  consent: 'given',
  ...extra,
});

describe('interview waves of a case, through the API', () => {
  let casebook: Harness;
  let store: EventStore;
  let studyId: string;
  let member: { accountId: string; headers: Headers };
  let viewer: { headers: Headers };
  let outsider: { headers: Headers };

  beforeAll(async () => {
    casebook = await startCasebook();
    store = await connectEventStore(casebook.config);
    studyId = (await newStudy('Interview waves study')).id;
    member = await casebook.account('researcher', [studyId]);
    viewer = await casebook.account('viewer', [studyId]);
    outsider = await casebook.account('researcher');
  });
  afterAll(async () => {
    await store?.close();
    await casebook?.close();
  });

  async function newStudy(title: string) {
    const study = await casebook.request('POST', '/api/v1/studies', { title, startsOn: '2025-01-06', endsOn: '2029-03-31' });
    expect(study.status).toBe(201);
    return { id: study.body.id as string };
  }

  async function newCase(name: string, inStudy = studyId) {
    const mutual = await casebook.request('POST', '/api/v1/mutuals', { name, serviceAreas: ['sports-and-leisure'] });
    const enrolled = await casebook.request('POST', `/api/v1/studies/${inStudy}/cases`, { mutualId: mutual.body.id, selection });
    expect(enrolled.status).toBe(201);
    return { caseId: enrolled.body.id as string, mutualId: mutual.body.id as string };
  }

  const wavesPath = (caseId: string) => `/api/v1/cases/${caseId}/waves`;
  const schedule = (caseId: string, waveNumber: number, opensOn: string, closesOn: string, headers: Headers = member.headers) =>
    casebook.request('POST', wavesPath(caseId), { waveNumber, opensOn, closesOn }, headers);
  const post = (path: string, body?: unknown, headers: Headers = member.headers) => casebook.request('POST', path, body, headers);

  async function progressOf(caseId: string, after: HttpResult<{ position: string }>) {
    await casebook.projected(after);
    const progress = await casebook.request('GET', wavesPath(caseId), undefined, viewer.headers);
    expect(progress.status).toBe(200);
    return progress.body as Record<string, unknown>[];
  }

  it('schedules a wave, records an interview with its source, completes and signs the wave off', async () => {
    const { caseId, mutualId } = await newCase('Seaview Leisure Trust');
    const scheduled = await schedule(caseId, 1, day(-30), day(30));
    expect(scheduled.status).toBe(201);
    expect(scheduled.body).toEqual({ id: expect.any(String), version: 2, position: expect.any(String) });
    expect(scheduled.headers.get('etag')).toBe('"2"');
    const waveId = scheduled.body.id;
    const wavePath = `${wavesPath(caseId)}/${waveId}`;

    expect(await progressOf(caseId, scheduled)).toEqual([
      {
        waveId,
        caseId,
        mutualId,
        mutualName: 'Seaview Leisure Trust',
        waveNumber: 1,
        opensOn: day(-30),
        closesOn: day(30),
        status: 'scheduled',
        overdue: false,
        interviewCount: 0,
        // Nobody named, so no reminders.
        reminders: { namedCount: 0, remindedCount: 0, failedCount: 0, optedOutCount: 0, reminded: [], failed: [], optedOut: [] },
      },
    ]);

    const recorded = await post(
      `${wavePath}/interviews`,
      interview(day(-10), { transcriptReference: 'T-014', source: { kind: 'document', reference: 'Field notes' } }),
      { ...member.headers, 'if-match': '"2"' },
    );
    expect(recorded.status).toBe(201);
    expect(recorded.body).toMatchObject({ id: expect.any(String), version: 3 });
    const [stored] = await store.readStream(`case-${caseId}`, { direction: 'backwards', maxCount: 1 });
    expect(stored.type).toBe('InterviewRecorded.v2');
    expect(stored.metadata).toMatchObject({ recordedBy: member.accountId, source: { kind: 'document', reference: 'Field notes' } });

    expect(await progressOf(caseId, recorded)).toEqual([
      expect.objectContaining({ status: 'in-progress', interviewCount: 1, overdue: false }),
    ]);
    const interviews = await casebook.request('GET', `${wavePath}/interviews`, undefined, viewer.headers);
    expect(interviews.status).toBe(200);
    expect(interviews.body).toEqual([
      {
        interviewId: recorded.body.id,
        role: 'director',
        interviewedOn: day(-10),
        // The interviewer defaults to the recording account; names come from the account directory.
        interviewerAccountId: member.accountId,
        interviewerName: 'Test researcher',
        recordedBy: member.accountId,
        recordedByName: 'Test researcher',
        consent: 'given',
        transcriptReference: 'T-014',
      },
    ]);

    const early = await post(`${wavePath}/sign-off`, { note: 'Too soon' });
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ type: '/problems/rule-violated', rule: 'not-finished' });

    const completed = await post(`${wavePath}/completion`);
    expect(completed.status).toBe(200);
    expect(completed.body).toMatchObject({ id: waveId, version: 4 });
    const signedOff = await post(`${wavePath}/sign-off`, { note: 'Transcripts checked' }, { ...member.headers, 'if-match': '"4"' });
    expect(signedOff.status).toBe(200);
    expect(signedOff.headers.get('etag')).toBe('"5"');
    expect(await progressOf(caseId, signedOff)).toEqual([
      expect.objectContaining({ status: 'signed-off', signedOffAt: expect.any(String), interviewCount: 1, overdue: false }),
    ]);

    const late = await post(`${wavePath}/interviews`, interview(day(-5)));
    expect(late.status).toBe(409);
    expect(late.body.rule).toBe('wave-closed');
    const twice = await post(`${wavePath}/sign-off`);
    expect(twice.status).toBe(409);
    expect(twice.body.rule).toBe('already-signed-off');
  });

  it('keeps wave numbers in sequence and windows apart, refusing bad input, and stores nothing it refuses', async () => {
    const { caseId } = await newCase('Kingsmead Sports Mutual');
    expect((await schedule(caseId, 1, day(10), day(40))).status).toBe(201);

    const bad = await post(wavesPath(caseId), { waveNumber: 0, opensOn: 'soon', closesOn: day(50), remindContactIds: ['x y'], extra: 1 });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    expect(fieldsAndRules(bad)).toEqual([
      ['extra', 'unknown-field'],
      ['waveNumber', 'positive-integer'],
      ['opensOn', 'date'],
      ['remindContactIds[0]', 'uuid'],
    ]);
    const backwards = await post(wavesPath(caseId), { waveNumber: 2, opensOn: day(60), closesOn: day(55) });
    expect(backwards.status).toBe(400);
    expect(fieldsAndRules(backwards)).toEqual([['closesOn', 'not-before-opening']]);

    const skipping = await schedule(caseId, 3, day(50), day(60));
    expect(skipping.status).toBe(409);
    expect(skipping.body.rule).toBe('wave-sequence');
    const repeated = await schedule(caseId, 1, day(50), day(60));
    expect(repeated.body.rule).toBe('wave-sequence');
    const overlapping = await schedule(caseId, 2, day(40), day(60));
    expect(overlapping.status).toBe(409);
    expect(overlapping.body.rule).toBe('overlapping-window');
    const stranger = await post(wavesPath(caseId), { waveNumber: 2, opensOn: day(50), closesOn: day(60), remindContactIds: [unknownId] });
    expect(stranger.status).toBe(409);
    expect(stranger.body.rule).toBe('unknown-contact');
    const stale = await schedule(caseId, 2, day(50), day(60), { ...member.headers, 'if-match': '"1"' });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ type: '/problems/version-conflict', currentVersion: 2 });

    // Still at version 2: none of the refused requests stored anything.
    const next = await schedule(caseId, 2, day(41), day(70), { ...member.headers, 'if-match': '"2"' });
    expect(next.status).toBe(201);
    expect(next.body.version).toBe(3);
    expect((await progressOf(caseId, next)).map((w) => [w.waveNumber, w.opensOn, w.closesOn])).toEqual([
      [1, day(10), day(40)],
      [2, day(41), day(70)],
    ]);
  });

  it("moves an open wave's window, but never over another wave or away from its interviews", async () => {
    const { caseId } = await newCase('Harbourside Swimming Trust');
    const first = await schedule(caseId, 1, day(-30), day(30));
    const second = await schedule(caseId, 2, day(40), day(60));
    const windowOf = (waveId: string) => `${wavesPath(caseId)}/${waveId}/window`;
    expect((await post(`${wavesPath(caseId)}/${first.body.id}/interviews`, interview(day(-20)))).status).toBe(201);

    const moved = await casebook.request(
      'PUT',
      windowOf(first.body.id),
      { opensOn: day(-25), closesOn: day(35) },
      { ...member.headers, 'if-match': '"4"' },
    );
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ id: first.body.id, version: 5 });
    const unchanged = await casebook.request('PUT', windowOf(first.body.id), { opensOn: day(-25), closesOn: day(35) }, member.headers);
    expect(unchanged.status).toBe(200);
    expect(unchanged.body).toEqual({ id: first.body.id, version: 5, position: '' });

    const bad = await casebook.request('PUT', windowOf(first.body.id), { opensOn: day(5), closesOn: '2027-02-30' }, member.headers);
    expect(bad.status).toBe(400);
    expect(fieldsAndRules(bad)).toEqual([['closesOn', 'date']]);
    const stranding = await casebook.request('PUT', windowOf(first.body.id), { opensOn: day(-15), closesOn: day(35) }, member.headers);
    expect(stranding.status).toBe(409);
    expect(stranding.body.rule).toBe('outside-window');
    const overlapping = await casebook.request('PUT', windowOf(second.body.id), { opensOn: day(35), closesOn: day(60) }, member.headers);
    expect(overlapping.status).toBe(409);
    expect(overlapping.body.rule).toBe('overlapping-window');
    const stale = await casebook.request(
      'PUT',
      windowOf(second.body.id),
      { opensOn: day(45), closesOn: day(60) },
      { ...member.headers, 'if-match': '"4"' },
    );
    expect(stale.status).toBe(409);
    expect(stale.body.currentVersion).toBe(5);
    expect((await casebook.request('PUT', windowOf(unknownId), { opensOn: day(80), closesOn: day(90) }, member.headers)).status).toBe(404);
    expect((await casebook.request('PUT', windowOf('not-a-uuid'), { opensOn: day(80), closesOn: day(90) }, member.headers)).status).toBe(
      404,
    );

    const probe = await casebook.request(
      'PUT',
      windowOf(second.body.id),
      { opensOn: day(45), closesOn: day(60) },
      { ...member.headers, 'if-match': '"5"' },
    );
    expect(probe.body.version).toBe(6);
    expect((await progressOf(caseId, probe)).map((w) => [w.waveNumber, w.opensOn, w.closesOn])).toEqual([
      [1, day(-25), day(35)],
      [2, day(45), day(60)],
    ]);
  });

  it('skips, cancels and completes waves only as their state allows', async () => {
    const { caseId } = await newCase('Moorland Outdoor Centres');
    const pathOf = (waveId: string, action: string) => `${wavesPath(caseId)}/${waveId}/${action}`;
    const first = await schedule(caseId, 1, day(-60), day(-40));
    const noReason = await post(pathOf(first.body.id, 'skip'), { reason: '  ' });
    expect(noReason.status).toBe(400);
    expect(fieldsAndRules(noReason)).toEqual([['reason', 'not-blank']]);
    expect((await post(pathOf(first.body.id, 'skip'), { reason: 'The mutual was restructuring' })).status).toBe(200);
    expect((await post(pathOf(first.body.id, 'sign-off'))).status).toBe(200);

    const second = await schedule(caseId, 2, day(-30), day(30));
    expect((await post(pathOf(second.body.id, 'cancellation'), {})).status).toBe(400);
    const cancelled = await post(pathOf(second.body.id, 'cancellation'), { reason: 'Funding for this round was cut' });
    expect(cancelled.status).toBe(200);
    const inCancelled = await post(pathOf(second.body.id, 'interviews'), interview(day(-3)));
    expect(inCancelled.status).toBe(409);
    expect(inCancelled.body.rule).toBe('wave-closed');
    expect((await post(pathOf(second.body.id, 'completion'))).body.rule).toBe('wave-closed');
    expect((await post(pathOf(second.body.id, 'sign-off'))).body.rule).toBe('not-finished');

    // A cancelled wave gives its number and window back to a replacement.
    const replacement = await schedule(caseId, 2, day(-29), day(25));
    expect(replacement.status).toBe(201);
    expect((await post(pathOf(replacement.body.id, 'interviews'), interview(day(-3)))).status).toBe(201);
    const skipStarted = await post(pathOf(replacement.body.id, 'skip'), { reason: 'Too late' });
    expect(skipStarted.status).toBe(409);
    expect(skipStarted.body.rule).toBe('wave-started');
    const third = await schedule(caseId, 3, day(40), day(50));
    const empty = await post(pathOf(third.body.id, 'completion'));
    expect(empty.status).toBe(409);
    expect(empty.body.rule).toBe('no-interviews');
    const unknown = await post(pathOf(unknownId, 'cancellation'), { reason: 'x' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.detail).toContain(`wave ${unknownId}`);

    const progress = await progressOf(caseId, third);
    expect(progress.map((w) => [w.waveNumber, w.status, w.skippedReason ?? w.cancelledReason ?? null, w.interviewCount])).toEqual([
      [1, 'signed-off', 'The mutual was restructuring', 0],
      [2, 'cancelled', 'Funding for this round was cut', 0],
      [2, 'in-progress', null, 1],
      [3, 'scheduled', null, 0],
    ]);
  });

  it('refuses bad interviews naming each field and rule, and stores nothing', async () => {
    const { caseId } = await newCase('Greenway Cycling Co-operative');
    const wave = await schedule(caseId, 1, day(-30), day(30));
    const path = `${wavesPath(caseId)}/${wave.body.id}/interviews`;

    const bad = await post(path, {
      role: 'boss',
      interviewedOn: day(5),
      interviewer: 'Dr A. Researcher',
      consent: 'maybe',
      contactId: 'x y',
      mood: 'good',
    });
    expect(bad.status).toBe(400);
    expect(fieldsAndRules(bad)).toEqual([
      // Interviewers are named by account only: a free-text name is refused, not stored.
      ['interviewer', 'unknown-field'],
      ['mood', 'unknown-field'],
      ['role', 'one-of'],
      ['interviewedOn', 'not-in-future'],
      ['consent', 'one-of'],
      ['contactId', 'uuid'],
    ]);
    const badSource = await post(path, interview(day(-1), { source: { kind: 'url' } }));
    expect(badSource.status).toBe(400);
    expect(fieldsAndRules(badSource)).toEqual([['source.url', 'required']]);
    const outside = await post(path, interview(day(-31)));
    expect(outside.status).toBe(409);
    expect(outside.body.rule).toBe('outside-window');
    const stranger = await post(path, interview(day(-1), { contactId: unknownId }));
    expect(stranger.status).toBe(409);
    expect(stranger.body.rule).toBe('unknown-contact');
    expect((await post(`${wavesPath(caseId)}/${unknownId}/interviews`, interview(day(-1)))).status).toBe(404);

    const probe = await post(path, interview(day(-1)), { ...member.headers, 'if-match': '"2"' });
    expect(probe.status).toBe(201);
    expect(probe.body.version).toBe(3);
    await casebook.projected(probe);
    const interviews = await casebook.request('GET', path, undefined, viewer.headers);
    expect(interviews.body.map((i: { interviewId: string }) => i.interviewId)).toEqual([probe.body.id]);
  });

  it("shows a study's wave progress, flagging waves whose window closed while still open as overdue", async () => {
    const overdueStudy = (await newStudy('Overdue waves study')).id;
    const reader = await casebook.account('viewer', [overdueStudy]);
    const late = await newCase('Late Leisure Trust', overdueStudy);
    const done = await newCase('Punctual Parks Mutual', overdueStudy);
    // Recorded by the administrator: the researcher of the other tests is no member of this study.
    const admin = {};
    const pastDue = await schedule(late.caseId, 1, day(-60), day(-30), admin);
    const upcoming = await schedule(late.caseId, 2, day(10), day(40), admin);
    const finished = await schedule(done.caseId, 1, day(-60), day(-30), admin);
    const started = await post(`${wavesPath(done.caseId)}/${finished.body.id}/interviews`, interview(day(-45)), admin);
    expect(started.status).toBe(201);
    const stillOpen = await schedule(done.caseId, 2, day(-20), day(-5), admin);
    expect((await post(`${wavesPath(done.caseId)}/${stillOpen.body.id}/interviews`, interview(day(-10)), admin)).status).toBe(201);
    const completed = await post(`${wavesPath(done.caseId)}/${finished.body.id}/completion`, undefined, admin);
    expect(completed.status).toBe(200);
    await casebook.projected(completed);

    const progress = await casebook.request('GET', `/api/v1/studies/${overdueStudy}/waves`, undefined, reader.headers);
    expect(progress.status).toBe(200);
    const byWave = new Map(progress.body.map((w: { waveId: string }) => [w.waveId, w]));
    expect(progress.body).toHaveLength(4);
    expect(byWave.get(pastDue.body.id)).toMatchObject({
      caseId: late.caseId,
      mutualName: 'Late Leisure Trust',
      waveNumber: 1,
      status: 'scheduled',
      overdue: true,
    });
    expect(byWave.get(upcoming.body.id)).toMatchObject({ caseId: late.caseId, status: 'scheduled', overdue: false });
    expect(byWave.get(finished.body.id)).toMatchObject({
      caseId: done.caseId,
      mutualName: 'Punctual Parks Mutual',
      status: 'completed',
      overdue: false,
      interviewCount: 1,
    });
    expect(byWave.get(stillOpen.body.id)).toMatchObject({ caseId: done.caseId, status: 'in-progress', overdue: true });
    // In window order: the two past-due first waves, the open second wave, then the upcoming one.
    expect(progress.body.map((w: { opensOn: string }) => w.opensOn)).toEqual([day(-60), day(-60), day(-20), day(10)]);

    expect((await casebook.request('GET', `/api/v1/studies/${overdueStudy}/waves`, undefined, outsider.headers)).status).toBe(403);
    expect((await casebook.request('GET', `/api/v1/studies/${overdueStudy}/waves`, undefined, viewer.headers)).status).toBe(403);
  });

  it('lets members read waves, only researcher members and administrators record them, and knows no unknown case', async () => {
    const { caseId } = await newCase('Riverbank Rowing Club');
    const wave = await schedule(caseId, 1, day(-30), day(30));
    const wavePath = `${wavesPath(caseId)}/${wave.body.id}`;
    const writes: [string, string, unknown][] = [
      ['POST', wavesPath(caseId), { waveNumber: 2, opensOn: day(40), closesOn: day(50) }],
      ['PUT', `${wavePath}/window`, { opensOn: day(-29), closesOn: day(30) }],
      ['POST', `${wavePath}/interviews`, interview(day(-1))],
      ['POST', `${wavePath}/completion`, {}],
      ['POST', `${wavePath}/skip`, { reason: 'x' }],
      ['POST', `${wavePath}/cancellation`, { reason: 'x' }],
      ['POST', `${wavePath}/sign-off`, {}],
    ];
    for (const who of [viewer, outsider]) {
      for (const [method, path, body] of writes) {
        expect([method, path, (await casebook.request(method, path, body, who.headers)).status]).toEqual([method, path, 403]);
      }
    }
    await casebook.projected(wave);
    expect((await casebook.request('GET', wavesPath(caseId), undefined, viewer.headers)).status).toBe(200);
    expect((await casebook.request('GET', `${wavePath}/interviews`, undefined, viewer.headers)).status).toBe(200);
    expect((await casebook.request('GET', wavesPath(caseId), undefined, outsider.headers)).status).toBe(403);
    expect((await casebook.request('GET', `${wavePath}/interviews`, undefined, outsider.headers)).status).toBe(403);

    const byAdmin = await casebook.request('POST', wavesPath(caseId), { waveNumber: 2, opensOn: day(40), closesOn: day(50) });
    expect(byAdmin.status).toBe(201);
    // Only the administrator's wave was added to the one scheduled first.
    expect(byAdmin.body.version).toBe(3);

    for (const path of [
      wavesPath(unknownId),
      `${wavesPath(unknownId)}/${wave.body.id}/interviews`,
      `${wavesPath(caseId)}/${unknownId}/interviews`,
      wavesPath('not-a-uuid'),
    ]) {
      expect([path, (await casebook.request('GET', path)).status]).toEqual([path, 404]);
    }
    expect((await schedule(unknownId, 1, day(40), day(50))).status).toBe(404);
    expect((await post(`${wavesPath(unknownId)}/${wave.body.id}/completion`)).status).toBe(404);
  });

  it('publishes the wave endpoints in its OpenAPI description, each POST with an example body', async () => {
    const docs = await casebook.request('GET', '/api/docs-json');
    const paths = docs.body.paths;
    for (const action of ['completion', 'skip', 'cancellation', 'sign-off', 'interviews']) {
      const operation = paths[`/api/v1/cases/{caseId}/waves/{waveId}/${action}`].post;
      expect([action, Object.keys(operation.requestBody.content['application/json'].examples ?? {}).length > 0]).toEqual([action, true]);
    }
    expect(paths['/api/v1/cases/{caseId}/waves'].post.requestBody.content['application/json'].examples).toBeDefined();
    expect(paths['/api/v1/cases/{caseId}/waves/{waveId}/window'].put).toBeDefined();
  });
});
