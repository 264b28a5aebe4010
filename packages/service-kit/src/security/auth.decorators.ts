import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { AuthenticatedRequest, Principal } from './principal';

export const PUBLIC_ROUTE = 'ecom:public-route';
export const CUSTOMER_ACCESS = 'ecom:customer-access';

/** No token needed (health, metrics). */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/**
 * Any authenticated principal may call these routes, and the handler scopes what it returns to
 * the caller (customers see their own). Without it a route is for the `admin` role only, so a new
 * controller is internal until someone decides otherwise.
 */
export const CustomerAccess = () => SetMetadata(CUSTOMER_ACCESS, true);

/** The verified caller of an HTTP request. */
export const CurrentPrincipal = createParamDecorator((_data: unknown, ctx: ExecutionContext): Principal => {
  const principal = ctx.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  // The guard runs first on every route that is not @Public, so this is a wiring bug if it trips.
  if (!principal) throw new Error('@CurrentPrincipal() on a route without authentication');
  return principal;
});
