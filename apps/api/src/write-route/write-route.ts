// Every write route is declared with @WriteRoute: one decorator that routes it, sets its role and
// status, opts it into Idempotency-Key and If-Match, and documents all of that with its body,
// its answer (WriteAnswer, with the ETag) and its errors. The interceptor beside it applies the
// Idempotency-Key and the answer's headers, so no route does either by hand.
import { Delete, HttpCode, Patch, Post, Put, SetMetadata, applyDecorators } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOperation,
  ApiProperty,
  ApiResponse,
} from '@nestjs/swagger';
import type { Type } from '@nestjs/common';
import type { ZodType } from 'zod';
import type { AccountRole } from '@casebook/domain';
import { formatPosition } from '@casebook/event-store';
import { RequireRole } from '../auth/auth.decorators.js';
import { openApiBody } from '../http/openapi-body.js';
import { documentIds } from '../http/path-ids.js';
import type { WriteResult } from '@casebook/write-model';

export const WRITE_ROUTE = 'casebook:write-route';

/** The answer to every write: the record's id, the aggregate's new version, and where to wait. */
export class WriteAnswer {
  @ApiProperty({ format: 'uuid', description: 'Id of the record created or changed' })
  id!: string;

  @ApiProperty({ example: 2, description: 'Version of the aggregate after this write; also sent as the ETag' })
  version!: number;

  @ApiProperty({
    example: '7481/118',
    description: 'Position of the write in the event log; read models at or past it include it. Empty when nothing changed.',
  })
  position!: string;
}

/** WriteAnswer as data, which is what routes send. */
export type WriteAnswerData = Pick<WriteAnswer, keyof WriteAnswer>;

export function answer(id: string, result: WriteResult): WriteAnswerData {
  // A write that changed nothing appended nothing, so it has no position.
  return { id, version: result.version, position: result.position ? formatPosition(result.position) : '' };
}

export interface WriteRouteOptions {
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path?: string;
  status: 200 | 201;
  role: AccountRole;
  summary: string;
  description?: string;
  /** The domain's schema of the request body, which reads it and documents it; absent for routes that read none. */
  body?: ZodType;
  /** The body may be left out (read as `{}`). */
  bodyOptional?: boolean;
  /** The answer's class, when it says more than WriteAnswer. */
  answer?: Type;
  /** The rules of the record that refuse this write with 409, besides a stale If-Match. */
  conflicts?: string;
  /** What a 404 means here, when the route looks a record up. */
  notFound?: string;
  /** Where the record created lives (the Location header), from the answer. */
  location?: (answer: WriteAnswerData) => string;
  /** A field of the answer shown once and never kept, so a replay answers without it. */
  secret?: string;
}

const METHODS = { POST: Post, PUT: Put, PATCH: Patch, DELETE: Delete };

export const WriteRoute = (options: WriteRouteOptions) =>
  applyDecorators(
    METHODS[options.method](options.path),
    ...documentIds(options.path),
    HttpCode(options.status),
    RequireRole(options.role),
    SetMetadata(WRITE_ROUTE, options),
    ApiOperation({ summary: options.summary, ...(options.description ? { description: options.description } : {}) }),
    ...(options.body ? [ApiBody({ ...openApiBody(options.body), required: !options.bodyOptional })] : []),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description:
        'Retrying with the same key returns the first answer (with `Idempotent-Replayed: true`) and records nothing twice' +
        (options.secret ? `; the replay leaves out \`${options.secret}\`, which is shown once and never kept` : ''),
    }),
    ApiHeader({
      name: 'If-Match',
      required: false,
      description: 'The ETag last read; the write is refused (409) if the record has changed since',
    }),
    ApiResponse({
      status: options.status,
      type: options.answer ?? WriteAnswer,
      headers: {
        ETag: { description: 'The version of the record after the write, e.g. "3"; send it back as If-Match', schema: { type: 'string' } },
        ...(options.location ? { Location: { description: 'Where the record created can be read', schema: { type: 'string' } } } : {}),
      },
    }),
    ApiBadRequestResponse({ description: 'problem+json naming each invalid field and rule, or a malformed If-Match or Idempotency-Key' }),
    ApiForbiddenResponse({
      description: `Needs the ${options.role} role${options.role === 'admin' ? '' : ", and membership of the record's study"}`,
    }),
    ...(options.notFound ? [ApiNotFoundResponse({ description: options.notFound })] : []),
    ApiConflictResponse({
      description: `Stale If-Match (with \`currentVersion\`), an Idempotency-Key in use${options.conflicts ? `, or a rule of the record: ${options.conflicts}` : ''}`,
    }),
  );
