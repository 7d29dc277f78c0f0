// The one place errors become HTTP responses: RFC 9457 problem+json, with the field and rule
// named for bad input. Controllers and handlers only throw.
import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { PinoLogger } from 'nestjs-pino';
import { DomainError, type FieldError } from '@casebook/domain';
import { VersionConflict } from '@casebook/write-model';
import { Forbidden, Unauthenticated } from '../auth/auth-errors.js';
import { TooManyFailedSignIns } from '../auth/failed-sign-ins.js';
import { IdempotencyConflict } from '../write-route/idempotency-errors.js';
import { correlationIdOf } from './correlation-id.js';
import { BadRequestHeader } from './if-match.js';

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export function problemFor(error: unknown): ProblemDetails {
  if (error instanceof DomainError) {
    switch (error.kind) {
      case 'validation-failed': {
        const { errors } = error as DomainError & { errors: FieldError[] };
        return {
          type: '/problems/validation-failed',
          title: 'The request has invalid fields',
          status: HttpStatus.BAD_REQUEST,
          detail: errors.map((e) => e.message).join('; '),
          errors,
        };
      }
      case 'not-found':
        return { type: '/problems/not-found', title: 'Not found', status: HttpStatus.NOT_FOUND, detail: error.message };
      case 'not-permitted':
        return {
          type: '/problems/forbidden',
          title: 'Not allowed',
          status: HttpStatus.FORBIDDEN,
          detail: error.message,
          rule: (error as DomainError & { rule: string }).rule,
        };
      case 'rule-violated':
        return {
          type: '/problems/rule-violated',
          title: 'The request contradicts the record',
          status: HttpStatus.CONFLICT,
          detail: error.message,
          rule: (error as DomainError & { rule: string }).rule,
        };
    }
  }
  if (error instanceof Unauthenticated) {
    return { type: '/problems/unauthenticated', title: 'Sign-in needed', status: HttpStatus.UNAUTHORIZED, detail: error.message };
  }
  if (error instanceof TooManyFailedSignIns) {
    return {
      type: '/problems/too-many-failed-sign-ins',
      title: 'Too many failed sign-ins',
      status: HttpStatus.TOO_MANY_REQUESTS,
      detail: error.message,
      retryAfterSeconds: error.retryAfterSeconds,
    };
  }
  if (error instanceof Forbidden) {
    return { type: '/problems/forbidden', title: 'Not allowed', status: HttpStatus.FORBIDDEN, detail: error.message };
  }
  if (error instanceof IdempotencyConflict) {
    return {
      type: `/problems/idempotency-${error.reason}`,
      title: error.reason === 'mismatch' ? 'Idempotency-Key reused' : 'Request in progress',
      status: error.reason === 'mismatch' ? HttpStatus.UNPROCESSABLE_ENTITY : HttpStatus.CONFLICT,
      detail: error.message,
    };
  }
  if (error instanceof VersionConflict) {
    return {
      type: '/problems/version-conflict',
      title: 'The record has changed',
      status: HttpStatus.CONFLICT,
      detail: error.message,
      currentVersion: error.currentVersion,
    };
  }
  if (error instanceof BadRequestHeader) {
    return {
      type: '/problems/validation-failed',
      title: 'The request has invalid fields',
      status: HttpStatus.BAD_REQUEST,
      detail: error.message,
      errors: [{ field: error.header, rule: error.rule, message: error.message }],
    };
  }
  if (error instanceof HttpException && BODY_STATUSES[error.getStatus()]) {
    const { rule, message } = BODY_STATUSES[error.getStatus()];
    return {
      type: '/problems/unreadable-body',
      title: 'The request body could not be read',
      status: error.getStatus(),
      detail: message,
      errors: [{ field: '(body)', rule, message }],
    };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const response = error.getResponse();
    const detail = typeof response === 'string' ? response : ((response as { message?: unknown }).message ?? error.message);
    return {
      type: 'about:blank',
      title: HttpStatus[status]?.replace(/_/g, ' ').toLowerCase() ?? 'error',
      status,
      detail: typeof detail === 'string' ? detail : JSON.stringify(detail),
    };
  }
  if (isUnavailable(error)) {
    return {
      type: '/problems/store-unavailable',
      title: 'A store is unavailable',
      status: HttpStatus.SERVICE_UNAVAILABLE,
      detail: 'The event store or database did not answer; nothing was recorded. Try again shortly.',
    };
  }
  // Fastify's own errors (malformed JSON, wrong content type, body too large) carry a status.
  const statusCode = (error as { statusCode?: unknown })?.statusCode;
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
    const code = (error as { code?: string }).code;
    const isBody = code?.startsWith('FST_ERR_CTP') ?? false;
    return {
      type: isBody ? '/problems/unreadable-body' : 'about:blank',
      title: isBody ? 'The request body could not be read' : (HttpStatus[statusCode]?.replace(/_/g, ' ').toLowerCase() ?? 'bad request'),
      status: statusCode,
      detail: (error as Error).message,
      ...(isBody ? { errors: [{ field: '(body)', rule: 'json', message: (error as Error).message }] } : {}),
    };
  }
  return {
    type: 'about:blank',
    title: 'Internal server error',
    status: HttpStatus.INTERNAL_SERVER_ERROR,
    detail: 'The server failed to handle the request; nothing was recorded. The error is logged with the correlation id.',
  };
}

/** Refusals of a body as a whole, which the framework raises before any route reads it. */
const BODY_STATUSES: Record<number, { rule: string; message: string }> = {
  [HttpStatus.PAYLOAD_TOO_LARGE]: { rule: 'max-size', message: 'The body is larger than the 1 MiB the API accepts' },
  [HttpStatus.UNSUPPORTED_MEDIA_TYPE]: { rule: 'media-type', message: 'The API reads only application/json bodies' },
};

/** Connection failures of the event store client or the database driver. */
function isUnavailable(error: unknown): boolean {
  const { type, code, message } = (error ?? {}) as { type?: unknown; code?: unknown; message?: unknown };
  // 14 is gRPC's UNAVAILABLE, which the EventStoreDB client passes on raw from some calls.
  if (type === 'unavailable' || type === 'deadline-exceeded' || code === 14) return true;
  if (code === 'ECONNREFUSED' || code === 'ECONNRESET' || code === 'EPIPE' || code === 'ETIMEDOUT') return true;
  // PostgreSQL's connection exceptions (class 08) and shutdowns (57P01-57P03).
  if (typeof code === 'string' && (code.startsWith('08') || /^57P0[123]$/.test(code))) return true;
  // node-postgres reports a connection lost mid-query with a message and no code.
  return typeof message === 'string' && /^Connection terminated|^timeout exceeded when trying to connect/.test(message);
}

function isHealthReport(body: unknown): boolean {
  return typeof body === 'object' && body !== null && 'status' in body && 'details' in body && 'error' in body;
}

@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  /** Writes in the request's logging context, so the line carries its correlation id. */
  constructor(private readonly logger: PinoLogger) {
    logger.setContext('http');
  }

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    // A failing health check answers 503 with its full report: monitors read which part is down.
    if (error instanceof HttpException && isHealthReport(error.getResponse())) {
      void reply.status(error.getStatus()).send(error.getResponse());
      return;
    }
    // The correlation id lets a caller quote any refusal, and names the log line of a failure.
    const problem = { ...problemFor(error), instance: request.url, correlationId: correlationIdOf(request) };
    if (problem.status >= 500) {
      const err = error instanceof Error ? error : new Error(String(error));
      this.logger.error(
        { err, method: request.method, url: request.url, statusCode: problem.status },
        `${request.method} ${request.url} failed: ${err.message}`,
      );
    }
    if (problem.status === (HttpStatus.UNAUTHORIZED as number)) void reply.header('www-authenticate', 'Bearer realm="casebook"');
    if (error instanceof TooManyFailedSignIns) void reply.header('retry-after', String(error.retryAfterSeconds));
    void reply.status(problem.status).header('content-type', PROBLEM_CONTENT_TYPE).send(problem);
  }
}
