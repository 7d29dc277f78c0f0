// Generated bodies against every write operation the OpenAPI document lists: mutations of its
// examples and schemas, hostile text, deep nesting, random JSON and bodies that are not objects.
// Whatever arrives, the API answers 2xx or a 4xx problem+json (a 400 naming field and rule), a
// refusal stores nothing, and the projector still reaches the head of the store afterwards.
// Operations are read from the document, so a new route is fuzzed the day it is added, and one
// whose path parameters this spec cannot fill fails it.
import { Client } from 'pg';
import fc from 'fast-check';
import { type EventStore, connectEventStore, formatPosition } from '@casebook/event-store';
import { type Harness, type HttpResult, startCasebook } from './support/casebook-harness.js';
import { storedMark as storedMarkOf } from './support/stored-mark.js';

const RUNS_PER_OPERATION = 25;
/** Shared by all operations; each gets an equal part of what is left when its turn comes. */
const FUZZ_BUDGET_MS = 35_000;
const WRITE_METHODS = ['post', 'put', 'patch', 'delete'];

/**
 * Operations that end what later operations work on (a wave's outcome, a contact's erasure, an
 * account's deactivation, the case's withdrawal) go last, in this order, so the others still
 * meet live records and get past the rules to the code behind them.
 */
const ENDS_LAST = [
  /\/completion$/,
  /\/sign-off$/,
  /\/skip$/,
  /\/cancellation$/,
  /\/opt-out$/,
  /^DELETE .*\/contacts\//,
  /^DELETE .*\/tokens\//,
  /^DELETE .*\/calendar-feeds\//,
  /^DELETE .*\/studies\//,
  /\/deactivate$/,
  /\/personal-data$/,
  /\/withdrawal$/,
];

interface Operation {
  key: string;
  method: string;
  path: string;
  pathParameters: string[];
  seeds: unknown[];
}

/** JSON text placed verbatim: numbers JSON.parse cannot keep, nesting too deep to build as values. */
class Raw {
  constructor(readonly text: string) {}
}

function serialize(value: unknown): string {
  if (value instanceof Raw) return value.text;
  if (Array.isArray(value)) return `[${value.map(serialize).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${serialize(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

const nested = (depth: number, leaf: unknown = 1): unknown => {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { nested: value };
  return value;
};
const deeplyNestedText = (depth: number) => new Raw(`${'['.repeat(depth)}1${']'.repeat(depth)}`);

const HOSTILE_PIECES = [
  '\u0000',
  '\ud800',
  '\udc00',
  '\udbff\udfff',
  '\u202e',
  '\u202d',
  '\u2066',
  '\u0007',
  '\u001b[31m',
  '\u0085',
  '\u007f',
  '\ufeff',
  '\u200b',
  '🧪',
  '👩🏽‍🔬',
  '🏳️‍🌈',
  'مؤسسة خيرية',
  'עמותה',
  '\r\n',
  '\t',
  ' ',
  '',
  '%00',
  '${x}',
  '<script>',
  "'; DROP TABLE events; --",
  '../../',
];
const hostileString = fc
  .tuple(fc.string({ maxLength: 8, unit: 'binary' }), fc.constantFrom(...HOSTILE_PIECES), fc.string({ maxLength: 8 }))
  .map(([before, piece, after]) => before + piece + after);
const longString = fc
  .tuple(fc.integer({ min: 1_000, max: 100_000 }), fc.constantFrom('a', 'é', '🧪', ' ', 'x\u0000'))
  .map(([length, unit]) => unit.repeat(Math.ceil(length / unit.length)));
const oddNumber = fc.constantFrom<unknown>(
  0,
  -1,
  -0.5,
  1.5,
  1e308,
  -1e308,
  5e-324,
  Number.MAX_SAFE_INTEGER + 2,
  2 ** 64,
  -(2 ** 63),
  new Raw('1e999'),
  new Raw('-0'),
  new Raw('123456789012345678901234567890'),
  new Raw('0.1e-400'),
);
const oddDate = fc.constantFrom(
  '2025-02-30',
  '9999-12-31',
  '0000-00-00',
  '-2025-01-01',
  '2025-13',
  '20250101',
  '2025-01-01T25:00:00Z',
  '1800',
  'today',
);

/** Values put where a field was (or beside it), fixture ids among them so some reach the rules. */
const strangeValue = (ids: string[]): fc.Arbitrary<unknown> =>
  fc.oneof(
    { weight: 3, arbitrary: hostileString },
    { weight: 1, arbitrary: longString },
    { weight: 2, arbitrary: oddNumber },
    { weight: 1, arbitrary: oddDate },
    { weight: 2, arbitrary: fc.constantFrom<unknown>(null, true, false, [], {}, '', '42', [null], [[]]) },
    { weight: 1, arbitrary: fc.array(hostileString, { maxLength: 3 }) },
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
    { weight: 1, arbitrary: fc.constantFrom<unknown>(nested(50), deeplyNestedText(5_000)) },
    { weight: 1, arbitrary: fc.uuid() },
    { weight: 1, arbitrary: fc.constantFrom(...ids) },
  );

type Mutation =
  | { kind: 'drop'; at: number }
  | { kind: 'replace'; at: number; value: unknown }
  | { kind: 'unknown-field'; at: number; name: string; value: unknown }
  | { kind: 'duplicate'; at: number; value: unknown };

const mutation = (ids: string[]): fc.Arbitrary<Mutation> => {
  const value = strangeValue(ids);
  const at = fc.nat();
  return fc.oneof(
    fc.record({ kind: fc.constant('drop' as const), at }),
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('replace' as const), at, value }) },
    fc.record({
      kind: fc.constant('unknown-field' as const),
      at,
      name: fc.oneof(
        fc.constantFrom('__proto__', 'constructor', 'prototype', 'id', 'version', 'position', 'recordedBy', 'role', ''),
        fc.string({ maxLength: 12 }),
      ),
      value,
    }),
    fc.record({ kind: fc.constant('duplicate' as const), at, value }),
  );
};

type Path = (string | number)[];

/** Every place inside a body a value sits (arrays and objects included), outermost first. */
function placesIn(value: unknown, path: Path = []): Path[] {
  if (value === null || typeof value !== 'object' || value instanceof Raw || path.length > 4) return [];
  return Object.entries(value).flatMap(([k, v]) => {
    const here = [...path, Array.isArray(value) ? Number(k) : k];
    return [here, ...placesIn(v, here)];
  });
}

function containersIn(value: unknown, path: Path = []): Path[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value) || value instanceof Raw || path.length > 4) return [];
  return [path, ...Object.entries(value).flatMap(([k, v]) => containersIn(v, [...path, k]))];
}

const copy = (value: unknown): any =>
  value instanceof Raw
    ? value
    : Array.isArray(value)
      ? value.map(copy)
      : value && typeof value === 'object'
        ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, copy(v)]))
        : value;
const valueAt = (value: any, path: Path) => path.reduce((v, k) => v?.[k], value);

/**
 * Applies mutations to a seed; a duplicated field is written into the JSON text, which is
 * returned. Values are copied in: generated constants are shared between runs.
 */
function mutate(seed: unknown, mutations: Mutation[]): string {
  let body = copy(seed);
  const duplicates: [string, unknown][] = [];
  for (const m of mutations) {
    const places = placesIn(body);
    if (m.kind === 'unknown-field' || places.length === 0) {
      const containers = containersIn(body);
      const value = m.kind === 'drop' ? null : copy(m.value);
      const name = m.kind === 'unknown-field' ? m.name : 'unexpected';
      if (containers.length === 0) body = { [name]: value };
      // defineProperty, so that a field called __proto__ is a field and not the prototype.
      else
        Object.defineProperty(valueAt(body, containers[m.at % containers.length]), name, {
          value,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      continue;
    }
    const place = places[m.at % places.length];
    const parent = valueAt(body, place.slice(0, -1));
    const last = place[place.length - 1];
    if (m.kind === 'drop') {
      if (Array.isArray(parent)) parent.splice(Number(last), 1);
      else Reflect.deleteProperty(parent, last);
    } else if (m.kind === 'replace') {
      parent[last] = copy(m.value);
    } else {
      duplicates.push([String(place[0]), m.value]);
    }
  }
  const text = serialize(body);
  if (duplicates.length === 0 || !text.startsWith('{')) return text;
  const extra = duplicates.map(([k, v]) => `${JSON.stringify(k)}:${serialize(v)}`).join(',');
  return text === '{}' ? `{${extra}}` : `${text.slice(0, -1)},${extra}}`;
}

/** A body shaped like a schema, from its examples, first enum values and formats. */
function sampleOf(schema: any, document: any, depth = 0): unknown {
  if (!schema || depth > 6) return undefined;
  if (schema.$ref)
    return sampleOf(
      schema.$ref
        .replace('#/', '')
        .split('/')
        .reduce((v: any, k: string) => v?.[k], document),
      document,
      depth + 1,
    );
  if (schema.allOf) return sampleOf(schema.allOf[0], document, depth + 1);
  if ('example' in schema) return schema.example;
  if (schema.enum) return schema.enum[0];
  switch (schema.type) {
    case 'object':
      return Object.fromEntries(
        Object.entries(schema.properties ?? {})
          .map(([name, property]) => [name, sampleOf(property, document, depth + 1)])
          .filter(([, value]) => value !== undefined),
      );
    case 'array':
      return [sampleOf(schema.items, document, depth + 1)].filter((v) => v !== undefined);
    case 'string':
      return schema.format === 'date' ? '2026-06-01' : schema.format === 'uuid' ? '6b1d9a7e-0000-4000-8000-000000000000' : 'Some text';
    case 'number':
    case 'integer':
      return 1;
    case 'boolean':
      return true;
    default:
      return undefined;
  }
}

function writeOperations(document: any, fixtureBodies: Record<string, unknown[]>): Operation[] {
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries<any>(document.paths)) {
    if (!path.startsWith('/api/v1/')) continue;
    for (const method of WRITE_METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const key = `${method.toUpperCase()} ${path}`;
      const content = operation.requestBody?.content?.['application/json'];
      const examples = Object.values<any>(content?.examples ?? {}).map((example) => example.value);
      const fromSchema = content?.schema ? [sampleOf(content.schema, document)] : [];
      operations.push({
        key,
        method: method.toUpperCase(),
        path,
        pathParameters: [...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]),
        seeds: [...examples, ...fromSchema, ...(fixtureBodies[key] ?? []), {}],
      });
    }
  }
  const rank = (operation: Operation) => ENDS_LAST.findIndex((pattern) => pattern.test(operation.key)) + 1;
  return operations.sort((a, b) => rank(a) - rank(b));
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** What is wrong with an answer; empty when it is one the API may give. */
function faultsOf(response: HttpResult): string[] {
  const { status, body } = response;
  if (status >= 200 && status < 300) return [];
  if (status < 400 || status >= 500) return [`status ${status}`];
  const faults: string[] = [];
  if (!response.headers.get('content-type')?.startsWith('application/problem+json'))
    faults.push(`content-type ${response.headers.get('content-type')}`);
  if (!isObject(body)) return [...faults, 'no problem object'];
  for (const member of ['type', 'title', 'detail'])
    if (typeof body[member] !== 'string' || body[member] === '') faults.push(`no ${member}`);
  if (body.status !== status) faults.push(`problem status ${String(body.status)}`);
  if (status === 400) {
    const errors = body.errors;
    if (!Array.isArray(errors) || errors.length === 0) faults.push('400 without errors[]');
    else if (
      !errors.every((e) => isObject(e) && typeof e.field === 'string' && e.field !== '' && typeof e.rule === 'string' && e.rule !== '')
    )
      faults.push('an error without field or rule');
  }
  return faults;
}

const shorten = (text: string | undefined, max = 300) =>
  text === undefined ? '(no body)' : text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text;

describe('generated bodies against every write operation', () => {
  let casebook: Harness;
  let store: EventStore;
  let database: Client;
  let document: any;
  let ids: Record<string, string>;
  let fixtureBodies: Record<string, unknown[]>;

  const testsStartedAt = Date.now();
  const day = (offset: number) => new Date(testsStartedAt + offset * 86_400_000).toISOString().slice(0, 10);

  async function created(method: string, path: string, body?: unknown): Promise<HttpResult> {
    const response = await casebook.request(method, path, body);
    if (response.status >= 300) throw new Error(`${method} ${path} answered ${response.status}: ${JSON.stringify(response.body)}`);
    return response;
  }

  beforeAll(async () => {
    casebook = await startCasebook();
    store = await connectEventStore(casebook.config);
    database = new Client({ connectionString: casebook.database.url });
    await database.connect();
    document = (await casebook.request('GET', '/api/docs-json')).body;

    const selection = {
      serviceAreas: ['housing'],
      stageOfDevelopment: 'established',
      turnoverBand: '1m-5m',
      employeeBand: '50-249',
      region: 'london',
      legalForm: 'community-benefit-society',
    };
    const studyId = (await created('POST', '/api/v1/studies', { title: 'Fuzzed study', startsOn: day(-400), endsOn: day(1_000) })).body.id;
    const mutualId = (await created('POST', '/api/v1/mutuals', { name: 'Fuzzed Housing Mutual', serviceAreas: ['housing'] })).body.id;
    const spareMutualId = (await created('POST', '/api/v1/mutuals', { name: 'Spare Housing Mutual', serviceAreas: ['housing'] })).body.id;
    const caseId = (await created('POST', `/api/v1/studies/${studyId}/cases`, { mutualId, selection })).body.id;
    const earlierStudyId = (
      await created('POST', '/api/v1/studies', { title: 'Earlier study', startsOn: day(-3_000), endsOn: day(-2_000) })
    ).body.id;
    const earlierCaseId = (await created('POST', `/api/v1/studies/${earlierStudyId}/cases`, { mutualId, selection })).body.id;
    const contactId = (
      await created('POST', `/api/v1/cases/${caseId}/contacts`, {
        role: 'director',
        consentToContact: true,
        personal: { name: 'Ada Fuzz', email: 'ada@example.org' },
      })
    ).body.id;
    const waveId = (await created('POST', `/api/v1/cases/${caseId}/waves`, { waveNumber: 1, opensOn: day(-30), closesOn: day(30) })).body
      .id;
    await created('POST', `/api/v1/cases/${caseId}/waves/${waveId}/interviews`, {
      role: 'director',
      interviewedOn: day(-2),
      consent: 'given',
    });
    const milestoneId = (
      await created('POST', `/api/v1/mutuals/${mutualId}/milestones`, {
        type: 'spun-out',
        occurredOn: '2012-04',
        parentBody: 'Borough Council',
      })
    ).body.id;
    const account = (await created('POST', '/api/v1/accounts', { displayName: 'Fuzzed Researcher', role: 'researcher' })).body;
    await created('PUT', `/api/v1/accounts/${account.accountId}/studies/${studyId}`);
    const feedId = (await created('POST', `/api/v1/accounts/${account.accountId}/calendar-feeds`)).body.feedId;
    ids = { studyId, mutualId, caseId, contactId, waveId, milestoneId, accountId: account.accountId, tokenId: account.tokenId, feedId };

    // Bodies valid for these records, mutated like the documented ones: without them the rules
    // (dates inside the study, the next wave number) would refuse nearly every run at the door.
    fixtureBodies = {
      [`POST /api/v1/studies/{studyId}/cases`]: [{ mutualId: spareMutualId, selection }],
      [`POST /api/v1/cases/{caseId}/link`]: [{ earlierCaseId, note: 'Followed again' }],
      [`POST /api/v1/cases/{caseId}/waves`]: [
        { waveNumber: 2, opensOn: day(40), closesOn: day(60), remindContactIds: [contactId], remindAt: `${day(35)}T09:00:00Z` },
      ],
      [`PUT /api/v1/cases/{caseId}/waves/{waveId}/window`]: [{ opensOn: day(-20), closesOn: day(35) }],
      [`POST /api/v1/cases/{caseId}/waves/{waveId}/interviews`]: [
        { role: 'director', interviewedOn: day(-1), consent: 'given', contactId },
      ],
      [`POST /api/v1/cases/{caseId}/waves/{waveId}/completion`]: [{ occurredOn: day(-1) }],
      [`PUT /api/v1/mutuals/{mutualId}/milestones/{milestoneId}`]: [
        { occurredOn: '2012-05', values: { parentBody: 'Borough Council' }, reason: 'Month was wrong' },
      ],
      [`POST /api/v1/cases/{caseId}/contacts/{contactId}/opt-out`]: [{ reason: 'Moved away' }],
      [`DELETE /api/v1/cases/{caseId}/contacts/{contactId}`]: [{ requestedBy: 'contact' }],
      [`POST /api/v1/accounts/{accountId}/tokens`]: [{ label: 'laptop' }],
      [`POST /api/v1/accounts/{accountId}/deactivate`]: [{ reason: 'Left the project' }],
    };
  });
  afterAll(async () => {
    await database?.end();
    await store?.close();
    await casebook?.close();
  });

  const storedMark = () => storedMarkOf(casebook, database, store);

  it('can fill the path parameters of every write operation the document lists', () => {
    const operations = writeOperations(document, {});
    expect(operations.length).toBeGreaterThan(0);
    const unfillable = operations
      .filter((operation) => operation.pathParameters.some((name) => !(name in ids)))
      .map((operation) => operation.key);
    expect(unfillable).toEqual([]);
  });

  it('answers every generated body with 2xx or a 4xx problem, storing nothing on a refusal', async () => {
    const operations = writeOperations(document, fixtureBodies);
    const fixtureIds = Object.values(ids);
    const idempotencyKey = fc.option(
      fc.oneof({ weight: 4, arbitrary: fc.uuid() }, fc.constantFrom('fuzz-key-1', 'fuzz-key-2'), fc.stringMatching(/^[ -~]{0,300}$/)),
      { freq: 2 },
    );
    const deadline = Date.now() + FUZZ_BUDGET_MS;
    const failures: string[] = [];
    const runsOf: Record<string, number> = {};

    for (const [index, operation] of operations.entries()) {
      const missing = operation.pathParameters.filter((name) => !(name in ids));
      if (missing.length > 0) {
        failures.push(`${operation.key}: no record for ${missing.join(', ')}`);
        continue;
      }
      const url = operation.path.replace(/\{([^}]+)\}/g, (_, name: string) => ids[name]);
      const seed = fc.constantFrom(...operation.seeds);
      const body: fc.Arbitrary<string | undefined> = fc.oneof(
        { weight: 2, arbitrary: seed.map(serialize) },
        {
          weight: 8,
          arbitrary: fc.tuple(seed, fc.array(mutation(fixtureIds), { minLength: 1, maxLength: 3 })).map(([s, m]) => mutate(s, m)),
        },
        { weight: 1, arbitrary: fc.jsonValue().map(serialize) },
        { weight: 1, arbitrary: strangeValue(fixtureIds).map(serialize) },
        { weight: 1, arbitrary: fc.constantFrom(nested(50), deeplyNestedText(5_000), { notes: deeplyNestedText(5_000) }).map(serialize) },
        { weight: 1, arbitrary: fc.constantFrom(undefined, '', ' ', '{', '[]', 'null', '"text"', '{"a":1}{"b":2}') },
      );
      const seedNumber = Date.now();
      let runs = 0;
      // Each operation gets its share of the time left. A run past it sends nothing, rather than
      // being abandoned mid-request: a write still in flight would land during the next run.
      const operationDeadline = Date.now() + Math.max(1_000, (deadline - Date.now()) / (operations.length - index));
      const details = await fc.check(
        fc.asyncProperty(body, idempotencyKey, async (text, key) => {
          if (Date.now() > operationDeadline) return;
          runs += 1;
          const headers: Record<string, string> = key === null ? {} : { 'idempotency-key': key };
          const before = await storedMark();
          const response = await casebook.request(operation.method, url, text, headers);
          const faults = faultsOf(response);
          if (response.status >= 400 && response.status < 500) {
            const after = await storedMark();
            if (after !== before) faults.push(`stored on a refusal (${before} -> ${after})`);
          }
          if (faults.length > 0) {
            failures.push(
              `${operation.key} answered ${response.status} (${faults.join('; ')}) to ${shorten(text)}${key === null ? '' : ` with Idempotency-Key ${JSON.stringify(key)}`}: ${shorten(JSON.stringify(response.body))} [seed ${seedNumber}]`,
            );
          }
        }),
        {
          numRuns: RUNS_PER_OPERATION,
          seed: seedNumber,
          // Answers are recorded, not thrown, so a run fails only when a request could not be
          // made at all; shrinking would replay requests against a server that has moved on.
          endOnFailure: true,
        },
      );
      if (details.failed) failures.push(`${operation.key}: a run could not be made: ${String(details.errorInstance)} [seed ${seedNumber}]`);
      runsOf[operation.key] = runs;
    }

    expect(failures).toEqual([]);
    // A budget eaten by a few slow operations would leave the rest barely tried.
    expect(Object.entries(runsOf).filter(([, runs]) => runs < 5)).toEqual([]);
  }, 90_000);

  it('keeps the projector up with the head of the store afterwards', async () => {
    // The head from the store, not the last write's answer: account writes answer no position.
    const [head] = await store.readAll({ direction: 'backwards', maxCount: 64 });
    await casebook.projected({ status: 200, headers: new Headers(), body: { position: formatPosition(head.position) } });
    const health = await casebook.request('GET', '/health');
    expect(health.status).toBe(200);
  });
});
