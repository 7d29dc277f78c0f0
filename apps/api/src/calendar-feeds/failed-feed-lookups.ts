// Failed fetches of calendar feeds are counted like failed sign-ins, per client address and per
// account the address names, on @fastify/rate-limit's counters of their own (in this process's
// memory), with the sign-in limits: past them every fetch, a right one included, is answered
// 429 with Retry-After until the window has passed, so guessing secrets gains nothing by speed.
import type { FastifyRequest } from 'fastify';
import { FailedAttempts } from '../auth/failed-sign-ins.js';
import { parseFeedToken } from './calendar-feed-token.js';

const tokenOf = (request: FastifyRequest): string => {
  const token = (request.params as { token?: unknown } | undefined)?.token;
  return typeof token === 'string' ? token : '';
};

export class FailedFeedLookups extends FailedAttempts {
  constructor() {
    super('calendar-feed', (token) => parseFeedToken(token)?.accountId, tokenOf);
  }
}
