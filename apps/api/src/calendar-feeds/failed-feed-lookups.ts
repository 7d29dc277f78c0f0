// Failed fetches of calendar feeds are counted like failed sign-ins, per client address and per
// account the address names, on @fastify/rate-limit's counters of their own (in this process's
// memory), with the sign-in limits: past them every fetch, a right one included, is answered
// 429 with Retry-After until the window has passed, so guessing secrets gains nothing by speed.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { FAILED_SIGN_IN_LIMITS, TooManyFailedSignIns } from '../auth/failed-sign-ins.js';
import { parseFeedToken } from './calendar-feed-token.js';

type Limiter = ReturnType<FastifyInstance['createRateLimit']>;

const tokenOf = (request: FastifyRequest): string => {
  const token = (request.params as { token?: unknown } | undefined)?.token;
  return typeof token === 'string' ? token : '';
};

export class FailedFeedLookups {
  private readonly limiters = new WeakMap<FastifyInstance, Limiter[]>();

  /** Throws TooManyFailedSignIns while the address or the account the token names is over its limit. */
  async refuseIfBlocked(request: FastifyRequest, token: string): Promise<void> {
    await this.check(request, token, false);
  }

  /** Counts a failed fetch; throws TooManyFailedSignIns when it was one too many. */
  async record(request: FastifyRequest, token: string): Promise<void> {
    await this.check(request, token, true);
  }

  private async check(request: FastifyRequest, token: string, increment: boolean): Promise<void> {
    const accountId = parseFeedToken(token)?.accountId;
    const [byAddress, byAccount] = this.limitersOf(request.server);
    const results = [await byAddress(request, { increment }), ...(accountId ? [await byAccount(request, { increment })] : [])];
    const exceeded = results.filter((r) => !r.isAllowed && r.isExceeded);
    if (exceeded.length > 0) {
      throw new TooManyFailedSignIns(Math.max(1, ...exceeded.map((r) => (r.isAllowed ? 0 : r.ttlInSeconds))));
    }
  }

  private limitersOf(server: FastifyInstance): Limiter[] {
    let limiters = this.limiters.get(server);
    if (!limiters) {
      const { perAddress, perAccount } = FAILED_SIGN_IN_LIMITS;
      limiters = [
        server.createRateLimit({
          max: perAddress.max,
          timeWindow: perAddress.timeWindowMs,
          keyGenerator: (req) => `calendar-feed/address/${req.ip}`,
        }),
        server.createRateLimit({
          max: perAccount.max,
          timeWindow: perAccount.timeWindowMs,
          keyGenerator: (req) => `calendar-feed/account/${parseFeedToken(tokenOf(req))?.accountId ?? 'none'}`,
        }),
      ];
      this.limiters.set(server, limiters);
    }
    return limiters;
  }
}
