import { ArgumentsHost, Catch, HttpStatus, Logger } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { isTransientFailure } from '@ecom/rabbit';

/** The part of Express's response this filter uses. */
interface HttpResponse {
  setHeader(name: string, value: string): void;
  status(code: number): { json(body: unknown): void };
}

/** Seconds a client is asked to wait before it tries again while a dependency is away. */
export const RETRY_AFTER_SECONDS = 5;

/**
 * HTTP requests that fail because a dependency is away (the database restarting, the broker
 * not confirming) answer 503 with `Retry-After` rather than 500: nothing is wrong with the request,
 * and a client that waits and repeats it succeeds. Everything else keeps Nest's own answer.
 */
@Catch()
export class TransientFailureFilter extends BaseExceptionFilter {
  private readonly log = new Logger('TransientFailureFilter');
  private lastLoggedAt = 0;

  override catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http' || !isTransientFailure(exception)) return super.catch(exception, host);
    const now = Date.now();
    // One line per outage-second at most: a client retrying in a loop must not flood the log.
    if (now - this.lastLoggedAt > 1_000) {
      this.lastLoggedAt = now;
      const { name, message } = exception as { name?: string; message?: string };
      this.log.warn({ msg: 'a dependency is unavailable; answering 503', err: { name, message } });
    }
    const response = host.switchToHttp().getResponse<HttpResponse>();
    response.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
    response.status(HttpStatus.SERVICE_UNAVAILABLE).json({
      statusCode: HttpStatus.SERVICE_UNAVAILABLE,
      error: 'Service Unavailable',
      message: `a dependency of this service is unavailable; retry after ${RETRY_AFTER_SECONDS} s`,
    });
  }
}
