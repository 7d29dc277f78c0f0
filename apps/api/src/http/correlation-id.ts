// The one derivation of a request's correlation id. The events it records, the X-Correlation-Id
// it answers with, its problem body and its log lines all take it from here, so they agree.
import type { IncomingHttpHeaders } from 'node:http';

/** What a caller may send as X-Correlation-Id: short, and safe in a header, a log line and a URL. */
const CALLER_CORRELATION_ID = /^[\w.:-]{1,128}$/;

/**
 * The caller's X-Correlation-Id when it is valid, else the request's own id (a UUID). Takes a
 * Fastify request or the Node request beneath it: both carry the headers and the same id.
 */
export function correlationIdOf(request: { headers: IncomingHttpHeaders; id: string }): string {
  const header = request.headers['x-correlation-id'];
  return typeof header === 'string' && CALLER_CORRELATION_ID.test(header) ? header : request.id;
}
