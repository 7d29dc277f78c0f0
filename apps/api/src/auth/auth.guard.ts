import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import type { AccountRole } from '@casebook/domain';
import { Forbidden, Unauthenticated } from './auth-errors.js';
import { PUBLIC_ROUTE, REQUIRED_ROLE } from './auth.decorators.js';
import { AuthenticationService } from './authentication.service.js';
import { FailedSignIns, bearerOf } from './failed-sign-ins.js';
import { type Principal, hasRole } from './principal.js';

/** Every route needs a valid bearer token unless marked @Public(); @RequireRole adds a floor. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authentication: AuthenticationService,
    private readonly failedSignIns: FailedSignIns,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest & { principal?: Principal }>();
    const token = bearerOf(request);
    if (!token) throw new Unauthenticated();
    await this.failedSignIns.refuseIfBlocked(request, token);
    const principal = await this.authentication.authenticate(token);
    if (!principal) {
      await this.failedSignIns.record(request, token);
      throw new Unauthenticated('The bearer token is unknown, revoked, or its account is deactivated');
    }
    request.principal = principal;
    const needed = this.reflector.getAllAndOverride<AccountRole | undefined>(REQUIRED_ROLE, targets) ?? 'viewer';
    if (!hasRole(principal, needed)) throw new Forbidden(`This needs the ${needed} role; the account is a ${principal.role}`);
    return true;
  }
}
