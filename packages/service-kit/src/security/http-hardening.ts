import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import helmet from 'helmet';

export interface HttpHardeningOptions {
  /** JSON body parser limit; false when the service installs its own parser. */
  bodyLimit: string | false;
}

/**
 * What every service's HTTP server gets before any route: security headers (helmet; a JSON API
 * needs no inline scripts, so its strict defaults fit), no `X-Powered-By`, and a JSON body limit
 * (413 above it). Oversized headers are refused by Node itself with 431 (16 KB in total, Node's
 * `--max-http-header-size` default), before a request reaches any of this.
 */
export function hardenHttp(app: INestApplication, options: HttpHardeningOptions): void {
  const express = app as NestExpressApplication;
  express.disable('x-powered-by');
  express.use(helmet());
  if (options.bodyLimit !== false) express.useBodyParser('json', { limit: options.bodyLimit });
}
