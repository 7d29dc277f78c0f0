// The days of a wave through the API: each outcome recorded with the day it happened (so waves
// cancelled in March 2020 can be recorded as such years later), and windows that must lie inside
// the study's period as the study's own stream has it.
import { randomUUID } from 'node:crypto';
import { type EventStore, connectEventStore } from '@casebook/event-store';
import { type Harness, type HttpResult, startCasebook } from './support/casebook-harness.js';

type Headers = Record<string, string>;

const selection = {
  serviceAreas: ['education-youth-and-children'],
  stageOfDevelopment: 'developing',
  region: 'north-east',
  legalForm: 'community-interest-company',
};
const fieldsAndRules = (response: HttpResult) => response.body.errors.map((e: { field: string; rule: string }) => [e.field, e.rule]);
const testsStartedAt = Date.now();
const day = (offset: number) => new Date(testsStartedAt + offset * 86_400_000).toISOString().slice(0, 10);

describe('the days of interview waves, through the API', () => {
  let casebook: Harness;
  let store: EventStore;
  let studyId: string;
  let member: { headers: Headers };

  beforeAll(async () => {
    casebook = await startCasebook();
    store = await connectEventStore(casebook.config);
    const study = await casebook.request('POST', '/api/v1/studies', {
      title: 'Youth services mutuals',
      startsOn: '2018-01-08',
      endsOn: '2028-03-31',
    });
    studyId = study.body.id;
    member = await casebook.account('researcher', [studyId]);
  });
  afterAll(async () => {
    await store?.close();
    await casebook?.close();
  });

  const post = (path: string, body?: unknown) => casebook.request('POST', path, body, member.headers);
  async function newCase(name: string) {
    const mutual = await casebook.request('POST', '/api/v1/mutuals', { name, serviceAreas: ['education-youth-and-children'] });
    const enrolled = await post(`/api/v1/studies/${studyId}/cases`, { mutualId: mutual.body.id, selection });
    expect(enrolled.status).toBe(201);
    return enrolled.body.id as string;
  }
  async function wave(caseId: string, waveNumber: number, opensOn: string, closesOn: string) {
    const scheduled = await post(`/api/v1/cases/${caseId}/waves`, { waveNumber, opensOn, closesOn });
    expect(scheduled.status).toBe(201);
    return (action: string, body?: unknown) => post(`/api/v1/cases/${caseId}/waves/${scheduled.body.id}/${action}`, body);
  }
  async function progressOf(caseId: string, after: HttpResult) {
    await casebook.projected(after);
    return (await casebook.request('GET', `/api/v1/cases/${caseId}/waves`, undefined, member.headers)).body as Record<string, unknown>[];
  }

  it('records each outcome on the day it happened, not before the window or the outcome it follows', async () => {
    const caseId = await newCase('Tyneside Youth Services');
    const first = await wave(caseId, 1, '2019-01-07', '2019-03-29');
    expect((await first('interviews', { role: 'director', interviewedOn: '2019-02-04', consent: 'given' })).status).toBe(201);

    const future = await first('completion', { occurredOn: day(2) });
    expect(future.status).toBe(400);
    expect(fieldsAndRules(future)).toEqual([['occurredOn', 'not-in-future']]);
    expect(fieldsAndRules(await first('completion', { occurredOn: '29/03/2019' }))).toEqual([['occurredOn', 'date']]);
    const early = await first('completion', { occurredOn: '2019-01-06' });
    expect([early.status, early.body.rule, early.body.detail]).toEqual([
      409,
      'before-window-opens',
      'Wave 1 opens on 2019-01-07; it cannot be completed on 2019-01-06',
    ]);
    expect((await first('completion', { occurredOn: '2019-03-29' })).status).toBe(200);
    const signedTooSoon = await first('sign-off', { occurredOn: '2019-03-28' });
    expect([signedTooSoon.status, signedTooSoon.body.rule]).toEqual([409, 'sign-off-before-outcome']);
    const signedOff = await first('sign-off', { occurredOn: '2019-04-01', note: 'Transcripts checked' });
    expect(signedOff.status).toBe(200);

    // Cancelled, and its replacement skipped, before their windows opened: both may come first.
    const second = await wave(caseId, 2, '2020-03-02', '2020-03-31');
    const cancelled = await second('cancellation', { reason: 'Fieldwork stopped by the pandemic', occurredOn: '2020-02-28' });
    expect(cancelled.status).toBe(200);
    const third = await wave(caseId, 2, '2020-04-06', '2020-06-26');
    expect((await third('skip', { reason: 'Schools closed', occurredOn: '2020-03-23' })).status).toBe(200);
    const skipSignedOffEarly = await third('sign-off', { occurredOn: '2020-04-03' });
    expect([skipSignedOffEarly.status, skipSignedOffEarly.body.rule]).toEqual([409, 'before-window-opens']);
    // No day given: the day (UTC) the sign-off was recorded.
    const today = await third('sign-off');
    expect(today.status).toBe(200);
    const [stored] = await store.readStream(`case-${caseId}`, { direction: 'backwards', maxCount: 1 });
    expect(stored.type).toBe('WaveSignedOff.v2');
    const recordedOn = String(stored.metadata.recordedAt).slice(0, 10);
    expect(stored.data).toMatchObject({ occurredOn: recordedOn });

    expect(
      (await progressOf(caseId, today)).map(({ waveNumber, status, completedOn, signedOffOn, cancelledOn, skippedOn }) => ({
        waveNumber,
        status,
        completedOn,
        signedOffOn,
        cancelledOn,
        skippedOn,
      })),
    ).toEqual([
      {
        waveNumber: 1,
        status: 'signed-off',
        completedOn: '2019-03-29',
        signedOffOn: '2019-04-01',
        cancelledOn: undefined,
        skippedOn: undefined,
      },
      {
        waveNumber: 2,
        status: 'cancelled',
        completedOn: undefined,
        signedOffOn: undefined,
        cancelledOn: '2020-02-28',
        skippedOn: undefined,
      },
      {
        waveNumber: 2,
        status: 'signed-off',
        completedOn: undefined,
        signedOffOn: recordedOn,
        cancelledOn: undefined,
        skippedOn: '2020-03-23',
      },
    ]);
  });

  it('cancels the open waves of a withdrawn case on the day of the withdrawal', async () => {
    const caseId = await newCase('Wearside Play Mutual');
    await wave(caseId, 1, '2020-03-02', '2020-05-29');
    const future = await post(`/api/v1/cases/${caseId}/withdrawal`, { reason: 'x', occurredOn: day(1) });
    expect(fieldsAndRules(future)).toEqual([['occurredOn', 'not-in-future']]);
    const withdrawn = await post(`/api/v1/cases/${caseId}/withdrawal`, { reason: 'The mutual closed', occurredOn: '2020-03-20' });
    expect(withdrawn.status).toBe(200);
    expect(await progressOf(caseId, withdrawn)).toEqual([
      expect.objectContaining({ status: 'cancelled', cancelledReason: 'The mutual closed', cancelledOn: '2020-03-20' }),
    ]);
    const read = await casebook.request('GET', `/api/v1/cases/${caseId}`, undefined, member.headers);
    expect(read.body).toMatchObject({ status: 'withdrawn', withdrawnOn: '2020-03-20' });
  });

  it('reads an outcome stored before outcomes had a day as happening on the day it was recorded', async () => {
    const caseId = await newCase('Durham Youth Trust');
    const first = await wave(caseId, 1, '2019-01-07', '2019-03-29');
    const interviewed = await first('interviews', { role: 'staff', interviewedOn: '2019-02-04', consent: 'given' });
    const waveId = (await progressOf(caseId, interviewed))[0].waveId as string;
    // Written as version 1 was, straight into the store.
    const appended = await store.appendToStream(
      `case-${caseId}`,
      [
        {
          id: randomUUID(),
          type: 'WaveCompleted.v1',
          data: { caseId, waveId, completedAt: '2019-03-29T16:00:00.000Z' },
          metadata: { recordedBy: 'import' },
        },
      ],
      { expectedRevision: BigInt(interviewed.body.version - 1) },
    );
    expect(appended.nextExpectedRevision).toBe(BigInt(interviewed.body.version));
    const tooSoon = await first('sign-off', { occurredOn: '2019-03-28' });
    expect([tooSoon.status, tooSoon.body.rule]).toEqual([409, 'sign-off-before-outcome']);
    const signedOff = await first('sign-off', { occurredOn: '2019-03-29' });
    expect(signedOff.status).toBe(200);
    expect(await progressOf(caseId, signedOff)).toEqual([
      expect.objectContaining({ status: 'signed-off', completedOn: '2019-03-29', signedOffOn: '2019-03-29' }),
    ]);
  });

  it("refuses a window outside the study's period, naming the period, and follows a change to the period at once", async () => {
    const caseId = await newCase('Teesside Youth Co-operative');
    const before = await post(`/api/v1/cases/${caseId}/waves`, { waveNumber: 1, opensOn: '2017-12-04', closesOn: '2018-01-31' });
    expect([before.status, before.body.rule, before.body.detail]).toEqual([
      409,
      'outside-study-period',
      'The study runs from 2018-01-08 to 2028-03-31; the window 2017-12-04 to 2018-01-31 falls outside it',
    ]);
    const first = await post(`/api/v1/cases/${caseId}/waves`, { waveNumber: 1, opensOn: '2027-09-06', closesOn: '2028-03-31' });
    expect(first.status).toBe(201);
    const moved = await casebook.request(
      'PUT',
      `/api/v1/cases/${caseId}/waves/${first.body.id}/window`,
      { opensOn: '2027-09-06', closesOn: '2028-04-28' },
      member.headers,
    );
    expect([moved.status, moved.body.rule]).toEqual([409, 'outside-study-period']);

    // The period is read from the study's stream, so the change counts before any projection.
    const extended = await casebook.request('PATCH', `/api/v1/studies/${studyId}`, { endsOn: '2028-06-30', reason: 'Extended' });
    expect(extended.status).toBe(200);
    const movedNow = await casebook.request(
      'PUT',
      `/api/v1/cases/${caseId}/waves/${first.body.id}/window`,
      { opensOn: '2027-09-06', closesOn: '2028-04-28' },
      member.headers,
    );
    expect(movedNow.status).toBe(200);
    expect(await progressOf(caseId, movedNow)).toEqual([
      expect.objectContaining({ waveNumber: 1, opensOn: '2027-09-06', closesOn: '2028-04-28', status: 'scheduled' }),
    ]);
  });

  it('documents occurredOn in the OpenAPI body of every outcome, with an example', async () => {
    const docs = await casebook.request('GET', '/api/docs-json');
    const { paths, components } = docs.body;
    for (const action of ['completion', 'skip', 'cancellation', 'sign-off']) {
      const body = paths[`/api/v1/cases/{caseId}/waves/{waveId}/${action}`].post.requestBody.content['application/json'];
      expect([action, body.schema.properties.occurredOn.format]).toEqual([action, 'date']);
      expect([action, Object.values(body.examples).some((example: any) => typeof example.value.occurredOn === 'string')]).toEqual([
        action,
        true,
      ]);
    }
    const withdrawal = paths['/api/v1/cases/{caseId}/withdrawal'].post.requestBody.content['application/json'].schema;
    expect(withdrawal.properties.occurredOn.format).toBe('date');
    const selection = paths['/api/v1/studies/{studyId}/cases'].post.requestBody.content['application/json'].schema.properties.selection;
    expect(selection.required).not.toContain('turnoverBand');
    expect(selection.required).not.toContain('employeeBand');
    expect(components.schemas.CaseSelectionDto.required).not.toContain('turnoverBand');
    expect(components.schemas.CaseSelectionDto.required).not.toContain('employeeBand');
  });
});
