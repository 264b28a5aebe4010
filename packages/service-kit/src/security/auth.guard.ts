import { ForbiddenException, Inject, Injectable, Logger, ServiceUnavailableException, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { CUSTOMER_ACCESS, PUBLIC_ROUTE } from './auth.decorators';
import { InvalidTokenError, JwksUnavailableError, JwtVerifier } from './jwt-verifier';
import { ADMIN_ROLE, isAdmin, type AuthenticatedRequest, type Principal } from './principal';

export const JWT_VERIFIER = Symbol('JWT_VERIFIER');

/** The part of Fastify's reply this guard uses. */
interface HeaderSetter {
  header(name: string, value: string): unknown;
}

/** Under AUTH_MODE=off every request is this: the seed's unauthenticated behaviour. */
const ANONYMOUS: Principal = { subject: 'anonymous', roles: [ADMIN_ROLE], anonymous: true };

/**
 * Global guard: a valid bearer token on every HTTP route not marked `@Public()`; the `admin` role
 * unless the route is `@CustomerAccess()`. Messaging handlers are not HTTP and pass.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(JWT_VERIFIER) private readonly verifier: JwtVerifier | undefined,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const response = context.switchToHttp().getResponse<HeaderSetter>();
    request.principal = this.verifier ? await this.authenticate(this.verifier, request, response) : ANONYMOUS;
    if (!this.reflector.getAllAndOverride<boolean>(CUSTOMER_ACCESS, targets) && !isAdmin(request.principal)) {
      throw new ForbiddenException('this endpoint is internal: it needs the admin role');
    }
    return true;
  }

  private async authenticate(verifier: JwtVerifier, request: AuthenticatedRequest, response: HeaderSetter): Promise<Principal> {
    const header = request.headers['authorization'];
    const match = typeof header === 'string' ? /^Bearer ([A-Za-z0-9_.~+/=-]+)$/.exec(header) : null;
    // The RFC 6750 challenge tells a client that a bearer token is what is missing or wrong.
    if (!match) {
      response.header('WWW-Authenticate', 'Bearer');
      throw new UnauthorizedException('a bearer token is required (Authorization: Bearer <token>)');
    }
    try {
      return await verifier.verify(match[1]);
    } catch (error) {
      if (error instanceof JwksUnavailableError) {
        new Logger('AuthGuard').warn({ msg: error.message });
        response.header('Retry-After', '5');
        throw new ServiceUnavailableException('tokens cannot be checked right now; retry later');
      }
      if (!(error instanceof InvalidTokenError)) throw error;
      response.header('WWW-Authenticate', 'Bearer error="invalid_token"');
      throw new UnauthorizedException(error.message);
    }
  }
}
