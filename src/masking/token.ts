// Keyed pseudonyms. An unkeyed hash of a phone number is reversed by enumerating the ~10^10
// possible numbers, so every token is an HMAC-SHA256 under a secret key, one key per
// pseudonymisation domain (BI gets its own), so tokens from two domains cannot be joined.
import { createHmac, hkdfSync } from 'node:crypto';

// Fixed, public HKDF salt: binds derived keys to this product and format version. Rotating the
// version renumbers every token, which is what a key rotation should do.
const HKDF_SALT = 'crm-gateway/pseudonym-domain/v1';

/** 96 bits: with a billion distinct values the chance of any collision is about 10^-11. */
export const TOKEN_HEX_CHARS = 24;

// Shorter keys would make the HMAC brute-forceable; a key this short is a configuration bug,
// and a masker that meets one withholds the value instead of emitting a weak token.
export const MIN_TOKEN_KEY_BYTES = 16;

export type TokenPrefix = 'tel' | 'nid' | 'card' | 'name' | 'mail';

/** HKDF-SHA256(masterKey, salt, info = domain) → 32-byte key for that domain. Pure. */
export function deriveDomainKey(masterKey: Uint8Array | string, domain: string): Buffer {
  const ikm = typeof masterKey === 'string' ? Buffer.from(masterKey, 'utf8') : masterKey;
  if (ikm.length === 0) throw new TypeError('deriveDomainKey: master key is empty');
  if (domain.length === 0) throw new TypeError('deriveDomainKey: domain is empty');
  return Buffer.from(hkdfSync('sha256', ikm, HKDF_SALT, `domain:${domain}`, 32));
}

/**
 * `prefix_` + the first 24 hex chars of HMAC(key, prefix ":" normalised). The prefix is inside
 * the MAC too, so the same string in two classes (a name that is also an email local part)
 * gives unrelated tokens. Returns null for a missing or too-short key: fail closed.
 */
export function keyedToken(prefix: TokenPrefix, normalised: string, key: Buffer): string | null {
  if (!Buffer.isBuffer(key) || key.length < MIN_TOKEN_KEY_BYTES) return null;
  const mac = createHmac('sha256', key).update(prefix).update(':').update(normalised, 'utf8').digest('hex');
  return `${prefix}_${mac.slice(0, TOKEN_HEX_CHARS)}`;
}
