import { ForbiddenException, ServiceUnavailableException, UnauthorizedException, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { CUSTOMER_ACCESS, PUBLIC_ROUTE } from './auth.decorators';
import { AuthGuard } from './auth.guard';
import { InvalidTokenError, JwksUnavailableError, type JwtVerifier } from './jwt-verifier';
import type { AuthenticatedRequest, Principal } from './principal';

/** An HTTP context for a handler carrying the given route metadata. */
function context(request: AuthenticatedRequest, metadata: Record<string, boolean> = {}) {
  const headers: Record<string, string> = {};
  const handler = () => undefined;
  for (const [key, value] of Object.entries(metadata)) Reflect.defineMetadata(key, value, handler);
  const ctx = {
    getType: () => 'http',
    getHandler: () => handler,
    getClass: () => class {},
    switchToHttp: () => ({ getRequest: () => request, getResponse: () => ({ header: (name: string, value: string) => (headers[name] = value) }) }),
  } as unknown as ExecutionContext;
  return { ctx, headers };
}

const verifierReturning = (outcome: Principal | Error) =>
  ({ verify: () => (outcome instanceof Error ? Promise.reject(outcome) : Promise.resolve(outcome)) }) as unknown as JwtVerifier;

describe('AuthGuard', () => {
  const customer: Principal = { subject: 'CUST1', roles: [] };
  const admin: Principal = { subject: 'ops', roles: ['admin'] };
  const bearer = { headers: { authorization: 'Bearer a.b.c' } };

  it('lets @Public() routes through without a token', async () => {
    const { ctx } = context({ headers: {} }, { [PUBLIC_ROUTE]: true });
    await expect(new AuthGuard(new Reflector(), verifierReturning(customer)).canActivate(ctx)).resolves.toBe(true);
  });

  it('answers 401 with a Bearer challenge when the token is missing or invalid', async () => {
    const missing = context({ headers: {} });
    await expect(new AuthGuard(new Reflector(), verifierReturning(customer)).canActivate(missing.ctx)).rejects.toBeInstanceOf(UnauthorizedException);
    expect(missing.headers['WWW-Authenticate']).toBe('Bearer');
    const invalid = context({ ...bearer });
    await expect(new AuthGuard(new Reflector(), verifierReturning(new InvalidTokenError('token expired'))).canActivate(invalid.ctx)).rejects.toThrow('token expired');
    expect(invalid.headers['WWW-Authenticate']).toBe('Bearer error="invalid_token"');
  });

  it('keeps routes without @CustomerAccess() to admins', async () => {
    await expect(new AuthGuard(new Reflector(), verifierReturning(customer)).canActivate(context({ ...bearer }).ctx)).rejects.toBeInstanceOf(ForbiddenException);
    await expect(new AuthGuard(new Reflector(), verifierReturning(admin)).canActivate(context({ ...bearer }).ctx)).resolves.toBe(true);
  });

  it('sets the principal on @CustomerAccess() routes', async () => {
    const request: AuthenticatedRequest = { ...bearer };
    await new AuthGuard(new Reflector(), verifierReturning(customer)).canActivate(context(request, { [CUSTOMER_ACCESS]: true }).ctx);
    expect(request.principal).toEqual(customer);
  });

  it('answers 503 when the issuer keys cannot be fetched, and admits everyone as admin under AUTH_MODE=off', async () => {
    await expect(new AuthGuard(new Reflector(), verifierReturning(new JwksUnavailableError('down'))).canActivate(context({ ...bearer }).ctx)).rejects.toBeInstanceOf(
      ServiceUnavailableException,
    );
    const request: AuthenticatedRequest = { headers: {} };
    await expect(new AuthGuard(new Reflector(), undefined).canActivate(context(request).ctx)).resolves.toBe(true);
    expect(request.principal).toMatchObject({ anonymous: true, roles: ['admin'] });
  });
});
