import { STATUS_CODES } from 'node:http';
import { ArgumentsHost, Catch, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { format as formatBytes } from 'bytes';
import { isTransientFailure } from '@ecom/rabbit';

/** Seconds a client is asked to wait before it tries again while a dependency is away. */
export const RETRY_AFTER_SECONDS = 5;

/** The body of every 4xx/5xx this filter writes: Nest's own shape. */
interface Problem {
  statusCode: number;
  error: string;
  message: string;
}

/**
 * How failures Nest's own filter would answer poorly become HTTP answers:
 * - a request that fails because a dependency is away (the database restarting, the broker not
 *   confirming) answers 503 with `Retry-After` rather than 500: nothing is wrong with the request,
 *   and a client that waits and repeats it succeeds;
 * - a request Fastify refuses before any handler (another content type, a body too large or not
 *   JSON) answers 415, 413 or 400 in the same shape as every other problem, saying which.
 * Everything else keeps Nest's own answer.
 */
@Catch()
export class HttpErrorsFilter extends BaseExceptionFilter {
  private readonly log = new Logger('HttpErrorsFilter');
  private lastLoggedAt = 0;

  override catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') return super.catch(exception, host);
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const body = bodyProblem(exception, http.getRequest<FastifyRequest>());
    if (body) {
      void reply.status(body.statusCode).send(body);
      return;
    }
    if (!isTransientFailure(exception)) return super.catch(exception, host);
    const now = Date.now();
    // One line per outage-second at most: a client retrying in a loop must not flood the log.
    if (now - this.lastLoggedAt > 1_000) {
      this.lastLoggedAt = now;
      const { name, message } = exception as { name?: string; message?: string };
      this.log.warn({ msg: 'a dependency is unavailable; answering 503', err: { name, message } });
    }
    void reply
      .header('Retry-After', String(RETRY_AFTER_SECONDS))
      .status(HttpStatus.SERVICE_UNAVAILABLE)
      .send({
        statusCode: HttpStatus.SERVICE_UNAVAILABLE,
        error: 'Service Unavailable',
        message: `a dependency of this service is unavailable; retry after ${RETRY_AFTER_SECONDS} s`,
      } satisfies Problem);
  }
}

/**
 * A request Fastify refused before any handler, as a problem. Nest turns such an error (a body of
 * another content type, too large, not JSON, an empty JSON body) into `HttpException(message,
 * status)`, a bare string the default filter answers without `error`; nothing of ours throws one
 * so. The 415 and the 413 say what is expected; the 400s keep Fastify's message, which says what
 * was wrong (it leaves out the parser's detail on purpose).
 */
export function bodyProblem(exception: unknown, request: Pick<FastifyRequest, 'routeOptions'> | undefined): Problem | undefined {
  if (!(exception instanceof HttpException) || typeof exception.getResponse() !== 'string') return undefined;
  const statusCode = exception.getStatus();
  const problem = (message: string): Problem => ({ statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message });
  if (statusCode === HttpStatus.UNSUPPORTED_MEDIA_TYPE) return problem('Content-Type must be application/json');
  if (statusCode === HttpStatus.PAYLOAD_TOO_LARGE) {
    const limit = request?.routeOptions?.bodyLimit;
    return problem(limit ? `request body exceeds ${formatBytes(limit)}` : 'request body is too large');
  }
  return problem(exception.message);
}
