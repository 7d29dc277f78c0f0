import { type Harness, startCasebook } from './support/casebook-harness.js';
import { addContact, enrolledCase } from './support/research-fixtures.js';

describe('contacts of a case', () => {
  let casebook: Harness;

  beforeAll(async () => {
    casebook = await startCasebook();
  });
  afterAll(() => casebook?.close());

  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

  it('refuses a bad contact naming each field and rule, and stores nothing', async () => {
    const { caseId } = await enrolledCase(casebook, 'Glen Community Care');
    const bad = await casebook.request('POST', `/api/v1/cases/${caseId}/contacts`, {
      role: 'mayor',
      consentToContact: 'yes',
      personal: { email: 'not-an-email' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string; rule: string }) => e.field)).toEqual(
      expect.arrayContaining(['role', 'consentToContact', 'personal.name', 'personal.email']),
    );
    const good = await addContact(casebook, caseId, 'Chris Okafor', 'chris@example.org');
    await casebook.projected(good);
    const listed = await casebook.request('GET', `/api/v1/cases/${caseId}/contacts`);
    expect(listed.body).toEqual([expect.objectContaining({ name: 'Chris Okafor', email: 'chris@example.org', consentToContact: true })]);
  });

  it('reminds only contacts who consent, and consent can be withdrawn and given again', async () => {
    const { caseId } = await enrolledCase(casebook, 'Loughside Children and Families', 'education-youth-and-children');
    const contact = await addContact(casebook, caseId, 'Dana Hughes', 'dana@example.org');
    const consent = (value: boolean) =>
      casebook.request('PUT', `/api/v1/cases/${caseId}/contacts/${contact.body.id}/consent`, { consentToContact: value });
    expect((await consent(false)).status).toBe(200);
    const wave = { waveNumber: 1, opensOn: day(10), closesOn: day(50), remindContactIds: [contact.body.id] };
    const refused = await casebook.request('POST', `/api/v1/cases/${caseId}/waves`, wave);
    expect(refused.status).toBe(409);
    expect(refused.body.rule).toBe('contact-unavailable');
    const given = await consent(true);
    expect(given.status).toBe(200);
    expect((await casebook.request('POST', `/api/v1/cases/${caseId}/waves`, wave)).status).toBe(201);
    const bad = await casebook.request('PUT', `/api/v1/cases/${caseId}/contacts/${contact.body.id}/consent`, { consentToContact: 'maybe' });
    expect(bad.status).toBe(400);
  });

  it('shows contacts to members only, and lets viewers read but not add', async () => {
    const { studyId, caseId } = await enrolledCase(casebook, 'Castlegate Adult Learning', 'employment-and-skills');
    const viewer = await casebook.account('viewer', [studyId]);
    const outsider = await casebook.account('researcher');
    const member = await casebook.account('researcher', [studyId]);
    const body = { role: 'staff', consentToContact: true, personal: { name: 'Lee Wong', email: 'lee@example.org' } };
    expect((await casebook.request('POST', `/api/v1/cases/${caseId}/contacts`, body, viewer.headers)).status).toBe(403);
    expect((await casebook.request('POST', `/api/v1/cases/${caseId}/contacts`, body, outsider.headers)).status).toBe(403);
    expect((await casebook.request('POST', `/api/v1/cases/${caseId}/contacts`, body, member.headers)).status).toBe(201);
    expect((await casebook.request('GET', `/api/v1/cases/${caseId}/contacts`, undefined, viewer.headers)).status).toBe(200);
    expect((await casebook.request('GET', `/api/v1/cases/${caseId}/contacts`, undefined, outsider.headers)).status).toBe(403);

    // Ending the membership takes the access away at once.
    expect((await casebook.request('DELETE', `/api/v1/accounts/${viewer.accountId}/studies/${studyId}`)).status).toBe(200);
    expect((await casebook.request('GET', `/api/v1/cases/${caseId}/contacts`, undefined, viewer.headers)).status).toBe(403);
    const access = await casebook.request('GET', `/api/v1/accounts/${viewer.accountId}/access`);
    expect(access.body.studyIds).toEqual([]);
  });
});
