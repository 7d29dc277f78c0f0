import { SetMetadata, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { AccountRole } from '@casebook/domain';
import type { Principal } from './principal.js';

export const PUBLIC_ROUTE = 'casebook:public';
export const REQUIRED_ROLE = 'casebook:required-role';

/** Reachable without a token: health and API documentation. */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/** The least role a route needs: viewer < researcher < admin. */
export const RequireRole = (role: AccountRole) => SetMetadata(REQUIRED_ROLE, role);

/** The authenticated principal of the request. */
export const Actor = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  const request = ctx.switchToHttp().getRequest<{ principal?: Principal }>();
  if (!request.principal) throw new Error('Actor used on a route without authentication');
  return request.principal;
});
