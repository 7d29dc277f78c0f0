// Text a user can send that the record cannot hold, and bodies built to break a parser: each is
// refused with a 400 problem+json naming the field and the rule, nothing is stored, and the
// projector keeps up afterwards (an event it could not write would stop it for ever).
import { Client } from 'pg';
import { type Harness, type HttpResult, startCasebook } from './support/casebook-harness.js';

const fieldsAndRules = (response: HttpResult) => response.body.errors.map((e: { field: string; rule: string }) => [e.field, e.rule]);

describe('hostile text and bodies', () => {
  let casebook: Harness;
  let studyId: string;
  let mutualId: string;
  let caseId: string;

  beforeAll(async () => {
    casebook = await startCasebook();
    const study = await casebook.request('POST', '/api/v1/studies', {
      title: 'Hostile input study',
      startsOn: '2024-01-08',
      endsOn: '2030-03-29',
    });
    studyId = study.body.id;
    const mutual = await casebook.request('POST', '/api/v1/mutuals', {
      name: 'Harbourside Youth Services',
      serviceAreas: ['education-youth-and-children'],
    });
    mutualId = mutual.body.id;
    const enrolled = await casebook.request('POST', `/api/v1/studies/${studyId}/cases`, {
      mutualId,
      selection: {
        serviceAreas: ['education-youth-and-children'],
        stageOfDevelopment: 'established',
        turnoverBand: '1m-5m',
        employeeBand: '50-249',
        region: 'south-west',
        legalForm: 'community-interest-company',
      },
    });
    caseId = enrolled.body.id;
  });
  afterAll(() => casebook?.close());

  async function storedEventCount(): Promise<number> {
    const client = new Client({ connectionString: casebook.database.url });
    await client.connect();
    const { rows } = await client.query('SELECT count(*)::int AS n FROM event_store.events');
    await client.end();
    return rows[0].n;
  }

  function expectRefused(response: HttpResult, field: string, rule: string) {
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(fieldsAndRules(response)).toContainEqual([field, rule]);
  }

  const places = (): [string, string, (text: string) => object, string][] => [
    ['a mutual name', '/api/v1/mutuals', (t) => ({ name: t, serviceAreas: ['housing'] }), 'name'],
    ['a parent body', '/api/v1/mutuals', (t) => ({ name: 'Greenway Housing', serviceAreas: ['housing'], parentBody: t }), 'parentBody'],
    [
      'milestone notes',
      `/api/v1/mutuals/${mutualId}/milestones`,
      (t) => ({ type: 'spun-out', occurredOn: '2012', parentBody: 'Borough Council', notes: t }),
      'notes',
    ],
    ['a study title', '/api/v1/studies', (t) => ({ title: t, startsOn: '2024-01-08', endsOn: '2026-03-27' }), 'title'],
    ['study aims', '/api/v1/studies', (t) => ({ title: 'Aims study', startsOn: '2024-01-08', endsOn: '2026-03-27', aims: t }), 'aims'],
    ['an account display name', '/api/v1/accounts', (t) => ({ displayName: t, role: 'viewer' }), 'displayName'],
    [
      'a contact name',
      `/api/v1/cases/${caseId}/contacts`,
      (t) => ({ role: 'director', consentToContact: true, personal: { name: t, email: 'd@example.org' } }),
      'personal.name',
    ],
  ];

  it.each([
    ['NUL', 'A\u0000B', 'no-nul'],
    ['a lone high surrogate', 'Caf\ud800', 'well-formed-unicode'],
    ['a lone low surrogate', '\udc00Trust', 'well-formed-unicode'],
    ['a bell control character', 'Ring\u0007', 'no-control-characters'],
    ['a right-to-left override', 'Trust\u202Egnp.exe', 'no-bidi-override'],
  ])('refuses %s in every text field with 400 naming the field, storing nothing', async (_what, text, rule) => {
    const before = await storedEventCount();
    // Every place is tried before any is judged, so one that lets the text through is seen
    // together with what it does to the rest of the system.
    const answers: [string, HttpResult][] = [];
    for (const [, path, body, field] of places()) {
      answers.push([
        field,
        await casebook.request('POST', path, body(text), { 'idempotency-key': `hostile-${rule}-${field}-${Math.random()}` }),
      ]);
    }
    for (const [field, response] of answers) expectRefused(response, field, rule);
    expect(await storedEventCount()).toBe(before);
  });

  it('keeps bidirectional isolates, which right-to-left names need, as given', async () => {
    const name = 'Al-Noor \u2067\u0645\u0624\u0633\u0633\u0629\u2069 Mutual';
    const created = await casebook.request('POST', '/api/v1/mutuals', { name, serviceAreas: ['other'] });
    expect(created.status).toBe(201);
    await casebook.projected(created);
    const timeline = await casebook.request('GET', `/api/v1/mutuals/${created.body.id}/timeline`);
    expect(timeline.body.name).toBe(name);
  });

  it('names a bad field name by its escaped path', async () => {
    const response = await casebook.request(
      'POST',
      '/api/v1/mutuals',
      '{"name": "Shoreline", "serviceAreas": ["other"], "bad\\u0000key": 1}',
    );
    expectRefused(response, 'bad\\u0000key', 'no-nul');
  });

  it('refuses a body nested 20,000 levels deep with 400, idempotency key or not', async () => {
    const deep = `${'['.repeat(20_000)}${']'.repeat(20_000)}`;
    const body = `{"type": "spun-out", "occurredOn": "2012", "parentBody": "Borough Council", "notes": ${deep}}`;
    for (const headers of [{}, { 'idempotency-key': 'deeply-nested-1' }] as Record<string, string>[]) {
      const response = await casebook.request('POST', `/api/v1/mutuals/${mutualId}/milestones`, body, headers);
      expectRefused(response, '(body)', 'max-depth');
    }
  });

  it.each([
    ['malformed JSON', '{"name": "Broken",', 'json'],
    ['an empty body', ' ', 'json'],
    ['a __proto__ key', '{"name": "Poison", "serviceAreas": ["other"], "__proto__": {"admin": true}}', 'no-prototype-keys'],
  ])('answers %s with a 400 problem naming the body and the rule', async (_what, body, rule) => {
    const response = await casebook.request('POST', '/api/v1/mutuals', body);
    expectRefused(response, '(body)', rule);
  });

  it('refuses a body that is not UTF-8', async () => {
    const response = await fetch(`${casebook.baseUrl}/api/v1/mutuals`, {
      method: 'POST',
      headers: { authorization: `Bearer ${casebook.config.adminToken}`, 'content-type': 'application/json' },
      body: Buffer.concat([Buffer.from('{"name": "Caf'), Buffer.from([0xe9]), Buffer.from('", "serviceAreas": ["other"]}')]),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { errors: unknown }).errors).toEqual([expect.objectContaining({ field: '(body)', rule: 'utf-8' })]);
  });

  it('keeps projecting after all of it', async () => {
    const contact = await casebook.request('POST', `/api/v1/cases/${caseId}/contacts`, {
      role: 'trustee-or-board-member',
      consentToContact: true,
      personal: { name: 'Morgan Ellis', email: 'morgan@example.org' },
    });
    expect(contact.status).toBe(201);
    await casebook.projected(contact);
    const contacts = await casebook.request('GET', `/api/v1/cases/${caseId}/contacts`);
    expect(contacts.body).toEqual([expect.objectContaining({ name: 'Morgan Ellis' })]);
  });
});
