// Input that looks well-formed but names no real day, year or record: each is a 400 naming the
// field and the rule, never a value quietly rolled over or a 404 for a malformed id.
import { type Harness, type HttpResult, startCasebook } from './support/casebook-harness.js';

const fieldsAndRules = (response: HttpResult) =>
  (response.body.errors ?? []).map((e: { field: string; rule: string }) => [e.field, e.rule]);
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

describe('validation of days and years', () => {
  let casebook: Harness;
  let studyId: string;
  let mutualId: string;
  let caseId: string;

  beforeAll(async () => {
    casebook = await startCasebook();
    studyId = (await casebook.request('POST', '/api/v1/studies', { title: 'Validation study', startsOn: day(-400), endsOn: day(900) })).body
      .id;
    mutualId = (
      await casebook.request('POST', '/api/v1/mutuals', { name: 'Castlegate Adult Learning', serviceAreas: ['employment-and-skills'] })
    ).body.id;
    const enrolled = await casebook.request('POST', `/api/v1/studies/${studyId}/cases`, {
      mutualId,
      selection: {
        serviceAreas: ['employment-and-skills'],
        stageOfDevelopment: 'established',
        region: 'london',
        legalForm: 'community-interest-company',
      },
    });
    caseId = enrolled.body.id;
  });
  afterAll(() => casebook?.close());

  it.each([
    ['30 February', '2027-02-30T09:00:00Z'],
    ['hour 25', `${day(20)}T25:00:00Z`],
    ['minute 61', `${day(20)}T09:61:00Z`],
    ['an offset of +24:00', `${day(20)}T09:00:00+24:00`],
  ])('refuses a reminder time on %s', async (_what, remindAt) => {
    const response = await casebook.request('POST', `/api/v1/cases/${caseId}/waves`, {
      waveNumber: 1,
      opensOn: day(30),
      closesOn: day(60),
      remindAt,
    });
    expect(response.status).toBe(400);
    expect(fieldsAndRules(response)).toEqual([['remindAt', 'date-time']]);
  });

  it.each([
    [
      'a milestone date',
      `/api/v1/mutuals/:mutual/milestones`,
      { type: 'spun-out', occurredOn: '0000', parentBody: 'County Council' },
      'occurredOn',
    ],
    [
      'a staffing figure date',
      `/api/v1/mutuals/:mutual/milestones`,
      { type: 'staffing-reported', occurredOn: '2020', headcount: 40, asAt: '0000-06' },
      'asAt',
    ],
    ['a study start', '/api/v1/studies', { title: 'Year zero', startsOn: '0000-01-03', endsOn: '2026-03-27' }, 'startsOn'],
    ['a study end', '/api/v1/studies', { title: 'Year zero', startsOn: '2024-01-08', endsOn: '0000-03-27' }, 'endsOn'],
  ])('refuses year 0000 in %s', async (_what, path, body, field) => {
    const response = await casebook.request('POST', path.replace(':mutual', mutualId), body);
    expect(response.status).toBe(400);
    expect(fieldsAndRules(response).map(([f]: [string]) => f)).toContain(field);
  });

  it('names a malformed id in a body as bad input, not as an unknown record', async () => {
    const enrol = await casebook.request('POST', `/api/v1/studies/${studyId}/cases`, {
      mutualId: 'not-a-uuid',
      selection: { serviceAreas: ['housing'], stageOfDevelopment: 'early', region: 'london', legalForm: 'other' },
    });
    expect(enrol.status).toBe(400);
    expect(fieldsAndRules(enrol)).toContainEqual(['mutualId', 'uuid']);
    const wave = await casebook.request('POST', `/api/v1/cases/${caseId}/waves`, {
      waveNumber: 1,
      opensOn: day(30),
      closesOn: day(60),
      remindContactIds: ['nobody'],
    });
    expect(wave.status).toBe(400);
    expect(fieldsAndRules(wave)).toContainEqual(['remindContactIds[0]', 'uuid']);
  });
});
