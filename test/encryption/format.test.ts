// The ciphertext's header is authenticated: changing the algorithm byte, the key id or the
// recorded BSON type makes the value fail verification, as a changed ciphertext byte does; values
// too short to be ciphertext, and intent-to-encrypt markings (first byte 0), are not ciphertext.
import { randomBytes } from 'node:crypto';
import { Binary } from 'mongodb';
import { expect, it } from 'vitest';
import { decryptParts, encryptValue, isEncryptedValue, parseEncrypted } from '../../src/encryption/fle-format';

const key = randomBytes(96);
const keyId = randomBytes(16);

function altered(b: Binary, at: number, xor: number): Binary {
  const bytes = Buffer.from(b.buffer.subarray(0, b.position));
  bytes[at]! ^= xor;
  return new Binary(bytes, 6);
}

it.each([
  ['algorithm byte', 0, 0x03],
  ['key id', 5, 0x01],
  ['original BSON type', 17, 0x0b],
  ['IV', 20, 0x80],
  ['tag', -1, 0x01],
])('a changed %s fails verification', (_what, at, xor) => {
  const value = encryptValue('110105194912310021', 'deterministic', keyId, key);
  const bad = altered(value, at < 0 ? value.position + at : at, xor);
  const parts = parseEncrypted(bad);
  expect(parts === null || decryptParts(parts, key) === null).toBe(true);
  expect(decryptParts(parseEncrypted(value)!, key)).toEqual({ value: '110105194912310021' });
});

it('recognises only subtype-6 ciphertext (first byte 1 or 2)', () => {
  const value = encryptValue({ city: '北京市' }, 'random', keyId, key);
  expect(isEncryptedValue(value)).toBe(true);
  expect(isEncryptedValue(new Binary(Buffer.from(value.buffer.subarray(0, value.position)), 0))).toBe(false);
  expect(isEncryptedValue(altered(value, 0, 0x02))).toBe(false); // 0: an intent-to-encrypt marking
  expect(isEncryptedValue('13800138000')).toBe(false);
  expect(parseEncrypted(new Binary(Buffer.from([1, 2, 3]), 6))).toBeNull();
});

it('round-trips the BSON types the CRM stores: strings, dates and documents', () => {
  for (const v of ['13800138000', '张伟', new Date('1990-05-17T00:00:00Z'), { province: '北京市', city: '北京市', district: '海淀区', street: '中关村大街 1 号' }]) {
    const algorithm = typeof v === 'string' ? 'deterministic' : 'random';
    expect(decryptParts(parseEncrypted(encryptValue(v, algorithm, keyId, key))!, key)).toEqual({ value: v });
  }
});
