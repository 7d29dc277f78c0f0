// The one form body the API reads: a one-click unsubscribe (RFC 8058) or the page's own form,
// both `List-Unsubscribe=One-Click` as application/x-www-form-urlencoded. Every other route
// refuses a form with the 415 it gives any body that is not JSON, so no handler meets one.
import type { FastifyInstance } from 'fastify';
import { errorCodes } from 'fastify';

export const FORM_CONTENT_TYPE = 'application/x-www-form-urlencoded';

/** RFC 8058's body is 26 bytes; a page's form adds nothing to it. */
export const FORM_LIMIT_BYTES = 4 * 1024;

export function readFormsOn(fastify: FastifyInstance, routePrefix: string): void {
  fastify.addContentTypeParser(FORM_CONTENT_TYPE, { parseAs: 'string', bodyLimit: FORM_LIMIT_BYTES }, (request, body, done) => {
    if (!request.routeOptions.url?.startsWith(routePrefix)) {
      done(new errorCodes.FST_ERR_CTP_INVALID_MEDIA_TYPE(), undefined);
      return;
    }
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });
}
