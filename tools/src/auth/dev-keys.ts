import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { JWK } from 'jose' with { 'resolution-mode': 'import' };

/** Where the development issuer keeps its signing key: under the git-ignored data directory. */
export const DEV_KEY_FILE = join(process.env['DATA_DIR'] ?? 'data', 'dev-issuer', 'signing-key.json');
export const DEV_ISSUER = process.env['AUTH_ISSUER'] ?? 'http://127.0.0.1:3009';
export const DEV_AUDIENCE = process.env['AUTH_AUDIENCE'] ?? 'ecom-api';

type Jose = typeof import('jose', { with: { 'resolution-mode': 'import' } });
/** jose is ESM-only and the tools compile to CommonJS: a real dynamic import loads it. */
export const loadJose = (): Promise<Jose> => import('jose');

/**
 * The development signing key (ES256), made on first use and kept so the issuer and
 * `npm run token` agree across restarts. A local convenience only: a deployment's issuer is its
 * identity provider, and this file never leaves the machine (data/ is git-ignored).
 */
export async function devSigningKey(file = DEV_KEY_FILE): Promise<{ privateJwk: JWK; publicJwk: JWK }> {
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as { privateJwk: JWK; publicJwk: JWK };
  const jose = await loadJose();
  const { privateKey, publicKey } = await jose.generateKeyPair('ES256', { extractable: true });
  const kid = `dev-${Date.now().toString(36)}`;
  const keys = {
    privateJwk: { ...(await jose.exportJWK(privateKey)), kid, alg: 'ES256', use: 'sig' },
    publicJwk: { ...(await jose.exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' },
  };
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(keys), { mode: 0o600 });
  return keys;
}

export interface MintOptions {
  subject: string;
  roles?: string[];
  ttlSeconds?: number;
}

/** A token the services accept under the development issuer's defaults. */
export async function mintDevToken(options: MintOptions, file = DEV_KEY_FILE): Promise<string> {
  const jose = await loadJose();
  const { privateJwk } = await devSigningKey(file);
  const key = await jose.importJWK(privateJwk, 'ES256');
  return new jose.SignJWT({ roles: options.roles ?? [] })
    .setProtectedHeader({ alg: 'ES256', kid: privateJwk.kid })
    .setSubject(options.subject)
    .setIssuer(DEV_ISSUER)
    .setAudience(DEV_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${options.ttlSeconds ?? 3600}s`)
    .sign(key);
}
