import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { Unauthenticated } from './auth-errors.js';
import { AuthenticationService } from './authentication.service.js';
import { FailedSignIns, bearerOf } from './failed-sign-ins.js';
import type { Principal } from './principal.js';

/**
 * Who a request's bearer token signs in, for every door that takes one (the guard of the Nest
 * routes, the queue board's own hook): refused while its address or account is blocked, and a
 * wrong token counted against both.
 */
@Injectable()
export class BearerSignIn {
  constructor(
    private readonly authentication: AuthenticationService,
    private readonly failedSignIns: FailedSignIns,
  ) {}

  /** Sets and returns `request.principal`; throws Unauthenticated or TooManyFailedSignIns. */
  async principalOf(request: FastifyRequest & { principal?: Principal }): Promise<Principal> {
    const token = bearerOf(request);
    if (!token) throw new Unauthenticated();
    await this.failedSignIns.refuseIfBlocked(request, token);
    const principal = await this.authentication.authenticate(token);
    if (!principal) {
      await this.failedSignIns.record(request, token);
      throw new Unauthenticated('The bearer token is unknown, revoked, or its account is deactivated');
    }
    request.principal = principal;
    return principal;
  }
}
