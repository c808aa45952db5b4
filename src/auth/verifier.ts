// Bearer token → Principal, on every request. Signature, algorithm and standard claims are
// checked by jose against keys imported once at start-up; the gateway's own claims are read by
// principal.ts; BI tokens are checked against the registry on every request, so a revocation
// takes effect on the next request on every instance.
import type { Logger } from 'pino';
import { errors, jwtVerify, type JWTVerifyOptions } from 'jose';
import type { Config } from '../config/env';
import { AuthError, type AuthFailureReason } from './errors';
import { principalFromClaims, type Principal } from './principal';
import { isSymmetricAlgorithm } from './key-algorithms';
import type { VerificationKeys } from './keys';
import type { ActiveToken, TokenRegistry } from './registry';
import { addressAllowed } from './networks';

const LAST_USED_RESOLUTION_MS = 60_000;

export interface TokenVerifier {
  /**
   * Resolves to a frozen Principal; rejects with AuthError. `clientAddress` is checked against a
   * BI token's network allow-list; a token with such a list is refused when it is not given.
   */
  verify(jwt: string, request?: { readonly clientAddress?: string | null }): Promise<Principal>;
}

export interface TokenVerifierDeps {
  readonly keys: VerificationKeys;
  /** Null when no database is available: every BI token is then refused. */
  readonly registry: TokenRegistry | null;
  readonly logger?: Logger;
}

// Far above any real token (Keycloak tokens with many roles stay under 4 KB); bounds the work a
// garbage header can cause.
const MAX_TOKEN_LENGTH = 16 * 1024;
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;
const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;

/** The token from an `Authorization: Bearer …` header. */
export function bearerToken(authorizationHeader: string | undefined): string {
  if (authorizationHeader === undefined || authorizationHeader.trim() === '') throw new AuthError('missing');
  const m = BEARER.exec(authorizationHeader);
  const token = m?.[1];
  if (!token || token.length > MAX_TOKEN_LENGTH || !COMPACT_JWS.test(token)) throw new AuthError('malformed');
  return token;
}

export function createTokenVerifier(jwt: Config['jwt'], deps: TokenVerifierDeps): TokenVerifier {
  const { keys, registry, logger } = deps;
  // Asymmetric keys never verify HS* and a secret never verifies RS*/ES*, whatever the
  // configuration says: that pairing is what HS/RS confusion attacks rely on.
  const symmetricSource = keys.kind === 'secret';
  const algorithms = jwt.algorithms.filter((a) => isSymmetricAlgorithm(a) === symmetricSource && keys.algorithms.includes(a));
  if (algorithms.length === 0) throw new Error('JWT_ALGORITHMS: no configured algorithm fits the verification key');

  const options: JWTVerifyOptions = {
    algorithms,
    issuer: jwt.issuer,
    audience: jwt.audience,
    clockTolerance: jwt.clockToleranceMs / 1000,
    requiredClaims: ['exp', 'sub'],
  };
  const rolesClaim = jwt.rolesClaim;

  async function verify(token: string, request?: { readonly clientAddress?: string | null }): Promise<Principal> {
    if (typeof token !== 'string' || token.length === 0) throw new AuthError('missing');
    if (token.length > MAX_TOKEN_LENGTH || !COMPACT_JWS.test(token)) throw new AuthError('malformed');

    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(token, keys.getKey, options));
    } catch (err) {
      const reason = reasonFor(err);
      if (reason === 'key_unavailable') logger?.warn({ reason, code: joseCode(err) }, 'token verification keys unavailable');
      else logger?.debug({ reason, code: joseCode(err) }, 'token refused');
      throw new AuthError(reason);
    }

    const principal = principalFromClaims(payload, rolesClaim);
    if (principal.kind === 'bi') return checkBiToken(principal, request?.clientAddress ?? null);
    return principal;
  }

  async function checkBiToken(principal: Principal, clientAddress: string | null): Promise<Principal> {
    // BI tokens are minted by the gateway for analysts only; anything else claiming to be one is
    // refused before the registry is asked.
    if (principal.jti === null || principal.roles.length !== 1 || principal.role !== 'analyst') throw new AuthError('invalid_claims');
    if (registry === null) throw new AuthError('revoked');
    let active: ActiveToken | null;
    try {
      active = await registry.lookup(principal.jti);
    } catch (err) {
      logger?.error({ err: { name: (err as Error).name } }, 'BI token registry unavailable');
      throw new AuthError('key_unavailable');
    }
    if (active === null) throw new AuthError('revoked');
    if (active.networks.length > 0 && !addressAllowed(active.networks, clientAddress)) throw new AuthError('address_not_allowed');
    const now = new Date();
    // Last use is kept to the minute: one write per token per minute, not per request.
    if (active.lastUsedAt === null || now.getTime() - active.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS) {
      const jti = principal.jti;
      registry.touch(jti, now, clientAddress).catch((err: unknown) => logger?.warn({ errorClass: (err as Error)?.name }, 'BI token last-use could not be recorded'));
    }
    return Object.freeze({ ...principal, reports: Object.freeze([...active.reports]) });
  }

  return { verify };
}

function joseCode(err: unknown): string {
  return err instanceof errors.JOSEError ? err.code : err instanceof Error ? err.name : 'unknown';
}

function reasonFor(err: unknown): AuthFailureReason {
  if (err instanceof AuthError) return err.reason;
  if (err instanceof errors.JWTExpired) return err.claim === 'exp' ? 'expired' : 'invalid_claims';
  if (err instanceof errors.JWTClaimValidationFailed) {
    switch (err.claim) {
      case 'nbf':
        return err.reason === 'check_failed' ? 'not_yet_valid' : 'invalid_claims';
      case 'iss':
        return 'wrong_issuer';
      case 'aud':
        return 'wrong_audience';
      default:
        return 'invalid_claims';
    }
  }
  if (err instanceof errors.JOSEAlgNotAllowed || err instanceof errors.JOSENotSupported) return 'algorithm_not_allowed';
  if (err instanceof errors.JWSSignatureVerificationFailed) return 'bad_signature';
  if (err instanceof errors.JWKSNoMatchingKey || err instanceof errors.JWKSMultipleMatchingKeys) return 'unknown_key';
  if (err instanceof errors.JWSInvalid || err instanceof errors.JWTInvalid) return 'malformed';
  // JWKS fetch failures: timeout, non-200, bad JSON, network errors (fetch throws TypeError).
  if (err instanceof errors.JWKSTimeout || err instanceof errors.JWKSInvalid || err instanceof errors.JOSEError || err instanceof TypeError) {
    return 'key_unavailable';
  }
  return 'malformed';
}
