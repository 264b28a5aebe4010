import { createHash, createHmac, generateKeyPairSync, randomUUID, sign, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export const TEST_AUDIENCE = 'ecom-api';

const b64url = (value: Buffer | string) => Buffer.from(value).toString('base64url');

interface Claims {
  sub?: string;
  roles?: string[];
  iss?: string;
  aud?: string;
  exp?: number;
  iat?: number;
  [claim: string]: unknown;
}

/**
 * A token issuer of the test's own: an ES256 key, a JWKS served over real HTTP, and tokens signed
 * by hand with node:crypto, so the battery can also make the broken ones (alg none, wrong key,
 * HMAC with the public key, tampered payloads) that a well-behaved library refuses to mint.
 */
export class TestIssuer {
  private readonly key = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  /** A second key the services never learn of: the "wrongly signed" tokens. */
  private readonly strangerKey = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  private readonly kid = `test-${randomUUID().slice(0, 8)}`;
  private server?: Server;
  issuer = '';

  async start(): Promise<this> {
    const jwk = { ...this.key.publicKey.export({ format: 'jwk' }), kid: this.kid, alg: 'ES256', use: 'sig' };
    const body = JSON.stringify({ keys: [jwk] });
    const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(body));
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this;
  }

  get jwksUrl(): string {
    return `${this.issuer}/.well-known/jwks.json`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** The service settings that trust this issuer. */
  env(): Record<string, string> {
    return { AUTH_MODE: 'jwt', AUTH_JWKS_URL: this.jwksUrl, AUTH_ISSUER: this.issuer, AUTH_AUDIENCE: TEST_AUDIENCE };
  }

  claims(subject: string, overrides: Claims = {}): Claims {
    const now = Math.floor(Date.now() / 1000);
    return { sub: subject, roles: [], iss: this.issuer, aud: TEST_AUDIENCE, iat: now, exp: now + 600, ...overrides };
  }

  /** A valid token for a customer (subject = customer id). */
  customer(customerId: string): string {
    return this.es256(this.claims(customerId));
  }

  admin(name = `ops-${randomUUID().slice(0, 6)}`): string {
    return this.es256(this.claims(name, { roles: ['admin'] }));
  }

  es256(claims: Claims, key: KeyObject = this.key.privateKey, kid = this.kid): string {
    const input = `${b64url(JSON.stringify({ alg: 'ES256', typ: 'JWT', kid }))}.${b64url(JSON.stringify(claims))}`;
    return `${input}.${b64url(sign('sha256', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' }))}`;
  }

  /** Signed by a key the JWKS does not hold, under the JWKS key's id. */
  wronglySigned(subject: string): string {
    return this.es256(this.claims(subject), this.strangerKey.privateKey);
  }

  /** `alg: none`: no signature at all. */
  unsigned(subject: string): string {
    return `${b64url(JSON.stringify({ alg: 'none', typ: 'JWT' }))}.${b64url(JSON.stringify(this.claims(subject, { roles: ['admin'] })))}.`;
  }

  /** The algorithm-confusion attack: HS256 keyed with the public key the JWKS publishes. */
  hmacWithPublicKey(subject: string): string {
    const input = `${b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT', kid: this.kid }))}.${b64url(JSON.stringify(this.claims(subject, { roles: ['admin'] })))}`;
    const secret = createHash('sha256').update(JSON.stringify(this.key.publicKey.export({ format: 'jwk' }))).digest();
    return `${input}.${b64url(createHmac('sha256', secret).update(input).digest())}`;
  }

  /** A valid token whose payload is swapped afterwards (another subject, the admin role): the signature no longer fits. */
  tampered(subject: string, victim: string): string {
    const [header, , signature] = this.customer(subject).split('.');
    return `${header}.${b64url(JSON.stringify(this.claims(victim, { roles: ['admin'] })))}.${signature}`;
  }
}
