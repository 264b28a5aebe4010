import type { JWTPayload } from 'jose' with { 'resolution-mode': 'import' };
import type { Principal } from './principal';

export interface JwtVerifierOptions {
  jwksUrl: string;
  issuer: string;
  audience: string;
}

/** The issuer's keys could not be fetched: not the client's fault, so 503 rather than 401. */
export class JwksUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JwksUnavailableError';
  }
}

/** Why a token was refused, in words safe to show a client (never the token, never a stack). */
export class InvalidTokenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidTokenError';
  }
}

// Asymmetric algorithms only: an HMAC key or `alg: none` must never verify against a public JWKS.
const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'ES256', 'ES384', 'EdDSA'];

type Jose = typeof import('jose', { with: { 'resolution-mode': 'import' } });
let josePromise: Promise<Jose> | undefined;
/** jose is ESM-only; the kit compiles to CommonJS, so it is loaded with a real dynamic import. */
function loadJose(): Promise<Jose> {
  josePromise ??= import('jose');
  return josePromise;
}

/**
 * Verifies bearer tokens with jose against a remote JWKS (fetched on first use, cached, refetched
 * when a token names a key id it does not know, so the issuer can rotate keys).
 */
export class JwtVerifier {
  private jwks: ReturnType<Jose['createRemoteJWKSet']> | undefined;

  constructor(private readonly options: JwtVerifierOptions) {}

  async verify(token: string): Promise<Principal> {
    const jose = await loadJose();
    this.jwks ??= jose.createRemoteJWKSet(new URL(this.options.jwksUrl), { cooldownDuration: 30_000, timeoutDuration: 5_000 });
    let payload: JWTPayload;
    try {
      ({ payload } = await jose.jwtVerify(token, this.jwks, {
        issuer: this.options.issuer,
        audience: this.options.audience,
        algorithms: ALGORITHMS,
        requiredClaims: ['sub', 'exp'],
      }));
    } catch (error) {
      if (error instanceof jose.errors.JWKSTimeout || !(error instanceof jose.errors.JOSEError)) {
        throw new JwksUnavailableError(`the token issuer's keys (${this.options.jwksUrl}) could not be fetched`);
      }
      throw new InvalidTokenError(describe(error, jose));
    }
    if (typeof payload.sub !== 'string' || payload.sub.length === 0) throw new InvalidTokenError('token has no subject');
    return { subject: payload.sub, roles: rolesOf(payload) };
  }
}

function rolesOf(payload: JWTPayload): string[] {
  const roles = payload['roles'];
  if (Array.isArray(roles)) return roles.filter((r): r is string => typeof r === 'string');
  return typeof payload['role'] === 'string' ? [payload['role']] : [];
}

/** A short reason per jose error code; anything else (a JWKS outage) stays generic. */
function describe(error: unknown, jose: Jose): string {
  const { errors } = jose;
  if (error instanceof errors.JWTExpired) return 'token expired';
  if (error instanceof errors.JWTClaimValidationFailed) return `token claim "${error.claim}" is not acceptable`;
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'token signature is invalid';
  if (error instanceof errors.JOSEAlgNotAllowed) return 'token algorithm is not allowed';
  if (error instanceof errors.JWKSNoMatchingKey) return 'token is not signed by a known key';
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) return 'token is malformed';
  return 'token could not be verified';
}
