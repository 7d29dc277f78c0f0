// The hot reads (a mutual's timeline and profile, a study's cases and dashboard) are written by
// serializers compiled from the OpenAPI document: every answer they give, in each of their shapes
// (pages with `next`, uncertain entries, corrections with their source, as known on a past day,
// a mutual with nothing recorded), is checked here against the document the API serves, with
// every property accounted for; and what a read model holds beyond the contract is not answered.
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
// A CommonJS module: its default export is under `default` for NodeNext and at run time alike.
import ajvFormats from 'ajv-formats';
import pg from 'pg';
import type { OpenAPIObject } from '@nestjs/swagger';
import { type Harness, type HttpResult, startCasebook } from './support/casebook-harness.js';

type Json = Record<string, unknown>;

/**
 * The document's schema as a strict JSON Schema: references inlined, OpenAPI's `nullable` as a
 * null type, and objects that name their properties refusing any other, so that a property the
 * document does not name fails the check.
 */
function strictSchema(schema: Json, components: Record<string, Json>, seen: string[] = []): Json {
  if (typeof schema.$ref === 'string') {
    const name = schema.$ref.replace('#/components/schemas/', '');
    if (seen.includes(name)) throw new Error(`${name} refers to itself`);
    return strictSchema(components[name], components, [...seen, name]);
  }
  const { nullable, allOf, properties, items, ...rest } = schema;
  const nullOr = (inner: Json): Json => (nullable === true ? { anyOf: [{ type: 'null' }, inner] } : inner);
  if (Array.isArray(allOf)) {
    if (allOf.length !== 1) throw new Error('allOf of more than one schema');
    return nullOr(strictSchema(allOf[0] as Json, components, seen));
  }
  // Unknown keywords (example, description) are left for Ajv to pass over.
  const strict: Json = { ...rest };
  if (items) strict.items = strictSchema(items as Json, components, seen);
  if (properties) {
    strict.properties = Object.fromEntries(
      Object.entries(properties as Record<string, Json>).map(([k, v]) => [k, strictSchema(v, components, seen)]),
    );
    strict.additionalProperties = false;
  }
  return nullOr(strict);
}

describe('the hot reads answer as the OpenAPI document says', () => {
  let casebook: Harness;
  let document: OpenAPIObject;
  const validators = new Map<string, ValidateFunction>();
  let studyId: string;
  let mutualId: string;
  let emptyMutualId: string;
  let correctedAt: string;
  let pool: pg.Pool;

  const ok = <T>(response: HttpResult<T>, status: number, what: string) => {
    if (response.status !== status) throw new Error(`${what} answered ${response.status}: ${JSON.stringify(response.body)}`);
    return response;
  };
  const post = async (path: string, body: unknown) => ok(await casebook.request('POST', path, body), 201, `POST ${path}`).body as Json;

  /** The answer to a GET, after checking it against the documented 200 answer of its route. */
  const read = async (template: string, path: string): Promise<Json> => {
    let validate = validators.get(template);
    if (!validate) {
      const schema = (document.paths[template]?.get?.responses['200'] as unknown as { content: Record<string, { schema: Json }> }).content[
        'application/json'
      ].schema;
      const ajv = new Ajv({ strict: false, allErrors: true });
      ajvFormats.default(ajv);
      validate = ajv.compile(strictSchema(schema, (document.components?.schemas ?? {}) as Record<string, Json>));
      validators.set(template, validate);
    }
    const response = ok(await casebook.request<Json>('GET', path), 200, `GET ${path}`);
    const valid = validate(response.body);
    const problems = (validate.errors ?? []).map(
      (e: ErrorObject) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`,
    );
    expect({ path, problems: valid ? [] : problems }).toEqual({ path, problems: [] });
    return response.body;
  };

  beforeAll(async () => {
    casebook = await startCasebook();
    pool = new pg.Pool({ connectionString: casebook.database.url, max: 1 });
    document = ok(await casebook.request<OpenAPIObject>('GET', '/api/docs-json'), 200, 'the document').body;
    studyId = (await post('/api/v1/studies', { title: 'Answers as documented', startsOn: '2010-01-01', endsOn: '2030-12-31' }))
      .id as string;
    mutualId = (
      await post('/api/v1/mutuals', {
        name: 'Documented Answers CIC',
        serviceAreas: ['health-and-social-care'],
        region: 'north-west',
        legalForm: 'community-interest-company',
        parentBody: 'Riverside Primary Care Trust',
      })
    ).id as string;
    const record = (body: Json) => post(`/api/v1/mutuals/${mutualId}/milestones`, body);
    await record({ type: 'spun-out', occurredOn: '2012-04-01', parentBody: 'Riverside Primary Care Trust' });
    const contract = await record({
      type: 'contract-awarded',
      occurredOn: '2015-03',
      commissioner: 'Riverside CCG',
      contractName: 'Community nursing',
      startsOn: '2015-04',
      endsOn: '2035-03',
      annualValueGbp: 1_200_000,
      source: { kind: 'annual-report', reference: 'Annual report 2015' },
    });
    await record({
      type: 'contract-awarded',
      occurredOn: '2016-01',
      commissioner: 'Lakeside Council',
      startsOn: '2016-02',
      endsOn: '2034',
    });
    await record({
      type: 'governance-changed',
      occurredOn: '2016',
      legalForm: 'community-benefit-society',
      ownershipModel: 'employee',
      boardComposition: { staff: 3, independent: 2, total: 5 },
      memberCount: 420,
    });
    await record({ type: 'staffing-reported', occurredOn: '2017-03-31', headcount: 450, fte: 390.5 });
    await record({ type: 'turnover-reported', occurredOn: '2017-07', financialYear: '2016-17', amountGbp: 14_500_000 });
    await record({
      type: 'service-launched',
      occurredOn: '2018-01',
      serviceName: 'Falls prevention',
      serviceArea: 'health-and-social-care',
    });
    await record({ type: 'observation', occurredOn: '2019-07', text: 'Seen at the AGM' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    correctedAt = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 20));
    ok(
      await casebook.request('PUT', `/api/v1/mutuals/${mutualId}/milestones/${String(contract.id)}`, {
        occurredOn: '2015-03-02',
        values: {
          commissioner: 'Riverside CCG',
          contractName: 'Community nursing',
          startsOn: '2015-04',
          endsOn: '2035-03',
          annualValueGbp: 1_250_000,
        },
        reason: 'The register gives the day',
        source: { kind: 'annual-report', reference: 'Annual report 2015, page 4' },
      }),
      200,
      'correct',
    );
    emptyMutualId = (await post('/api/v1/mutuals', { name: 'Nothing Recorded Yet', serviceAreas: ['housing'] })).id as string;
    const selection = {
      serviceAreas: ['health-and-social-care'],
      stageOfDevelopment: 'established',
      region: 'north-west',
      legalForm: 'community-interest-company',
    };
    const enrolled = await post(`/api/v1/studies/${studyId}/cases`, { mutualId, selection: { ...selection, turnoverBand: '5m-20m' } });
    const wave = await post(`/api/v1/cases/${String(enrolled.id)}/waves`, { waveNumber: 1, opensOn: '2020-01-06', closesOn: '2020-02-28' });
    await post(`/api/v1/cases/${String(enrolled.id)}/waves/${String(wave.id)}/interviews`, {
      role: 'director',
      interviewedOn: '2020-01-20',
      consent: 'given',
    });
    const last = await casebook.request('POST', `/api/v1/studies/${studyId}/cases`, { mutualId: emptyMutualId, selection });
    await casebook.projected(ok(last as HttpResult<{ position: string }>, 201, 'enrol'));
  });
  afterAll(async () => {
    await pool?.end();
    await casebook?.close();
  });

  it("a mutual's timeline, in every shape a page takes", async () => {
    const timeline = '/api/v1/mutuals/{mutualId}/timeline';
    const all = await read(timeline, `/api/v1/mutuals/${mutualId}/timeline`);
    expect((all.milestones as Json[]).find((m) => m.type === 'contract-awarded' && m.correction)).toMatchObject({
      source: { kind: 'annual-report', reference: 'Annual report 2015, page 4' },
      correction: { reason: 'The register gives the day', correctedBy: { accountId: expect.any(String), displayName: null } },
    });
    const first = await read(timeline, `/api/v1/mutuals/${mutualId}/timeline?limit=2`);
    expect(first.next).toEqual(expect.any(String));
    await read(timeline, String(first.next));
    const uncertain = await read(timeline, `/api/v1/mutuals/${mutualId}/timeline?trueOn=2016-06-01&from=2016-03&to=2016-08`);
    expect((uncertain.milestones as Json[]).some((m) => m.uncertain === true)).toBe(true);
    await read(timeline, `/api/v1/mutuals/${mutualId}/timeline?knownOn=${encodeURIComponent(correctedAt)}&type=contract-awarded`);
    expect(await read(timeline, `/api/v1/mutuals/${emptyMutualId}/timeline`)).toMatchObject({ milestones: [] });
  });

  it("a mutual's profile, today, on a past day and as known then", async () => {
    const profile = '/api/v1/mutuals/{mutualId}/profile';
    expect(await read(profile, `/api/v1/mutuals/${mutualId}/profile`)).toMatchObject({
      boardComposition: { staff: 3, independent: 2, total: 5 },
      staffing: { headcount: 450, fte: 390.5 },
      nextContractEnd: { commissioner: 'Lakeside Council' },
    });
    expect(await read(profile, `/api/v1/mutuals/${mutualId}/profile?trueOn=2016-06-01`)).toMatchObject({
      uncertain: expect.arrayContaining([expect.objectContaining({ type: 'governance-changed' })]),
    });
    await read(profile, `/api/v1/mutuals/${mutualId}/profile?knownOn=${encodeURIComponent(correctedAt)}`);
    await read(profile, `/api/v1/mutuals/${emptyMutualId}/profile`);
  });

  it("a study's cases and its dashboard, a page at a time", async () => {
    const cases = await casebook.request<Json[]>('GET', `/api/v1/studies/${studyId}/cases`);
    expect(cases.body).toHaveLength(2);
    await read('/api/v1/studies/{studyId}/cases', `/api/v1/studies/${studyId}/cases`);
    const dashboard = '/api/v1/studies/{studyId}/dashboard';
    const first = await read(dashboard, `/api/v1/studies/${studyId}/dashboard?limit=1`);
    expect(first.cases).toEqual([expect.objectContaining({ mutualId, interviewsByRole: expect.objectContaining({ director: 1 }) })]);
    expect(await read(dashboard, String(first.next))).toMatchObject({ cases: [expect.objectContaining({ mutualId: emptyMutualId })] });
  });

  it('answers nothing a read model holds beyond the contract', async () => {
    // A key in a case's stored selection that the answer does not document (as an earlier
    // projection version could have kept): the case list writes only what it documents.
    await pool.query(`UPDATE read_models.cases SET selection = selection || '{"internalNote": "not for clients"}' WHERE study_id = $1`, [
      studyId,
    ]);
    const cases = (await read('/api/v1/studies/{studyId}/cases', `/api/v1/studies/${studyId}/cases`)) as unknown as Json[];
    expect(cases.map((c) => c.selection)).toEqual([
      {
        serviceAreas: ['health-and-social-care'],
        stageOfDevelopment: 'established',
        region: 'north-west',
        legalForm: 'community-interest-company',
        turnoverBand: '5m-20m',
        employeeBand: null,
      },
      {
        serviceAreas: ['health-and-social-care'],
        stageOfDevelopment: 'established',
        region: 'north-west',
        legalForm: 'community-interest-company',
        turnoverBand: null,
        employeeBand: null,
      },
    ]);
  });
});
