import { Injectable, type ExecutionContext } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { AuthenticatedRequest } from './principal';

/**
 * Per-client rate limits (429 with Retry-After). It runs after the auth guard, so a client is its
 * verified token subject: customers behind one NAT do not share a budget, and a forged subject
 * never gets this far. Without a principal (AUTH_MODE=off) the client is the IP address.
 */
@Injectable()
export class ClientThrottlerGuard extends ThrottlerGuard {
  override canActivate(context: ExecutionContext): Promise<boolean> {
    // Messaging handlers are not HTTP: the broker's prefetch is their limit.
    if (context.getType() !== 'http') return Promise.resolve(true);
    return super.canActivate(context);
  }

  protected override getTracker(req: Record<string, unknown>): Promise<string> {
    const { principal, ip } = req as unknown as AuthenticatedRequest;
    return Promise.resolve(principal && !principal.anonymous ? `sub:${principal.subject}` : `ip:${ip ?? 'unknown'}`);
  }
}
