import { z } from 'zod';
import * as domain from '../index.js';
import { errorsOf } from '../../../../test/support/errors-of.js';

const { readBody, CorrectMilestoneBodies, CORRECTION_EXAMPLES, MILESTONE_TYPES } = domain;
const bodies = Object.entries(domain).flatMap(([name, value]) =>
  name.endsWith('Body') && value instanceof z.ZodType ? [[name, value] as [string, z.ZodType]] : [],
);
const examplesOf = (schema: z.ZodType) => Object.entries((schema.meta()?.examples ?? {}) as Record<string, domain.BodyExample>);

describe('the schemas of request bodies', () => {
  it('cover every body the commands read', () => {
    expect(bodies.length).toBeGreaterThanOrEqual(26);
  });

  it.each(bodies)('publish %s under its own name, with a description and examples', (name, schema) => {
    expect(schema.meta()).toMatchObject({ id: name, description: expect.any(String) });
    expect(examplesOf(schema).length).toBeGreaterThan(0);
    for (const [, example] of examplesOf(schema)) expect(example.summary).toEqual(expect.any(String));
  });

  // Read on the day the test runs: dates that must not be in the future stay in the past.
  it.each(bodies)('accept every example %s publishes', (_name, schema) => {
    for (const [, example] of examplesOf(schema)) expect(() => readBody(schema, example.value, new Date().toISOString())).not.toThrow();
  });

  it.each(MILESTONE_TYPES)('accept the correction example of a %s milestone as a correction of that kind', (kind) => {
    expect(() => readBody(CorrectMilestoneBodies[kind], CORRECTION_EXAMPLES[kind].value, new Date().toISOString())).not.toThrow();
  });
});

describe('reading a body', () => {
  const Body = z.strictObject({ name: z.string({ error: () => domain.problem('required', 'is required') }) });

  it('names a body that is not an object, and the fields it then lacks', () => {
    for (const input of [undefined, null, 'text', 7, [1]]) {
      expect(errorsOf(() => readBody(Body, input))).toEqual([
        ['(body)', 'object'],
        ['name', 'required'],
      ]);
    }
  });

  it('says each problem as "<field> <what is wrong>"', () => {
    let refusal: unknown;
    try {
      readBody(domain.RegisterMutualBody, { name: ' ', serviceAreas: ['housing'], extra: 1 });
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(domain.ValidationFailed);
    expect((refusal as domain.ValidationFailed).errors).toEqual([
      { field: 'extra', rule: 'unknown-field', message: 'extra is not a field of this request' },
      { field: 'name', rule: 'not-blank', message: 'name must not be blank' },
    ]);
  });

  it('judges dates by the day of the request, and only when it is given one', () => {
    const body = { type: 'observation', occurredOn: '2026-11-24', text: 'Seen' };
    expect(errorsOf(() => readBody(domain.RecordMilestoneBody, body, '2026-11-23T23:59:59Z'))).toEqual([['occurredOn', 'not-in-future']]);
    expect(readBody(domain.RecordMilestoneBody, body, '2026-11-24T00:00:00Z')).toMatchObject(body);
    expect(() => readBody(domain.RecordMilestoneBody, body)).toThrow(/day of the request/);
  });
});
