import type { SchemaObject } from '@nestjs/swagger';
import { Ajv } from 'ajv';
import fc from 'fast-check';
import { z } from 'zod';
import * as domain from '@casebook/domain';
import { openApiBody } from './openapi-body.js';

const { CorrectMilestoneBodies, FUNDING_TYPES, MILESTONE_TYPES, RecordMilestoneBody, SOURCE_KINDS, ValidationFailed, readBody } = domain;

/** The schema of a property, or of a property of a property... */
const at = (schema: SchemaObject, ...names: string[]): SchemaObject =>
  names.reduce((inner, name) => inner.properties![name] as SchemaObject, schema);

describe('a request body as the OpenAPI document publishes it', () => {
  const { schema, examples } = openApiBody(RecordMilestoneBody);
  const options = schema.oneOf as SchemaObject[];
  const option = (kind: string) => options.find((o) => o.title === kind)!;

  it('gives each milestone kind its own object, told apart by type, refusing unknown fields', () => {
    expect(options.map((o) => o.title)).toEqual([...MILESTONE_TYPES]);
    for (const kind of MILESTONE_TYPES) {
      expect(option(kind)).toMatchObject({ type: 'object', additionalProperties: false, properties: { type: { enum: [kind] } } });
      expect(option(kind).required).toEqual(expect.arrayContaining(['type', 'occurredOn']));
    }
    expect(option('funding-secured').required).toEqual(['type', 'occurredOn', 'funder', 'amountGbp', 'fundingType']);
    expect(Object.keys(option('dissolved').properties!)).toEqual(['type', 'occurredOn', 'reason', 'notes', 'source']);
  });

  it('publishes the rules: enums, partial dates, pence, lengths, and nested objects closed too', () => {
    const funding = option('funding-secured');
    expect(at(funding, 'fundingType')).toMatchObject({ type: 'string', enum: [...FUNDING_TYPES] });
    expect(at(funding, 'amountGbp')).toMatchObject({ type: 'number', minimum: 0, multipleOf: 0.01 });
    expect(at(funding, 'funder')).toMatchObject({
      type: 'string',
      maxLength: 200,
      description: expect.stringContaining('must not be blank'),
    });
    expect(at(funding, 'occurredOn')).toMatchObject({
      type: 'string',
      format: 'partial-date',
      pattern: '^\\d{4}(?:-\\d{2}(?:-\\d{2})?)?$',
    });
    expect(at(funding, 'occurredOn').description).toContain('Not in the future');
    expect(at(funding, 'source')).toMatchObject({
      additionalProperties: false,
      required: ['kind'],
      properties: { kind: { enum: [...SOURCE_KINDS] } },
    });
    expect(at(option('staffing-reported'), 'headcount')).toMatchObject({ type: 'integer', minimum: 0 });
    expect(at(option('governance-changed'), 'boardComposition')).toMatchObject({ type: 'object', additionalProperties: false });
  });

  it('admits null where the API takes it as absent, enums included', () => {
    expect(at(option('governance-changed'), 'legalForm')).toMatchObject({
      nullable: true,
      enum: expect.arrayContaining([null, 'charity']),
    });
    expect(at(option('spun-out'), 'parentBody').nullable).toBeUndefined();
  });

  it('carries the examples beside the schema, one per kind with its summary, and no zod-only keys', () => {
    expect(Object.keys(examples)).toEqual([...MILESTONE_TYPES]);
    for (const example of Object.values(examples)) expect(example).toEqual({ summary: expect.any(String), value: expect.any(Object) });
    expect(JSON.stringify(schema)).not.toMatch(/"\$ref"|"definitions"|"examples"|"id"/);
  });

  it('publishes formats of days, instants, ids and emails', () => {
    const wave = openApiBody(domain.ScheduleWaveBody).schema;
    expect(at(wave, 'opensOn')).toMatchObject({ type: 'string', format: 'date' });
    expect(at(wave, 'remindAt')).toMatchObject({ type: 'string', format: 'date-time' });
    expect(at(wave, 'remindContactIds')).toMatchObject({ type: 'array', maxItems: 50, uniqueItems: true, items: { format: 'uuid' } });
    expect(at(wave, 'waveNumber')).toMatchObject({ type: 'integer', minimum: 1 });
    expect(at(openApiBody(domain.AddContactBody).schema, 'personal', 'email')).toMatchObject({ format: 'email', maxLength: 254 });
  });
});

/**
 * The rules only a description states (trimmed text not blank, calendar dates, no date in the
 * future, rules across fields...): a body the published schema accepts may still be refused by
 * one of these, and by nothing else.
 */
const DESCRIBED_ONLY = new Set([
  'not-blank',
  'partial-date',
  'date',
  'date-time',
  'not-in-future',
  'financial-year',
  'time-zone',
  'not-before-start',
  'not-before-opening',
  'before-window-closes',
  'at-least-one',
  'at-least-one-field',
  'board-total',
  'fte-not-above-headcount',
  'after-from',
]);
const describedOnly = ({ field, rule }: domain.FieldError) =>
  DESCRIBED_ONLY.has(rule) || (rule === 'required' && field.endsWith('source.url'));

const NOW = '2026-11-23T10:00:00.000Z';
const UUID = '3f2c1d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f';
const hostile = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.constantFrom<unknown>(
      null,
      true,
      false,
      0,
      -1,
      1,
      2.5,
      0.29,
      12.345,
      -0.01,
      100.01,
      1e12,
      1e300,
      '',
      ' ',
      '\u0000',
      'x\u0000y',
      '\ud800',
      '\u202e',
      'x'.repeat(5_000),
      '🧪'.repeat(201),
      `  ${'x'.repeat(199)}  `,
      '2012',
      '2012-04',
      '2012-02-30',
      '0999-01-01',
      '2027',
      '2026-11-23',
      '2027-01-10T08:30Z',
      '2027-02-30T08:30:00Z',
      '2027-01-10T08:30:00+15:00',
      'a@b.co',
      ' a@b.co ',
      'a@b',
      'https://example.org',
      'ftp://x',
      'Europe/London',
      'Europe/Atlantis',
      '2018-19',
      '2018-20',
      UUID,
      'not-an-id',
      'housing',
      'director',
      'given',
      'url',
      'other',
      'researcher',
      [],
      [null],
      ['housing', 'housing'],
      [UUID, UUID],
      {},
      { kind: 'url' },
      { kind: 'document', reference: 'r' },
      { name: 'S', email: 'a@b.co' },
      { staff: 2, total: 3 },
    ),
  },
  fc.string({ maxLength: 8 }),
  fc.integer({ min: -5, max: 10_000 }),
  fc.integer({ min: -100_000, max: 100_000 }).map((n) => n / 1000),
  // Numbers of at most three decimals, as people write them: a JSON Schema validator judges
  // multipleOf: 0.01 with a fixed tolerance (multipleOfPrecision), zod with one relative to the
  // value, and on numbers such as 1.49999999999 or 5e-324 the two tolerances disagree.
  fc.jsonValue({ maxDepth: 2 }).filter((value) => !/\d\.\d{4}|\d[eE]/.test(JSON.stringify(value ?? null))),
);
const KEYS = ['name', 'type', 'reason', 'source', 'occurredOn', 'values', 'personal', 'kind', 'total', 'colour', '__proto__', ''];
// Mostly a field's value replaced, so that hostile values meet the rules of every field.
const mutation = fc.record({ at: fc.nat(), op: fc.constantFrom(0, 1, 1, 1, 1, 1, 2, 3, 4), value: hostile, key: fc.constantFrom(...KEYS) });

type Container = Record<string, unknown> | unknown[];
const isContainer = (value: unknown): value is Container => typeof value === 'object' && value !== null;

/** Drops, replaces (with the value, or null) or adds a value somewhere in `seed`, or replaces the whole body. */
function mutate(seed: unknown, mutations: { at: number; op: number; value: unknown; key: string }[]): unknown {
  let body = structuredClone(seed);
  for (const { at, op, value, key } of mutations) {
    const places: [Container, string | number][] = [];
    const walk = (node: unknown) => {
      if (!isContainer(node)) return;
      for (const [k, inner] of Object.entries(node)) {
        places.push([node, Array.isArray(node) ? Number(k) : k]);
        walk(inner);
      }
    };
    walk(body);
    const objects = [body, ...places.map(([parent, k]) => (parent as Record<string, unknown>)[k])].filter(
      (node): node is Record<string, unknown> => isContainer(node) && !Array.isArray(node),
    );
    if (op === 4) body = structuredClone(value);
    else if (op === 3 && objects.length > 0) {
      // defineProperty, so that a field called __proto__ is a field and not the prototype.
      Object.defineProperty(objects[at % objects.length], key, {
        value: structuredClone(value),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    } else if (places.length > 0) {
      const [parent, k] = places[at % places.length];
      if (Array.isArray(parent)) {
        if (op === 0) parent.splice(Number(k), 1);
        else parent[Number(k)] = op === 1 ? structuredClone(value) : null;
      } else if (op === 0) Reflect.deleteProperty(parent, k);
      else parent[k] = op === 1 ? structuredClone(value) : null;
    }
  }
  return body;
}

const bodies: [string, z.ZodType][] = [
  ...Object.entries(domain).flatMap(([name, value]) =>
    name.endsWith('Body') && name !== 'CorrectMilestoneBody' && value instanceof z.ZodType ? [[name, value] as [string, z.ZodType]] : [],
  ),
  ...(['governance-changed', 'staffing-reported', 'turnover-reported'] as const).map((kind): [string, z.ZodType] => [
    `correction of ${kind}`,
    CorrectMilestoneBodies[kind],
  ]),
];

describe('what the published schema accepts, the API accepts', () => {
  const ajv = new Ajv({ strict: false, validateFormats: false, multipleOfPrecision: 10 });
  const seedsOf = (schema: z.ZodType, name: string) => {
    const kind = name.replace('correction of ', '') as domain.MilestoneType;
    const meta = (name.startsWith('correction') ? { examples: { only: domain.CORRECTION_EXAMPLES[kind] } } : schema.meta()) as {
      examples: Record<string, domain.BodyExample>;
    };
    return Object.values(meta.examples).map((example) => example.value);
  };

  it.each(bodies)('%s: generated bodies, valid and hostile', (name, schema) => {
    const validate = ajv.compile(openApiBody(schema).schema);
    fc.assert(
      fc.property(fc.constantFrom(...seedsOf(schema, name)), fc.array(mutation, { maxLength: 3 }), (seed, mutations) => {
        const body = mutate(seed, mutations);
        const published = validate(body);
        let refused: domain.FieldError[] = [];
        try {
          readBody(schema, body, NOW);
        } catch (error) {
          if (!(error instanceof ValidationFailed)) throw error;
          refused = error.errors;
        }
        if (refused.length === 0) expect([body, published]).toEqual([body, true]);
        else if (published) expect([body, refused.filter((e) => !describedOnly(e))]).toEqual([body, []]);
      }),
      { numRuns: 500, plugins: [fc.interruptAfterTimeLimit(15_000)] },
    );
  });
});
