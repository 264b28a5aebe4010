import { FastifyAdapter } from '@nestjs/platform-fastify';
import { parse as parseBytes } from 'bytes';

/**
 * The Fastify adapter every service's HTTP runs on: JSON bodies up to `bodyLimit` (`bytes` syntax,
 * e.g. 64kb; 413 above it), and paths matched as they were under Express (a trailing slash and the
 * letters' case do not matter; params keep theirs).
 */
export function serviceHttpAdapter(bodyLimit: string): FastifyAdapter {
  return new FastifyAdapter({
    bodyLimit: parseBytes(bodyLimit) ?? undefined,
    routerOptions: { ignoreTrailingSlash: true, caseSensitive: false },
  });
}
