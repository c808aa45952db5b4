// Minting tokens with the configured signing key: the dev key, JWT_SECRET (HS*) or
// JWT_PRIVATE_KEY (PKCS#8). Used by `crm-gateway token issue` and by the dev server's demo tokens.
import { createPrivateKey, createPublicKey, randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { calculateJwkThumbprint, importJWK, importPKCS8, SignJWT, type CryptoKey, type JWK } from 'jose';
import type { Config } from '../config/env';
import type { Role } from '../policy/roles';
import type { TokenKind } from './principal';
import { writeClaimPath } from './claim-path';
import { algorithmsForKey, isSymmetricAlgorithm } from './key-algorithms';
import { devKeyWarning, loadOrCreateDevKeyPair } from './dev-keys';

export { loadVerificationKeys, type VerificationKeys } from './keys';

export interface IssueTokenInput {
  readonly sub: string;
  readonly role: Role;
  readonly team?: string;
  /** Adds `amr: ['pwd', 'mfa']` and `auth_time` = now. */
  readonly mfa?: boolean;
  readonly kind?: TokenKind;
  readonly ttlMs: number;
  /** Required for BI tokens (claim `name`). */
  readonly name?: string;
  readonly scopes?: readonly string[];
}

export interface IssuedToken {
  readonly jwt: string;
  readonly jti: string;
  /** `exp`, epoch seconds. */
  readonly expiresAt: number;
}

export interface TokenSigner {
  readonly alg: string;
  /** Null for HMAC secrets. */
  readonly kid: string | null;
  issue(input: IssueTokenInput): Promise<IssuedToken>;
}

// Claims the signer sets itself; a roles claim path must not overwrite one of them.
const RESERVED_CLAIMS = new Set(['iss', 'sub', 'aud', 'exp', 'nbf', 'iat', 'jti', 'team', 'kind', 'amr', 'auth_time', 'scope', 'name']);

/**
 * The signer for this configuration, or null when it has only verification material (a JWKS URL
 * or a public key without JWT_PRIVATE_KEY): tokens then come from the IdP.
 */
export async function loadSigner(
  config: Config,
  options: { logger?: Logger /** false: the caller has warned already. */; warnDevKey?: boolean } = {},
): Promise<TokenSigner | null> {
  const { jwt } = config;
  const root = jwt.rolesClaim.split('.')[0] as string;
  if (RESERVED_CLAIMS.has(root)) throw new Error(`JWT_ROLES_CLAIM: "${jwt.rolesClaim}" collides with a standard claim`);

  if (jwt.source.kind === 'secret') {
    const alg = jwt.algorithms.find(isSymmetricAlgorithm);
    if (!alg) throw new Error('JWT_ALGORITHMS: JWT_SECRET needs an HS* algorithm');
    return makeSigner(config, alg, null, new TextEncoder().encode(jwt.source.secret));
  }
  if (jwt.source.kind === 'dev') {
    const pair = await loadOrCreateDevKeyPair(config.localDir);
    const msg = devKeyWarning(pair);
    if (options.warnDevKey === false) {
      // The gateway's verifier said it once at start-up; saying it again buries it.
    } else if (options.logger) options.logger.warn(msg);
    else process.stderr.write(`WARNING: ${msg}\n`);
    return makeSigner(config, pair.alg, pair.kid, await importJWK(pair.privateJwk, pair.alg));
  }
  if (jwt.privateKeyPem !== null) {
    const keyObject = createPrivateKey(jwt.privateKeyPem);
    const alg = algorithmsForKey(
      keyObject,
      jwt.algorithms.filter((a) => !isSymmetricAlgorithm(a)),
    )[0];
    if (!alg) throw new Error(`JWT_PRIVATE_KEY: a ${keyObject.asymmetricKeyType} key fits none of JWT_ALGORITHMS (${jwt.algorithms.join(', ')})`);
    // RFC 7638 thumbprint of the public half: stable, and what a JWKS publisher can reproduce.
    const kid = await calculateJwkThumbprint(createPublicKey(keyObject).export({ format: 'jwk' }) as JWK);
    return makeSigner(config, alg, kid, await importPKCS8(jwt.privateKeyPem, alg));
  }
  return null;
}

function makeSigner(config: Config, alg: string, kid: string | null, key: CryptoKey | Uint8Array): TokenSigner {
  const { issuer, audience, rolesClaim } = config.jwt;
  return {
    alg,
    kid,
    async issue(input) {
      const kind = input.kind ?? 'user';
      if (input.sub.length === 0) throw new Error('sub must not be empty');
      if (!Number.isSafeInteger(input.ttlMs) || input.ttlMs <= 0) throw new Error('ttl must be a positive duration');
      if (kind === 'bi' && (input.role !== 'analyst' || !input.name)) throw new Error('BI tokens need role analyst and a name');

      const now = Math.floor(Date.now() / 1000);
      const expiresAt = now + Math.ceil(input.ttlMs / 1000);
      const jti = randomUUID();
      const claims: Record<string, unknown> = { kind };
      writeClaimPath(claims, rolesClaim, [input.role]);
      if (input.team !== undefined) claims.team = input.team;
      if (input.mfa) {
        claims.amr = ['pwd', 'mfa'];
        claims.auth_time = now;
      }
      if (input.name !== undefined) claims.name = input.name;
      if (input.scopes && input.scopes.length > 0) claims.scope = input.scopes.join(' ');

      const jwt = await new SignJWT(claims)
        .setProtectedHeader(kid === null ? { alg, typ: 'JWT' } : { alg, kid, typ: 'JWT' })
        .setIssuer(issuer)
        .setAudience(audience)
        .setSubject(input.sub)
        .setJti(jti)
        .setIssuedAt(now)
        .setExpirationTime(expiresAt)
        .sign(key);
      return { jwt, jti, expiresAt };
    },
  };
}
