// Every read route is declared with @ReadRoute, every controller with @ApiController: one
// decorator each that routes, guards and documents alike, so no route repeats the stack.
import { Controller, Get, applyDecorators } from '@nestjs/common';
import type { Type } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { RouteConfig } from '@nestjs/platform-fastify';
import type { ZodType } from 'zod';
import type { AccountRole } from '@casebook/domain';
import { RequireRole } from '../auth/auth.decorators.js';
import { DOCUMENTED_ANSWER } from './documented-answer.js';
import { openApiQuery } from './openapi-body.js';
import { type PathParam, documentIds } from './path-ids.js';

/** A controller of the API: authenticated with a bearer token, grouped under a tag. */
export const ApiController = (tag: string, path: string) =>
  applyDecorators(ApiBearerAuth(), ApiTags(tag), Controller(path), ...documentIds(path));

export interface ReadRouteOptions {
  path?: string;
  summary: string;
  description?: string;
  /** The answer's class; in a list for a list. */
  answer: Type | [Type];
  /** Who may not read it, when not every account may. */
  forbidden?: string;
  /** What a 404 means here, when the route looks a record up. */
  notFound?: string;
  /** The least role, when more than a viewer's. */
  role?: AccountRole;
  /** The domain's schema of the query string, which reads it and documents it. */
  query?: ZodType;
  /** Path parameters that are not record ids: their description and allowed values. */
  pathParams?: Record<string, PathParam>;
  /** Media types answered instead of JSON (a download), each with what it holds. */
  produces?: Record<string, string>;
  /**
   * For routes read often: the answer is written by a serializer compiled from its documented
   * schema (documented-answer.ts), faster than JSON.stringify, and only documented properties leave.
   */
  serialized?: boolean;
}

export const ReadRoute = (options: ReadRouteOptions) =>
  applyDecorators(
    Get(options.path),
    ...documentIds(options.path, options.pathParams),
    ...(options.role ? [RequireRole(options.role)] : []),
    ...(options.serialized ? [RouteConfig({ [DOCUMENTED_ANSWER]: true })] : []),
    ApiOperation({ summary: options.summary, ...(options.description ? { description: options.description } : {}) }),
    options.produces
      ? ApiOkResponse({
          description: Object.values(options.produces).join('; '),
          content: Object.fromEntries(
            Object.entries(options.produces).map(([type, description]) => [type, { schema: { type: 'string', description } }]),
          ),
        })
      : ApiOkResponse({ type: options.answer }),
    ...(options.forbidden ? [ApiForbiddenResponse({ description: options.forbidden })] : []),
    ...(options.notFound ? [ApiNotFoundResponse({ description: options.notFound })] : []),
    ...(options.query
      ? [
          ...openApiQuery(options.query).map((parameter) => ApiQuery(parameter)),
          ApiBadRequestResponse({ description: 'problem+json naming each invalid parameter and rule' }),
        ]
      : []),
  );
