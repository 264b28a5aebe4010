import { Type, type Static } from '@sinclair/typebox';

/** The development issuer `npm start` runs (tools/src/auth): only ever a local default. */
export const DEV_ISSUER = 'http://127.0.0.1:3009';

/**
 * HTTP security settings every service reads (part of `CommonServiceConfig`). The defaults are the
 * safe ones: tokens required, checked against the local development issuer's JWKS.
 */
export const SecurityConfig = Type.Object({
  /** `jwt`: every API route needs a bearer token; `off`: nothing is checked (a warning is logged). */
  AUTH_MODE: Type.Union([Type.Literal('jwt'), Type.Literal('off')], { default: 'jwt' }),
  AUTH_JWKS_URL: Type.String({ default: `${DEV_ISSUER}/.well-known/jwks.json`, pattern: '^https?://' }),
  AUTH_ISSUER: Type.String({ default: DEV_ISSUER, minLength: 1 }),
  AUTH_AUDIENCE: Type.String({ default: 'ecom-api', minLength: 1 }),
  /** Requests one client (token subject, else IP) may make per window on the API routes. */
  RATE_LIMIT: Type.Integer({ default: 120, minimum: 1 }),
  RATE_LIMIT_WINDOW_MS: Type.Integer({ default: 60_000, minimum: 100 }),
  /** Largest JSON request body (`bytes` syntax, e.g. 64kb); larger is 413. */
  HTTP_BODY_LIMIT: Type.String({ default: '64kb', pattern: '^\\d+(b|kb|mb)$' }),
});
export type SecurityConfig = Static<typeof SecurityConfig>;
