// Everything about the HTTP surface that is not a route: error format, OpenAPI, correlation
// ids, graceful shutdown. main.ts and the e2e tests both call it, so tests exercise the same app.
import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import compress from '@fastify/compress';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Logger, PinoLogger } from 'nestjs-pino';
import { ApiMetrics } from '../metrics/api-metrics.js';
import { mountQueueBoard } from '../queues/queue-board.js';
import { correlationIdOf } from './correlation-id.js';
import { serializeAnswersAsDocumented } from './documented-answer.js';
import { BODY_LIMIT_BYTES, readJsonBody } from './json-body.js';
import { serveOpenApiDocument } from './openapi-document.js';
import { PROBLEM_CONTENT_TYPE, ProblemDetailsFilter, problemFor } from './problem-details.filter.js';
import { linkRequestsForLogging } from './request-logging.js';

export function createFastifyAdapter(): FastifyAdapter {
  return new FastifyAdapter({
    genReqId: () => randomUUID(),
    bodyLimit: BODY_LIMIT_BYTES,
    // Fastify would answer a path segment over 100 characters with a plain-text 414 before any
    // route runs; let it reach the route, whose id check answers like any other unknown id.
    // Node's 16 KiB header limit still bounds the whole URL.
    maxParamLength: 16 * 1024,
    clientErrorHandler: answerClientError,
    // A path that is not valid percent-encoding (`%FF`, an encoded lone surrogate) is refused
    // before any route or hook runs: it leaves as problem+json like every other refusal.
    frameworkErrors: (error: Error, request: FastifyRequest, reply: FastifyReply) => {
      void reply
        .code(400)
        .header('content-type', PROBLEM_CONTENT_TYPE)
        .header('cache-control', 'no-store')
        .header('x-correlation-id', correlationIdOf(request))
        .send(JSON.stringify({ ...problemFor(error), instance: request.url, correlationId: correlationIdOf(request) }));
    },
  });
}

/**
 * Requests Node's parser refuses before Fastify sees them (a URL or headers over 16 KiB, a
 * malformed request line) are answered as problem+json too, like every other refusal.
 */
function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  if (socket.destroyed || !socket.writable) return;
  const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
  const detail =
    status === 431
      ? 'The request line and headers together may be at most 16 KiB; a query string counts towards it'
      : status === 408
        ? 'The request did not arrive in time'
        : 'The request is not valid HTTP';
  const body = JSON.stringify({
    type: `/problems/${status === 431 ? 'headers-too-large' : status === 408 ? 'request-timeout' : 'malformed-request'}`,
    title: STATUS_CODES[status],
    status,
    detail,
  });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

/** Options for NestFactory.create: the body parsers are this file's (JSON only), not Nest's defaults. */
export const HTTP_APP_OPTIONS = { bodyParser: false } as const;

export async function configureHttpApp(app: NestFastifyApplication): Promise<void> {
  app.enableShutdownHooks();
  // Nest's own lines (start-up, routes, shutdown) go through the app's pino logger too.
  app.useLogger(app.get(Logger));
  app.useGlobalFilters(new ProblemDetailsFilter(await app.resolve(PinoLogger)));
  const fastify = app.getHttpAdapter().getInstance();
  linkRequestsForLogging(fastify);
  // JSON is the only body the API reads; anything else is 415 rather than a string or a form
  // that the handlers would have to refuse one by one.
  fastify.removeContentTypeParser('text/plain');
  app.useBodyParser('application/json', { bodyLimit: BODY_LIMIT_BYTES }, (_request, body, done) => {
    try {
      done(null, readJsonBody(body));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
  // Helmet's defaults suit an API and the documentation page alike (Swagger UI loads only
  // scripts of its own origin).
  await app.register(helmet, { global: true });
  await app.register(compress, { global: true, threshold: 1024 });
  // Only failed sign-ins are limited (auth/failed-sign-ins.ts), so the plugin adds no global hook.
  await app.register(rateLimit, { global: false });
  const metrics = app.get(ApiMetrics);
  fastify.addHook('onResponse', (request, reply, done) => {
    // The route's template (`/api/v1/mutuals/:mutualId`), never the URL, so ids make no new series.
    metrics.recordRequest(request.method, request.routeOptions.url ?? 'unmatched', reply.statusCode, reply.elapsedTime / 1000);
    done();
  });
  fastify.addHook('onSend', async (request, reply, payload) => {
    reply.header('x-correlation-id', correlationIdOf(request));
    // Answers to a bearer token (and refusals of one) are someone's data: no cache keeps them.
    if (!request.url.startsWith('/api/docs')) reply.header('cache-control', 'no-store');
    return asProblemIfFrameworkError(request, reply, payload);
  });
  // After the hooks above, which its routes share; before the documentation, whose static files
  // would otherwise claim the reply decorator the board's own need.
  await mountQueueBoard(app);
  // Before Nest registers the routes (app.init): the hot reads' serializers are compiled from the document.
  serializeAnswersAsDocumented(fastify, serveOpenApiDocument(app));
}

/**
 * Errors Fastify answers before any route runs (an unroutable URL, a path segment too long)
 * arrive here in its own JSON shape; they leave as the same problem+json as every other error.
 */
function asProblemIfFrameworkError(request: FastifyRequest, reply: FastifyReply, payload: unknown): unknown {
  if (reply.statusCode < 400 || typeof payload !== 'string') return payload;
  if (String(reply.getHeader('content-type') ?? '').includes('problem+json')) return payload;
  let parsed: { statusCode?: unknown; message?: unknown; code?: unknown } | undefined;
  try {
    parsed = JSON.parse(payload) as typeof parsed;
  } catch {
    return payload;
  }
  if (typeof parsed?.statusCode !== 'number') return payload;
  const error = Object.assign(new Error(typeof parsed.message === 'string' ? parsed.message : ''), {
    statusCode: parsed.statusCode,
    code: parsed.code,
  });
  reply.header('content-type', PROBLEM_CONTENT_TYPE);
  return JSON.stringify({ ...problemFor(error), instance: request.url, correlationId: correlationIdOf(request) });
}
