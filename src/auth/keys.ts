// The keys the verifier checks signatures with, loaded once at start-up from the configured
// source. Every key is imported here, once; the per-request path only looks one up.
import { createPublicKey } from 'node:crypto';
import type { Logger } from 'pino';
import { createLocalJWKSet, createRemoteJWKSet, errors, importSPKI, type CryptoKey, type JWTVerifyGetKey } from 'jose';
import type { Config, JwtSource } from '../config/env';
import { algorithmsForKey, isSymmetricAlgorithm } from './key-algorithms';
import { devKeyWarning, loadOrCreateDevKeyPair } from './dev-keys';

export interface VerificationKeys {
  readonly kind: JwtSource['kind'];
  /** Algorithms these keys can verify: the configured ones that fit the key type. */
  readonly algorithms: readonly string[];
  /** jose key resolver: picks the key by the token header's `alg` (and `kid` for key sets). */
  readonly getKey: JWTVerifyGetKey;
}

export interface LoadVerificationKeysOptions {
  readonly logger?: Logger;
  /**
   * Minimum time between JWKS fetches triggered by an unknown `kid` (jose's cooldown, 30 s by
   * default). It bounds how often forged kids can make the gateway call the IdP.
   */
  readonly jwksCooldownMs?: number;
  /** JWKS HTTP timeout (jose default 5 s). */
  readonly jwksTimeoutMs?: number;
}

export async function loadVerificationKeys(config: Config, options: LoadVerificationKeysOptions = {}): Promise<VerificationKeys> {
  const { source, algorithms: configured } = config.jwt;
  const warn = (msg: string) => (options.logger ? options.logger.warn(msg) : process.stderr.write(`WARNING: ${msg}\n`));

  switch (source.kind) {
    case 'jwks': {
      const algorithms = configured.filter((a) => !isSymmetricAlgorithm(a));
      const remote = createRemoteJWKSet(new URL(source.url), {
        cacheMaxAge: config.jwt.jwksCacheMaxAgeMs,
        ...(options.jwksCooldownMs !== undefined ? { cooldownDuration: options.jwksCooldownMs } : {}),
        ...(options.jwksTimeoutMs !== undefined ? { timeoutDuration: options.jwksTimeoutMs } : {}),
      });
      // Warm the cache so the first request does not pay for the fetch; an IdP that is down at
      // start-up is not fatal, requests will retry (and fail as key_unavailable meanwhile).
      await remote.reload().catch(() => warn('JWT_JWKS_URL: the key set could not be fetched at start-up; will retry on the first request'));
      return { kind: 'jwks', algorithms, getKey: remote };
    }
    case 'publicKey': {
      const keyObject = createPublicKey(source.pem);
      const algorithms = algorithmsForKey(
        keyObject,
        configured.filter((a) => !isSymmetricAlgorithm(a)),
      );
      if (algorithms.length === 0) {
        throw new Error(`JWT_PUBLIC_KEY: a ${keyObject.asymmetricKeyType} key fits none of JWT_ALGORITHMS (${configured.join(', ')})`);
      }
      const byAlg = new Map<string, CryptoKey>();
      for (const alg of algorithms) byAlg.set(alg, await importSPKI(source.pem, alg));
      return { kind: 'publicKey', algorithms, getKey: fromMap(byAlg) };
    }
    case 'secret': {
      const algorithms = configured.filter(isSymmetricAlgorithm);
      const raw = new TextEncoder().encode(source.secret);
      const byAlg = new Map<string, CryptoKey>();
      for (const alg of algorithms) {
        const hash = `SHA-${alg.slice(2)}`;
        byAlg.set(alg, await crypto.subtle.importKey('raw', raw, { name: 'HMAC', hash }, false, ['verify']));
      }
      return { kind: 'secret', algorithms, getKey: fromMap(byAlg) };
    }
    case 'dev': {
      const pair = await loadOrCreateDevKeyPair(config.localDir);
      warn(devKeyWarning(pair));
      return { kind: 'dev', algorithms: [pair.alg], getKey: createLocalJWKSet({ keys: [pair.publicJwk] }) };
    }
  }
}

function fromMap(byAlg: ReadonlyMap<string, CryptoKey>): JWTVerifyGetKey {
  return (header) => {
    const key = byAlg.get(header.alg ?? '');
    if (!key) throw new errors.JOSEAlgNotAllowed('algorithm does not fit the configured key');
    return key;
  };
}
