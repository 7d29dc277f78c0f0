// `npm run demo` loads its study through the API; here against an in-process Casebook.
import { loadDemo } from '../scripts/demo.mjs';
import { type Harness, startCasebook } from './support/casebook-harness.js';

describe('demo data', () => {
  let casebook: Harness;

  beforeAll(async () => {
    casebook = await startCasebook();
  });
  afterAll(() => casebook?.close());

  // Hundreds of writes through the API: on a machine busy with other suites it has taken over a minute.
  it('loads a realistic study: 12 mutuals across the six service areas, 3 waves each, contacts and a correction', async () => {
    const { studyId, cases, lastPosition } = await loadDemo({ baseUrl: casebook.baseUrl, token: casebook.config.adminToken! });
    expect(cases).toHaveLength(12);
    await casebook.projected({ status: 200, headers: new Headers(), body: { position: lastPosition } });
    const { body: waves } = await casebook.request('GET', `/api/v1/studies/${studyId}/waves`);
    expect(waves).toHaveLength(36);
    expect(new Set(waves.map((w: { status: string }) => w.status))).toEqual(new Set(['completed', 'in-progress']));
    const listed = await casebook.request('GET', `/api/v1/studies/${studyId}/cases`);
    const areas = new Set(listed.body.flatMap((c: { selection: { serviceAreas: string[] } }) => c.selection.serviceAreas));
    for (const area of [
      'health-and-social-care',
      'education-youth-and-children',
      'culture-media-and-libraries',
      'employment-and-skills',
      'housing',
      'sports-and-leisure',
    ]) {
      expect(areas).toContain(area);
    }
    const contacts = await casebook.request('GET', `/api/v1/cases/${cases[0]}/contacts`);
    expect(contacts.body).toEqual([expect.objectContaining({ role: 'director', erased: false, name: expect.any(String) })]);
    const timeline = await casebook.request('GET', `/api/v1/studies/${studyId}/timeline`);
    expect(timeline.status).toBe(200);
  }, 180_000);
});
