import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import type { AccountRole } from '@casebook/domain';
import { Forbidden } from './auth-errors.js';
import { PUBLIC_ROUTE, REQUIRED_ROLE } from './auth.decorators.js';
import { BearerSignIn } from './bearer-sign-in.js';
import { type Principal, hasRole } from './principal.js';

/** Every route needs a valid bearer token unless marked @Public(); @RequireRole adds a floor. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly signIn: BearerSignIn,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest & { principal?: Principal }>();
    const principal = await this.signIn.principalOf(request);
    const needed = this.reflector.getAllAndOverride<AccountRole | undefined>(REQUIRED_ROLE, targets) ?? 'viewer';
    if (!hasRole(principal, needed)) throw new Forbidden(`This needs the ${needed} role; the account is a ${principal.role}`);
    return true;
  }
}
