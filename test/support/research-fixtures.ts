// Builds the research record an end-to-end test needs through the API: a study, a mutual
// enrolled as a case, and a contact, waiting for the read models where later steps read them.
import type { Harness } from './casebook-harness.js';

export interface EnrolledCase {
  studyId: string;
  mutualId: string;
  caseId: string;
}

/** The answer to a write that creates a record. */
interface Written {
  id: string;
  position: string;
}

export async function enrolledCase(casebook: Harness, mutualName: string, serviceArea = 'health-and-social-care'): Promise<EnrolledCase> {
  const ok = <R extends { status: number; body: unknown }>(response: R, what: string): R => {
    if (response.status >= 300) throw new Error(`${what} answered ${response.status}: ${JSON.stringify(response.body)}`);
    return response;
  };
  const study = ok(
    await casebook.request<Written>('POST', '/api/v1/studies', {
      title: `Study of ${mutualName}`,
      startsOn: '2025-01-06',
      endsOn: '2028-03-31',
    }),
    'create study',
  );
  const mutual = ok(
    await casebook.request<Written>('POST', '/api/v1/mutuals', { name: mutualName, serviceAreas: [serviceArea], region: 'north-west' }),
    'register mutual',
  );
  const enrolled = ok(
    await casebook.request<Written>('POST', `/api/v1/studies/${study.body.id}/cases`, {
      mutualId: mutual.body.id,
      selection: {
        serviceAreas: [serviceArea],
        stageOfDevelopment: 'established',
        turnoverBand: '1m-5m',
        employeeBand: '50-249',
        region: 'north-west',
        legalForm: 'community-interest-company',
      },
    }),
    'enrol case',
  );
  await casebook.projected(enrolled);
  return { studyId: study.body.id, mutualId: mutual.body.id, caseId: enrolled.body.id };
}

export async function addContact(casebook: Harness, caseId: string, name: string, email: string, headers: Record<string, string> = {}) {
  const added = await casebook.request(
    'POST',
    `/api/v1/cases/${caseId}/contacts`,
    { role: 'director', consentToContact: true, personal: { name, email } },
    headers,
  );
  if (added.status !== 201) throw new Error(`add contact answered ${added.status}: ${JSON.stringify(added.body)}`);
  return added;
}
