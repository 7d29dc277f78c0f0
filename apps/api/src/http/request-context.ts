import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

export interface RequestContext {
  /** From the caller's X-Correlation-Id, or generated for this request. */
  correlationId: string;
  /** This request: the cause of whatever it records. */
  causationId: string;
  ifMatch?: string | string[];
}

export const Context = createParamDecorator((_: unknown, ctx: ExecutionContext): RequestContext => {
  const request = ctx.switchToHttp().getRequest<FastifyRequest>();
  const header = request.headers['x-correlation-id'];
  const correlationId = typeof header === 'string' && /^[\w.:-]{1,128}$/.test(header) ? header : request.id;
  return { correlationId, causationId: request.id, ifMatch: request.headers['if-match'] };
});
