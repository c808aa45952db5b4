// Which JWS algorithms a PEM key can serve. A key is only ever paired with algorithms of its own
// type, so an RSA public key can never end up as an HMAC secret (HS/RS confusion).
import type { KeyObject } from 'node:crypto';

const SYMMETRIC = new Set(['HS256', 'HS384', 'HS512']);

export function isSymmetricAlgorithm(alg: string): boolean {
  return SYMMETRIC.has(alg);
}

export function algorithmsForKey(key: KeyObject, allowed: readonly string[]): string[] {
  return allowed.filter((alg) => keyFits(key, alg));
}

function keyFits(key: KeyObject, alg: string): boolean {
  const type = key.asymmetricKeyType;
  if (alg.startsWith('RS')) return type === 'rsa';
  if (alg.startsWith('PS')) return type === 'rsa' || type === 'rsa-pss';
  if (alg === 'EdDSA' || alg === 'Ed25519') return type === 'ed25519';
  if (type !== 'ec') return false;
  const curve = key.asymmetricKeyDetails?.namedCurve;
  if (alg === 'ES256') return curve === 'prime256v1';
  if (alg === 'ES384') return curve === 'secp384r1';
  if (alg === 'ES512') return curve === 'secp521r1';
  return false;
}
