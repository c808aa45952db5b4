// AEAD_AES_256_CBC_HMAC_SHA_512 as MongoDB's client-side field level encryption uses it
// (draft-mcgrew-aead-aes-cbc-hmac-sha2, with a third key for deterministic IVs). A 96-byte key
// splits into the MAC key, the AES-256 key and the IV key, in that order. Output is
// IV || AES-256-CBC(PKCS#7) || first 32 bytes of HMAC-SHA-512(AD || IV || C || AL), AL being the
// bit length of AD as a big-endian uint64. Decryption checks the tag (constant time) before any
// byte is deciphered: a tampered value is refused, never deciphered into garbage.
//
// Speed: a createDecipheriv per value cost several times the rest of the decryption (cipher
// context set-up and key schedule each time). An AeadKey therefore keeps one AES-256-ECB context
// per direction for its key — ECB holds no state between whole blocks — and does the CBC chaining
// XOR here. The known-answer tests pin this to the published vectors.
import { createCipheriv, createDecipheriv, createHmac, randomBytes, timingSafeEqual, type Cipher, type Decipher } from 'node:crypto';

export const AEAD_KEY_LENGTH = 96;
export const IV_LENGTH = 16;
const SUBKEY_LENGTH = 32;
const TAG_LENGTH = 32;
const BLOCK = 16;

/** HMAC-SHA-512 under one key, over the concatenation of the parts. */
class HmacSha512 {
  constructor(private readonly key: Buffer) {}
  digest(...parts: Uint8Array[]): Buffer {
    const h = createHmac('sha512', this.key);
    for (const p of parts) h.update(p);
    return h.digest();
  }
}

// AL for the two lengths in use: empty (key wrapping) and the 18-byte ciphertext header.
const AL_0 = Buffer.alloc(8);
const AL_18 = Buffer.from([0, 0, 0, 0, 0, 0, 0, 18 * 8]);

function lengthInBits(ad: Uint8Array): Buffer {
  if (ad.length === 0) return AL_0;
  if (ad.length === 18) return AL_18;
  const al = Buffer.alloc(8);
  al.writeBigUInt64BE(BigInt(ad.length) * 8n);
  return al;
}

export class AeadKey {
  private readonly mac: HmacSha512;
  private readonly ivMac: HmacSha512;
  private readonly ecbEncrypt: Cipher;
  private readonly ecbDecrypt: Decipher;

  constructor(key: Uint8Array) {
    if (key.length !== AEAD_KEY_LENGTH) throw new RangeError(`AEAD key must be ${AEAD_KEY_LENGTH} bytes`);
    this.mac = new HmacSha512(Buffer.from(key.subarray(0, SUBKEY_LENGTH)));
    const enc = key.subarray(SUBKEY_LENGTH, 2 * SUBKEY_LENGTH);
    this.ivMac = new HmacSha512(Buffer.from(key.subarray(2 * SUBKEY_LENGTH)));
    this.ecbEncrypt = createCipheriv('aes-256-ecb', enc, null).setAutoPadding(false);
    this.ecbDecrypt = createDecipheriv('aes-256-ecb', enc, null).setAutoPadding(false);
  }

  /**
   * The IV of deterministic encryption: the first 16 bytes of HMAC-SHA-512 under the IV key over
   * AD || AL || plaintext, so equal values under the same key and AD give equal ciphertexts.
   */
  deterministicIv(ad: Uint8Array, plaintext: Uint8Array): Buffer {
    return this.ivMac.digest(ad, lengthInBits(ad), plaintext).subarray(0, IV_LENGTH);
  }

  encrypt(plaintext: Uint8Array, ad: Uint8Array, iv: Uint8Array): Buffer {
    if (iv.length !== IV_LENGTH) throw new RangeError(`IV must be ${IV_LENGTH} bytes`);
    const pad = BLOCK - (plaintext.length % BLOCK);
    const out = Buffer.alloc(IV_LENGTH + plaintext.length + pad + TAG_LENGTH);
    out.set(iv, 0);
    out.set(plaintext, IV_LENGTH);
    out.fill(pad, IV_LENGTH + plaintext.length, IV_LENGTH + plaintext.length + pad);
    const end = out.length - TAG_LENGTH;
    for (let at = IV_LENGTH; at < end; at += BLOCK) {
      for (let i = 0; i < BLOCK; i++) out[at + i]! ^= out[at - BLOCK + i]!;
      out.set(this.ecbEncrypt.update(out.subarray(at, at + BLOCK)), at);
    }
    const body = out.subarray(0, end);
    out.set(this.mac.digest(ad, body, lengthInBits(ad)).subarray(0, TAG_LENGTH), end);
    return out;
  }

  /** The plaintext, or null when the tag does not verify, the length is impossible or the padding is wrong. */
  decrypt(ciphertext: Uint8Array, ad: Uint8Array): Buffer | null {
    const bodyLength = ciphertext.length - TAG_LENGTH;
    if (bodyLength < IV_LENGTH + BLOCK || (bodyLength - IV_LENGTH) % BLOCK !== 0) return null;
    const body = ciphertext.subarray(0, bodyLength);
    const expected = this.mac.digest(ad, body, lengthInBits(ad)).subarray(0, TAG_LENGTH);
    if (!timingSafeEqual(expected, ciphertext.subarray(bodyLength))) return null;
    const plain = this.ecbDecrypt.update(body.subarray(IV_LENGTH));
    for (let i = 0; i < plain.length; i++) plain[i]! ^= body[i]!; // previous block (the IV first)
    const pad = plain[plain.length - 1]!;
    if (pad < 1 || pad > BLOCK) return null;
    for (let i = plain.length - pad; i < plain.length; i++) if (plain[i] !== pad) return null;
    return plain.subarray(0, plain.length - pad);
  }
}

export function randomIv(): Buffer {
  return randomBytes(IV_LENGTH);
}

/** One-off forms of the AeadKey methods, for tests and key wrapping (not on hot paths). */
export function deterministicIv(key: Uint8Array, ad: Uint8Array, plaintext: Uint8Array): Buffer {
  return new AeadKey(key).deterministicIv(ad, plaintext);
}

export function aeadEncrypt(key: Uint8Array, plaintext: Uint8Array, ad: Uint8Array, iv: Uint8Array): Buffer {
  return new AeadKey(key).encrypt(plaintext, ad, iv);
}

export function aeadDecrypt(key: Uint8Array, ciphertext: Uint8Array, ad: Uint8Array): Buffer | null {
  return new AeadKey(key).decrypt(ciphertext, ad);
}
