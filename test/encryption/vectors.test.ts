// Known-answer tests from MongoDB's published material (see vectors/README.md): the AEAD
// construction against the mcgrew draft vector in libmongocrypt's key layout, the local KMS
// unwrap of the specification corpus's data key, and every explicit local corpus value:
// deterministic ones must encrypt to exactly the published bytes, all must decrypt to their
// plaintext, and the types the format forbids must be refused.
import { readFileSync } from 'node:fs';
import { BSON, type Binary } from 'mongodb';

const { EJSON } = BSON;
import { describe, expect, it } from 'vitest';
import { aeadDecrypt, aeadEncrypt } from '../../src/encryption/aead';
import type { DBRef } from 'mongodb';
import { decryptBsonBytes, decryptParts, encodeBsonValue, encryptBsonBytes, encryptValue, parseEncrypted } from '../../src/encryption/fle-format';
import { unwrapDataKey } from '../../src/encryption/key-vault';

const dir = new URL('./vectors/', import.meta.url);
const read = (name: string) => readFileSync(new URL(name, dir), 'utf8');

describe('AEAD_AES_256_CBC_HMAC_SHA_512 (libmongocrypt roundtrip/mcgrew.json)', () => {
  const cases = JSON.parse(read('mcgrew.json')) as { name: string; key: string; aad: string; iv: string; plaintext: string; ciphertext: string }[];
  it.each(cases.map((c) => [c.name, c] as const))('%s encrypts to the published ciphertext and decrypts back', (_name, c) => {
    const key = Buffer.from(c.key, 'hex');
    const ad = Buffer.from(c.aad, 'hex');
    const out = aeadEncrypt(key, Buffer.from(c.plaintext, 'hex'), ad, Buffer.from(c.iv, 'hex'));
    expect(out.toString('hex')).toBe(c.ciphertext);
    expect(aeadDecrypt(key, out, ad)?.toString('hex')).toBe(c.plaintext);
  });

  it('refuses the published ciphertext with one bit flipped anywhere, or other associated data', () => {
    const c = cases[0]!;
    const key = Buffer.from(c.key, 'hex');
    const ad = Buffer.from(c.aad, 'hex');
    const good = Buffer.from(c.ciphertext, 'hex');
    for (const i of [0, 15, 16, 40, good.length - 33, good.length - 1]) {
      const bad = Buffer.from(good);
      bad[i]! ^= 0x01;
      expect(aeadDecrypt(key, bad, ad)).toBeNull();
    }
    expect(aeadDecrypt(key, good, Buffer.from('other'))).toBeNull();
    expect(aeadDecrypt(key, good.subarray(0, good.length - 16), ad)).toBeNull();
  });
});

describe('MongoDB client-side encryption corpus (specifications corpus/, local KMS, explicit)', () => {
  const masterKey = Buffer.from(read('local-master-key.txt').trim(), 'base64');
  const keyDoc = EJSON.parse(read('corpus-key-local.json'), { relaxed: false }) as { _id: Binary; keyMaterial: Binary; keyAltNames: string[] };
  const keyId = Buffer.from(keyDoc._id.buffer.subarray(0, 16));
  const dataKey = unwrapDataKey(masterKey, keyDoc.keyMaterial.buffer.subarray(0, keyDoc.keyMaterial.position));

  it('unwraps the corpus data key with the local master key (96 bytes each)', () => {
    expect(masterKey).toHaveLength(96);
    expect(dataKey).not.toBeNull();
    expect(dataKey).toHaveLength(96);
    expect(keyDoc.keyAltNames).toEqual(['local']);
  });

  it('does not unwrap it under another master key', () => {
    const other = Buffer.from(masterKey);
    other[0]! ^= 0xff;
    expect(unwrapDataKey(other, keyDoc.keyMaterial.buffer.subarray(0, keyDoc.keyMaterial.position))).toBeNull();
  });

  type Entry = { type: string; algo: 'det' | 'rand'; identifier: string; allowed: boolean; value: unknown; encrypted: unknown };
  const corpus = EJSON.parse(read('corpus-local-explicit.json'), { relaxed: false }) as Record<string, Entry>;
  const allowed = Object.entries(corpus).filter(([, e]) => e.allowed);
  const refused = Object.entries(corpus).filter(([, e]) => !e.allowed);

  it('has the expected spread of cases', () => {
    expect(allowed.length).toBeGreaterThanOrEqual(60);
    expect(allowed.filter(([, e]) => e.algo === 'det').length).toBeGreaterThanOrEqual(20);
    expect(refused.length).toBeGreaterThanOrEqual(20);
  });

  // js-bson reads a dbPointer (type 0x0C) as a DBRef, which it writes back as a document (0x03),
  // so the corpus's dbPointer plaintexts are encoded here by hand: string namespace, then the ObjectId.
  function plaintextOf(e: Entry): { bsonType: number; bytes: Buffer } {
    if (e.type !== 'dbPointer') return encodeBsonValue(e.value);
    const ref = e.value as DBRef;
    const ns = Buffer.from(ref.db ? `${ref.db}.${ref.collection}` : ref.collection, 'utf8');
    const len = Buffer.alloc(4);
    len.writeInt32LE(ns.length + 1);
    return { bsonType: 0x0c, bytes: Buffer.concat([len, ns, Buffer.from([0]), Buffer.from(ref.oid.id)]) };
  }

  it.each(allowed)('%s decrypts to the corpus plaintext', (_name, e) => {
    const parts = parseEncrypted(e.encrypted as Binary);
    expect(parts).not.toBeNull();
    expect(parts!.keyId.equals(keyId)).toBe(true);
    expect(parts!.algorithm).toBe(e.algo === 'det' ? 'deterministic' : 'random');
    const plain = plaintextOf(e);
    expect(parts!.bsonType).toBe(plain.bsonType);
    const opened = decryptBsonBytes(parts!, dataKey!);
    expect(opened?.toString('hex')).toBe(plain.bytes.toString('hex'));
    expect(decryptParts(parts!, dataKey!)).not.toBeNull();
  });

  it.each(allowed.filter(([, e]) => e.algo === 'det'))('%s encrypts to exactly the corpus ciphertext', (_name, e) => {
    const plain = plaintextOf(e);
    const out = encryptBsonBytes(plain.bsonType, plain.bytes, 'deterministic', keyId, dataKey!);
    const expected = e.encrypted as Binary;
    expect(out.sub_type).toBe(6);
    expect(Buffer.from(out.buffer.subarray(0, out.position)).toString('base64')).toBe(Buffer.from(expected.buffer.subarray(0, expected.position)).toString('base64'));
  });

  it.each(allowed.filter(([, e]) => e.algo === 'rand'))('%s encrypts randomly to something that decrypts back', (_name, e) => {
    const plain = plaintextOf(e);
    const a = encryptBsonBytes(plain.bsonType, plain.bytes, 'random', keyId, dataKey!);
    const b = encryptBsonBytes(plain.bsonType, plain.bytes, 'random', keyId, dataKey!);
    expect(Buffer.from(a.buffer.subarray(0, a.position)).equals(Buffer.from(b.buffer.subarray(0, b.position)))).toBe(false);
    expect(decryptBsonBytes(parseEncrypted(a)!, dataKey!)?.toString('hex')).toBe(plain.bytes.toString('hex'));
  });

  it.each(refused)('%s is refused, as the corpus says', (_name, e) => {
    expect(e.encrypted).toEqual(e.value);
    expect(() => encryptValue(e.value, e.algo === 'det' ? 'deterministic' : 'random', keyId, dataKey!)).toThrow(/cannot be encrypted/);
  });
});
