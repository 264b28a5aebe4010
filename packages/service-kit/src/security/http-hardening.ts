import helmet from '@fastify/helmet';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/**
 * What every service's HTTP server gets before any route: security headers (helmet; a JSON API
 * needs no inline scripts, so its strict defaults fit) and JSON as the only body it parses (Fastify
 * also parses text/plain by default: such a body is 415 here, not a string handed to a handler).
 * The body limit is the adapter's (413 above it); oversized headers are refused by Node itself with
 * 431 (16 KB in total, Node's `--max-http-header-size` default), before a request reaches any of
 * this. Fastify sends no `X-Powered-By`.
 */
export async function hardenHttp(app: NestFastifyApplication): Promise<void> {
  await app.register(helmet);
  app.getHttpAdapter().getInstance().removeContentTypeParser('text/plain');
}
