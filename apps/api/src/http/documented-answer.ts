// Routes read often write their answers with Fastify's serializer (fast-json-stringify), compiled
// from the answer the OpenAPI document publishes for them, so the contract is declared once (the
// response DTOs) and what leaves is what it documents: a property it does not name never does.
import type { OpenAPIObject, ReferenceObject, SchemaObject } from '@nestjs/swagger';
import type { FastifyInstance, RouteOptions } from 'fastify';

/** The route config flag (set by @ReadRoute's `serialized`) that asks for a documented serializer. */
export const DOCUMENTED_ANSWER = 'documentedAnswer';

type Schema = SchemaObject | ReferenceObject;
type Components = Record<string, Schema>;

/**
 * Every route flagged with DOCUMENTED_ANSWER gets, as it is registered, a serializer for its 200
 * answer compiled from the document; a flagged route the document gives no JSON answer stops the
 * start-up rather than going out unserialized. Call before the routes are registered (app.init).
 */
export function serializeAnswersAsDocumented(fastify: FastifyInstance, document: OpenAPIObject): void {
  const components = (document.components?.schemas ?? {}) as Components;
  fastify.addHook('onRoute', (route: RouteOptions) => {
    if ((route.config as Record<string, unknown> | undefined)?.[DOCUMENTED_ANSWER] !== true) return;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (!methods.includes('GET') && !methods.includes('HEAD')) throw new Error(`${route.url}: only read routes have a documented answer`);
    const path = route.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    const answer = document.paths[path]?.get?.responses['200'] as { content?: Record<string, { schema?: Schema }> } | undefined;
    const schema = answer?.content?.['application/json']?.schema;
    if (!schema) throw new Error(`OpenAPI: GET ${path} documents no JSON answer to serialize`);
    route.schema = { ...route.schema, response: { 200: serializerSchema(schema, components) } };
  });
}

/**
 * The documented schema as fast-json-stringify reads it, self-contained (references inlined,
 * which also merges the `allOf: [$ref]` @nestjs/swagger writes beside a description). It keeps
 * the shape and drops the rest, so that it never changes a value the handler gives: `required` is
 * left out (a missing property stays missing rather than failing the answer), every value may be
 * null (the serializer would write "" or 0 for a null string or number), and an object documented
 * without properties (milestone details, a source) is written whole. Only properties an object
 * documents are written.
 */
export function serializerSchema(schema: Schema, components: Components, seen: readonly string[] = []): Record<string, unknown> {
  if ('$ref' in schema) {
    const name = schema.$ref.replace('#/components/schemas/', '');
    const target = components[name];
    if (!target) throw new Error(`OpenAPI: ${schema.$ref} is not in the document`);
    if (seen.includes(name)) throw new Error(`OpenAPI: ${name} refers to itself; a documented answer cannot be inlined`);
    return serializerSchema(target, components, [...seen, name]);
  }
  if (schema.allOf?.length === 1) return serializerSchema(schema.allOf[0], components, seen);
  if (schema.allOf || schema.anyOf || schema.oneOf)
    throw new Error('OpenAPI: a documented answer with allOf, anyOf or oneOf is not serialized');
  if (schema.type === 'array') {
    return { type: 'array', nullable: true, ...(schema.items ? { items: serializerSchema(schema.items, components, seen) } : {}) };
  }
  if (schema.type === 'object' || schema.properties) {
    if (!schema.properties) return { type: 'object', nullable: true, additionalProperties: true };
    const properties = Object.fromEntries(
      Object.entries(schema.properties).map(([name, property]) => [name, serializerSchema(property, components, seen)]),
    );
    return { type: 'object', nullable: true, properties, additionalProperties: false };
  }
  // A value documented without a type (none of the answers has one) is written as it is.
  if (!schema.type) return {};
  // Formats are left out: a `date` format would write a Date as its local day.
  return { type: schema.type, nullable: true };
}
