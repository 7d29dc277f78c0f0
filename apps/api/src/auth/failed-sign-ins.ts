// Failed sign-ins are counted per client address and per account named by the token, with
// @fastify/rate-limit's counters (in this process's memory: each API replica counts its own).
// Past the limit every attempt from that address, or for that account, is refused with 429
// and Retry-After until the window has passed, a correct token included, so guessing gains
// nothing by being fast.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { parseToken } from './access-token.js';

export const FAILED_SIGN_IN_LIMITS = {
  /** One office behind one address may mistype a few tokens; a guessing script makes hundreds. */
  perAddress: { max: 30, timeWindowMs: 60_000 },
  perAccount: { max: 10, timeWindowMs: 60_000 },
} as const;

/** Too many failed sign-ins: 429, with the seconds until the next attempt is heard. */
export class TooManyFailedSignIns extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super(`Too many failed sign-ins from this address or for this account; try again in ${retryAfterSeconds} s`);
  }
}

type Limiter = ReturnType<FastifyInstance['createRateLimit']>;

/**
 * Failed attempts with a token, counted per client address and per account the token names,
 * each kind of attempt under its own counters (`namespace`) with the sign-in limits.
 */
export abstract class FailedAttempts {
  private readonly limiters = new WeakMap<FastifyInstance, Limiter[]>();

  protected constructor(
    private readonly namespace: string,
    /** The account a token names, when it is one of this kind. */
    private readonly accountIdOf: (token: string) => string | undefined,
    /** The token a request carries. */
    private readonly tokenOf: (request: FastifyRequest) => string | undefined,
  ) {}

  /** Throws TooManyFailedSignIns while the address or the token's account is over its limit. */
  async refuseIfBlocked(request: FastifyRequest, token: string): Promise<void> {
    await this.check(request, token, false);
  }

  /** Counts a failed attempt; throws TooManyFailedSignIns when it was one too many. */
  async record(request: FastifyRequest, token: string): Promise<void> {
    await this.check(request, token, true);
  }

  private async check(request: FastifyRequest, token: string, increment: boolean): Promise<void> {
    const accountId = this.accountIdOf(token);
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
          keyGenerator: (req) => `${this.namespace}/address/${req.ip}`,
        }),
        server.createRateLimit({
          max: perAccount.max,
          timeWindow: perAccount.timeWindowMs,
          keyGenerator: (req) => `${this.namespace}/account/${this.accountIdOf(this.tokenOf(req) ?? '') ?? 'none'}`,
        }),
      ];
      this.limiters.set(server, limiters);
    }
    return limiters;
  }
}

export class FailedSignIns extends FailedAttempts {
  constructor() {
    super('sign-in', (token) => parseToken(token)?.accountId, bearerOf);
  }
}

export function bearerOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  return typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header)?.[1] : undefined;
}
