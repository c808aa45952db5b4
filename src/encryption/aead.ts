// AEAD_AES_256_CBC_HMAC_SHA_512 as MongoDB's client-side field level encryption uses it
// (draft-mcgrew-aead-aes-cbc-hmac-sha2, with a third key for deterministic IVs). A 96-byte key
// splits into the MAC key, the AES-256 key and the IV key, in that order. Output is
// IV || AES-256-CBC(PKCS#7) || first 32 bytes of HMAC-SHA-512(AD || IV || C || AL), AL being the
// bit length of AD as a big-endian uint64. Decryption checks the tag (constant time) before any
// byte is deciphered: a tampered value is refused, never deciphered into garbage.
import { createCipheriv, createDecipheriv, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const AEAD_KEY_LENGTH = 96;
export const IV_LENGTH = 16;
const SUBKEY_LENGTH = 32;
const TAG_LENGTH = 32;
const BLOCK = 16;

function subkeys(key: Uint8Array): { mac: Uint8Array; enc: Uint8Array; iv: Uint8Array } {
  if (key.length !== AEAD_KEY_LENGTH) throw new RangeError(`AEAD key must be ${AEAD_KEY_LENGTH} bytes`);
  return { mac: key.subarray(0, SUBKEY_LENGTH), enc: key.subarray(SUBKEY_LENGTH, 2 * SUBKEY_LENGTH), iv: key.subarray(2 * SUBKEY_LENGTH) };
}

function lengthInBits(ad: Uint8Array): Buffer {
  const al = Buffer.alloc(8);
  al.writeBigUInt64BE(BigInt(ad.length) * 8n);
  return al;
}

function tag(macKey: Uint8Array, ad: Uint8Array, ivAndCipher: Uint8Array): Buffer {
  return createHmac('sha512', macKey).update(ad).update(ivAndCipher).update(lengthInBits(ad)).digest().subarray(0, TAG_LENGTH);
}

/**
 * The IV of deterministic encryption: the first 16 bytes of HMAC-SHA-512 under the IV key over
 * AD || AL || plaintext, so equal values under the same key and AD give equal ciphertexts.
 */
export function deterministicIv(key: Uint8Array, ad: Uint8Array, plaintext: Uint8Array): Buffer {
  return createHmac('sha512', subkeys(key).iv).update(ad).update(lengthInBits(ad)).update(plaintext).digest().subarray(0, IV_LENGTH);
}

export function randomIv(): Buffer {
  return randomBytes(IV_LENGTH);
}

export function aeadEncrypt(key: Uint8Array, plaintext: Uint8Array, ad: Uint8Array, iv: Uint8Array): Buffer {
  if (iv.length !== IV_LENGTH) throw new RangeError(`IV must be ${IV_LENGTH} bytes`);
  const k = subkeys(key);
  const cipher = createCipheriv('aes-256-cbc', k.enc, iv);
  const body = Buffer.concat([iv, cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([body, tag(k.mac, ad, body)]);
}

/** The plaintext, or null when the tag does not verify or the length is impossible. */
export function aeadDecrypt(key: Uint8Array, ciphertext: Uint8Array, ad: Uint8Array): Buffer | null {
  const bodyLength = ciphertext.length - TAG_LENGTH;
  if (bodyLength < IV_LENGTH + BLOCK || (bodyLength - IV_LENGTH) % BLOCK !== 0) return null;
  const k = subkeys(key);
  const body = ciphertext.subarray(0, bodyLength);
  const expected = tag(k.mac, ad, body);
  if (!timingSafeEqual(expected, ciphertext.subarray(bodyLength))) return null;
  try {
    const decipher = createDecipheriv('aes-256-cbc', k.enc, body.subarray(0, IV_LENGTH));
    return Buffer.concat([decipher.update(body.subarray(IV_LENGTH)), decipher.final()]);
  } catch {
    // Bad padding behind a valid tag means the writer used another construction: refuse it too.
    return null;
  }
}
