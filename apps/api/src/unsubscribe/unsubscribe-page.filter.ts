// Refusals of the unsubscribe page in the form its caller reads: a person's browser (Accept:
// text/html) gets a page with the same status, a mail client or script the API's problem+json.
// The page says what to do next in plain words; only the problem names the rule.
import { type ArgumentsHost, Catch, type ExceptionFilter, HttpStatus, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PinoLogger } from 'nestjs-pino';
import { DomainError } from '@casebook/domain';
import { TooManyFailedSignIns } from '../auth/failed-sign-ins.js';
import { correlationIdOf } from '../http/correlation-id.js';
import { PROBLEM_CONTENT_TYPE, ProblemDetailsFilter, type ProblemDetails, problemFor } from '../http/problem-details.filter.js';
import { UnsubscribeLinkGone } from './unsubscribe-link.js';
import { HTML_CONTENT_TYPE, PAGE_CONTENT_SECURITY_POLICY, type ProblemPage, problemPage } from './unsubscribe-pages.js';

/** Whether the client names HTML among what it accepts (with a weight above 0), as browsers do. */
export function acceptsHtml(accept: string | undefined): boolean {
  return (accept ?? '').split(',').some((range) => {
    const [type, ...parameters] = range.split(';').map((part) => part.trim().toLowerCase());
    if (type !== 'text/html' && type !== 'application/xhtml+xml') return false;
    const weight = parameters.find((p) => p.startsWith('q='));
    return weight === undefined || Number(weight.slice(2)) > 0;
  });
}

function problemOf(error: unknown): ProblemDetails {
  if (error instanceof UnsubscribeLinkGone) {
    return {
      type: '/problems/unsubscribe-link-gone',
      title: 'The unsubscribe link no longer opts anyone out',
      status: HttpStatus.GONE,
      detail: error.message,
      rule: error.rule,
    };
  }
  return problemFor(error);
}

function pageOf(error: unknown, status: number): ProblemPage {
  if (error instanceof UnsubscribeLinkGone) return error.rule;
  if (error instanceof TooManyFailedSignIns) return 'too-many';
  if (error instanceof DomainError && error.kind === 'not-found') return 'not-found';
  if (status === (HttpStatus.BAD_REQUEST as number)) return 'invalid';
  return 'failed';
}

@Catch()
@Injectable()
export class UnsubscribePageFilter implements ExceptionFilter {
  private readonly problems: ProblemDetailsFilter;

  constructor(private readonly logger: PinoLogger) {
    this.problems = new ProblemDetailsFilter(logger);
  }

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const html = acceptsHtml(request.headers.accept);
    if (!html && !(error instanceof UnsubscribeLinkGone)) {
      this.problems.catch(error, host);
      return;
    }
    const problem = { ...problemOf(error), instance: request.url, correlationId: correlationIdOf(request) };
    if (problem.status >= 500) {
      const err = error instanceof Error ? error : new Error(String(error));
      this.logger.error({ err, method: request.method, statusCode: problem.status }, `unsubscribe page failed: ${err.message}`);
    }
    if (error instanceof TooManyFailedSignIns) void reply.header('retry-after', String(error.retryAfterSeconds));
    void reply.status(problem.status);
    if (html) {
      void reply
        .header('content-type', HTML_CONTENT_TYPE)
        .header('content-security-policy', PAGE_CONTENT_SECURITY_POLICY)
        .send(problemPage(pageOf(error, problem.status)));
    } else {
      void reply.header('content-type', PROBLEM_CONTENT_TYPE).send(problem);
    }
  }
}
