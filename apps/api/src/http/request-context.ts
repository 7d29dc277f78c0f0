import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Principal } from '../auth/principal.js';
import { correlationIdOf } from './correlation-id.js';
import type { WriteRequest } from '@casebook/write-model';
import { expectedVersionFrom } from './if-match.js';

/** A request as the routes see it: who sent it, when, and what it says about the write. */
export interface RequestContext extends WriteRequest {
  principal?: Principal;
  /** When the request was read: the moment its command is made at. */
  now: string;
}

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

export const Context = createParamDecorator((_: unknown, ctx: ExecutionContext): RequestContext => {
  const request = ctx.switchToHttp().getRequest<FastifyRequest & { principal?: Principal }>();
  const correlationId = correlationIdOf(request);
  const idempotencyKey = request.headers['idempotency-key'];
  return {
    correlationId,
    causationId: request.id,
    now: new Date().toISOString(),
    recordedBy: request.principal?.accountId ?? 'anonymous',
    ...(request.principal ? { principal: request.principal } : {}),
    ...(typeof idempotencyKey === 'string' ? { idempotencyKey } : {}),
    // Every write honours If-Match the same way; a read has nothing to compare it with.
    ...(READS.has(request.method) ? {} : { expectedVersion: expectedVersionFrom(request.headers['if-match']) }),
  };
});
