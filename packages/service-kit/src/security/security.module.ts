import { Logger, Module, type DynamicModule, type OnApplicationBootstrap } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { AuthGuard, JWT_VERIFIER } from './auth.guard';
import { ClientThrottlerGuard } from './client-throttler.guard';
import { JwtVerifier } from './jwt-verifier';
import { WindowCounterStorage } from './window-counter.storage';
import type { SecurityConfig } from './security.config';

const SECURITY_CONFIG = Symbol('SECURITY_CONFIG');

/** Says loudly, once at start, that nobody is being checked. */
class AuthModeWarning implements OnApplicationBootstrap {
  constructor(private readonly config: SecurityConfig) {}
  onApplicationBootstrap(): void {
    if (this.config.AUTH_MODE === 'off') {
      new Logger('Security').warn({ msg: 'AUTH_MODE=off: every HTTP API is open to anyone, with admin rights; never run like this outside local development' });
    }
  }
}

/**
 * Authentication (JWT against a JWKS, customer vs admin routes) and per-client rate limits for
 * every HTTP route, as global guards in that order. Health and metrics opt out (`@Public()`,
 * `@SkipThrottle()`), so probes and scrapes keep working.
 */
@Module({})
export class SecurityModule {
  static forRoot(config: SecurityConfig): DynamicModule {
    const verifier =
      config.AUTH_MODE === 'jwt'
        ? new JwtVerifier({ jwksUrl: config.AUTH_JWKS_URL, issuer: config.AUTH_ISSUER, audience: config.AUTH_AUDIENCE })
        : undefined;
    return {
      module: SecurityModule,
      imports: [
        ThrottlerModule.forRoot({
          throttlers: [{ name: 'default', ttl: config.RATE_LIMIT_WINDOW_MS, limit: config.RATE_LIMIT }],
          // Constant cost per request, where the library's own storage scans a list as long as the client's recent requests.
          storage: new WindowCounterStorage(),
        }),
      ],
      providers: [
        { provide: SECURITY_CONFIG, useValue: config },
        { provide: JWT_VERIFIER, useValue: verifier },
        { provide: AuthModeWarning, useFactory: () => new AuthModeWarning(config) },
        // Order matters: the throttler keys on the principal the auth guard sets.
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_GUARD, useClass: ClientThrottlerGuard },
      ],
    };
  }
}
