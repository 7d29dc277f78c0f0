// The timelines' query strings fuzzed with what a hostile or broken client sends: NUL, bytes
// that are no UTF-8 (a lone surrogate's encoding among them), bidi overrides, 10,000-character
// values, impossible dates, cursors of junk and of deeply nested JSON, repeated and unknown
// parameters. Every answer is a 200 or a 4xx problem+json naming a field, never a 5xx.
import fc from 'fast-check';
import { enrolledCase } from './support/research-fixtures.js';
import { type Harness, startCasebook } from './support/casebook-harness.js';

const PARAMETERS = ['type', 'from', 'to', 'trueOn', 'knownOn', 'limit', 'cursor', 'serviceArea', 'region', 'legalForm', 'when'];
const base64url = (text: string) => Buffer.from(text).toString('base64url');

/** Already percent-encoded: raw bytes that no encoder would produce from a valid string. */
const HOSTILE = [
  '%00',
  'a%00b',
  '%ED%A0%80',
  '%C0%AF',
  '%FF%FE',
  encodeURIComponent('\u202Econtract-awarded'),
  encodeURIComponent('2016\u2066-01\u2069'),
  'x'.repeat(10_000),
  '2016-02-30',
  '0000',
  '9999-99-99',
  '2019-06-30T25:00:00Z',
  '2019-06-30T12:00:00',
  '-1',
  '1e3',
  '00000000100',
  encodeURIComponent('contract-awarded,,'),
  encodeURIComponent("'; DROP TABLE read_models.mutual_timeline; --"),
  base64url('["2016-01-01:0","1"]'),
  base64url('["2016-01-01:0","99999999999999999999","00000000-0000-4000-8000-000000000000"]'),
  base64url(`${'['.repeat(5000)}${']'.repeat(5000)}`),
  base64url('{"__proto__":{"polluted":true}}'),
  '%E2%80%AE%F0%9F%92%A5',
];

describe('timeline query strings under fuzzing', () => {
  let casebook: Harness;
  let paths: string[];

  beforeAll(async () => {
    casebook = await startCasebook();
    const { studyId, mutualId } = await enrolledCase(casebook, 'Fuzzed Query Trust');
    const last = await casebook.request('POST', `/api/v1/mutuals/${mutualId}/milestones`, {
      type: 'contract-awarded',
      occurredOn: '2016',
      commissioner: 'Fuzz Council',
      startsOn: '2016',
      endsOn: '2019',
    });
    await casebook.projected(last);
    paths = [`/api/v1/mutuals/${mutualId}/timeline`, `/api/v1/studies/${studyId}/timeline`];
  });
  afterAll(async () => {
    await casebook?.close();
  });

  it('answers every hostile query with a 200 or a 4xx problem naming a field', async () => {
    // Values a parameter may well take, so that some queries pass and reach the readers.
    const plausible = fc.constantFrom(
      '2016',
      '2016-06',
      '2016-06-01',
      '2019-06-30T12:00:00Z',
      'contract-awarded',
      '50',
      'north-west',
      'housing',
    );
    const value = fc.oneof(
      { arbitrary: plausible, weight: 3 },
      fc.constantFrom(...HOSTILE),
      fc.string({ unit: 'binary', maxLength: 40 }).map((text) => encodeURIComponent(text.replace(/[\uD800-\uDFFF]/g, '\uFFFD'))),
    );
    const query = fc.array(fc.tuple(fc.constantFrom(...PARAMETERS), value), { minLength: 1, maxLength: 4 });
    const seen = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(0, 1), query, async (which, pairs) => {
        const search = pairs.map(([name, text]) => `${name}=${text}`).join('&');
        const response = await casebook.request('GET', `${paths[which]}?${search}`);
        seen.set(response.status, (seen.get(response.status) ?? 0) + 1);
        if (response.status === 200) {
          expect(Array.isArray(response.body.milestones)).toBe(true);
          return;
        }
        if (!String(response.headers.get('content-type')).includes('problem+json')) {
          throw new Error(
            `${response.status} ${response.headers.get('content-type')} ${JSON.stringify(response.body).slice(0, 300)} for ${search.length} chars`,
          );
        }
        expect(response.status).toBeGreaterThanOrEqual(400);
        expect(response.status).toBeLessThan(500);
        expect(response.headers.get('content-type')).toContain('application/problem+json');
        if (response.status === 400 && Array.isArray(response.body.errors)) {
          expect(response.body.errors.length).toBeGreaterThan(0);
          for (const error of response.body.errors)
            expect(error).toEqual(expect.objectContaining({ field: expect.any(String), rule: expect.any(String) }));
        }
      }),
      { numRuns: 300, seed: 20261203 },
    );
    // Both outcomes were met: the fuzzing reached the readers, not only the refusals.
    expect(seen.get(400)).toBeGreaterThan(0);
    expect(seen.get(200)).toBeGreaterThan(0);
  });
});
