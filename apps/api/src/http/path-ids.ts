// Path parameters are record ids, all UUIDs: one decorator reads them together, and anything
// that is not a UUID cannot name a record, so it is a 404 like any unknown id. The route
// decorators document each `:name` of a path from the same rule.
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { ApiParam } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { NotFound } from '@casebook/domain';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type PathIds<K extends string> = Record<K, string>;

export const Ids = createParamDecorator((_: unknown, ctx: ExecutionContext): Record<string, string> => {
  const params = (ctx.switchToHttp().getRequest<FastifyRequest>().params ?? {}) as Record<string, string>;
  if (!Object.values(params).every((value) => UUID.test(value))) throw new NotFound('record', 'with that id');
  return params;
});

/** A path parameter that names something other than a record: read by its route, not by `Ids`. */
export interface PathParam {
  description: string;
  enum?: readonly string[];
}

/** The ApiParam of every `:name` in a route path: a record's id unless `others` describes it. */
export function documentIds(path: string | undefined, others: Record<string, PathParam> = {}): (MethodDecorator & ClassDecorator)[] {
  return [...(path ?? '').matchAll(/:(\w+)/g)].map(([, name]) =>
    others[name]
      ? ApiParam({ name, type: String, description: others[name].description, ...(others[name].enum && { enum: [...others[name].enum] }) })
      : ApiParam({ name, type: String, format: 'uuid', description: `The ${name.replace(/Id$/, '')}'s id` }),
  );
}
