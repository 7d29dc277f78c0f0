// What the API logs of a request (pino-http, through nestjs-pino): one line when it completes,
// and its correlation id and request id bound onto every line written while it is handled.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Options } from 'pino-http';
import type { Principal } from '../auth/principal.js';
import { correlationIdOf } from './correlation-id.js';

type LoggedRequest = FastifyRequest & { principal?: Principal };

// pino-http sees Node's request; the route it matched and the account that signed in (set by
// the auth guard, after pino-http has started) are on Fastify's, read when the line is written.
const fastifyRequests = new WeakMap<IncomingMessage, LoggedRequest>();

export function linkRequestsForLogging(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, _reply, done) => {
    fastifyRequests.set(request.raw, request);
    done();
  });
}

function completion(req: IncomingMessage, res: ServerResponse, durationMs: unknown): object {
  const request = fastifyRequests.get(req);
  return {
    method: req.method,
    // The pattern (`/api/v1/mutuals/:mutualId/milestones`) groups requests; the url tells them apart.
    route: request?.routeOptions.url,
    url: request?.url ?? req.url,
    statusCode: res.statusCode,
    durationMs,
    accountId: request?.principal?.accountId,
  };
}

export const REQUEST_LOGGING: Options = {
  // Fastify's request id (set on Node's request by the middleware layer), so the log and the
  // recorded events' causationId name a request alike.
  genReqId: (req) => req.id || randomUUID(),
  // Bound to every line written while the request is handled, and to its completion line.
  customProps: (req) => {
    // Always a string here: Fastify's UUID, or one made above.
    const requestId = req.id as string;
    return { requestId, correlationId: correlationIdOf({ headers: req.headers, id: requestId }) };
  },
  // A request object is never written: its headers carry bearer tokens. The lines carry the
  // ids above, and the completion line the fields of `completion`.
  wrapSerializers: false,
  serializers: { req: () => undefined },
  quietResLogger: true,
  customAttributeKeys: { responseTime: 'durationMs' },
  customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : 'info'),
  customSuccessMessage: () => 'request completed',
  customErrorMessage: () => 'request failed',
  customSuccessObject: (req, res, value: { durationMs?: number }) => completion(req, res, value.durationMs),
  // The cause of a failure, with its stack, is the exception filter's line; this one is the summary.
  customErrorObject: (req, res, _error, value: { durationMs?: number }) => completion(req, res, value.durationMs),
};
