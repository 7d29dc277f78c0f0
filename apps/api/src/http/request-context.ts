import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Principal } from '../auth/principal.js';

export interface RequestContext {
  /** The authenticated account, recorded with every event the request writes. */
  recordedBy: string;
  principal?: Principal;
  idempotencyKey?: string;
  /** From the caller's X-Correlation-Id, or generated for this request. */
  correlationId: string;
  /** This request: the cause of whatever it records. */
  causationId: string;
  ifMatch?: string | string[];
}

export const Context = createParamDecorator((_: unknown, ctx: ExecutionContext): RequestContext => {
  const request = ctx.switchToHttp().getRequest<FastifyRequest & { principal?: Principal }>();
  const header = request.headers['x-correlation-id'];
  const correlationId = typeof header === 'string' && /^[\w.:-]{1,128}$/.test(header) ? header : request.id;
  const idempotencyKey = request.headers['idempotency-key'];
  return {
    correlationId,
    causationId: request.id,
    ifMatch: request.headers['if-match'],
    recordedBy: request.principal?.accountId ?? 'anonymous',
    ...(request.principal ? { principal: request.principal } : {}),
    ...(typeof idempotencyKey === 'string' ? { idempotencyKey } : {}),
  };
});
