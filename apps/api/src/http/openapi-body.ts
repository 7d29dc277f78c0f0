// A request body as @ApiBody publishes it, from the domain schema that reads it: the OpenAPI 3.0
// schema zod generates from the very rules the API enforces, and the examples the schema carries
// (each a body the domain's tests read and accept). Use: `@ApiBody(openApiBody(RecordMilestoneBody))`.
import type { ApiQueryOptions, ExamplesObject, SchemaObject } from '@nestjs/swagger';
import { z } from 'zod';

export interface OpenApiBody {
  schema: SchemaObject;
  examples: ExamplesObject;
}

type JsonSchema = Record<string, unknown> & { $ref?: string; definitions?: Record<string, JsonSchema> };

export function openApiBody(body: z.ZodType): OpenApiBody {
  const { id, examples = {} } = (body.meta() ?? {}) as { id?: string; examples?: ExamplesObject };
  const { definitions = {}, ...generated } = z.toJSONSchema(body, { target: 'openapi-3.0', io: 'input' }) as JsonSchema;
  // A schema with an id comes back as a reference to itself under `definitions`, which an OpenAPI
  // document could not resolve; so the body is inlined, and nothing else may sit there.
  const root = generated.$ref ? definitions[generated.$ref.replace('#/definitions/', '')] : generated;
  if (!root || Object.keys(definitions).length > (generated.$ref ? 1 : 0)) {
    throw new Error(`${id ?? 'A body schema'} has nested schemas with ids of their own; only the body itself may have one`);
  }
  // OpenAPI 3.0 schema objects have no `examples`: @ApiBody takes them beside the schema.
  const schema = Object.fromEntries(Object.entries(root).filter(([key]) => key !== 'examples' && key !== 'id'));
  return { schema: nullInEnums(schema) as SchemaObject, examples };
}

/** OpenAPI 3.0.3: `nullable` admits null only if an `enum` beside it lists null too. */
function nullInEnums(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(nullInEnums);
  if (typeof schema !== 'object' || schema === null) return schema;
  const walked = Object.fromEntries(Object.entries(schema).map(([key, value]) => [key, key === 'enum' ? value : nullInEnums(value)]));
  if (walked.nullable === true && Array.isArray(walked.enum) && !walked.enum.includes(null))
    walked.enum = [...(walked.enum as unknown[]), null];
  return walked;
}

/** A query string as OpenAPI lists it: one parameter per field of the domain's query schema. */
export function openApiQuery(query: z.ZodType): ApiQueryOptions[] {
  const { schema } = openApiBody(query);
  const required = new Set(schema.required ?? []);
  const shape = query instanceof z.ZodObject ? (query.shape as Record<string, z.ZodType>) : {};
  return Object.entries(schema.properties ?? {}).map(([name, parameter]) => {
    const example = shape[name] && exampleOf(shape[name]);
    return {
      name,
      required: required.has(name),
      // OpenAPI 3.0 puts a parameter's example in its schema.
      schema: { ...(withoutExamples(parameter) as SchemaObject), ...(example === undefined ? {} : { example }) },
      ...('description' in parameter && typeof parameter.description === 'string' ? { description: parameter.description } : {}),
    };
  });
}

/**
 * The first example a field's schema carries (see withExample), looked for through the
 * wrappers that read it (optional, nullable, transforms), which JSON Schema output drops it with.
 */
function exampleOf(field: z.ZodType): unknown {
  const examples = (field.meta() as { examples?: unknown[] } | undefined)?.examples;
  if (Array.isArray(examples) && examples.length > 0) return examples[0];
  if (field instanceof z.ZodPipe) return exampleOf(field.in as z.ZodType);
  if (field instanceof z.ZodOptional || field instanceof z.ZodNullable) return exampleOf(field.unwrap() as z.ZodType);
  return undefined;
}

/** The schema without `examples`, a keyword OpenAPI 3.0 schemas do not have. */
function withoutExamples(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withoutExamples);
  if (typeof schema !== 'object' || schema === null) return schema;
  return Object.fromEntries(
    Object.entries(schema)
      .filter(([key]) => key !== 'examples')
      .map(([key, value]) => [key, withoutExamples(value)]),
  );
}
