// The ciphertext format of MongoDB's client-side field level encryption (explicit encryption): a
// BSON Binary of subtype 6 holding
//   algorithm (1: deterministic, 2: random) | key UUID (16) | original BSON type (1) | AEAD ciphertext
// where the AEAD's associated data is those first 18 bytes and the plaintext is the value's BSON
// encoding without type byte and name. Stores written by MongoDB drivers with a local key read
// as they are, and what this module writes reads back in those drivers.
// From the driver's copy of bson: values read through the driver must be of its classes.
import { BSON, Binary } from 'mongodb';
import { AeadKey, randomIv } from './aead';

/** A data key: its 96 bytes, or an AeadKey prepared from them (what the key ring holds). */
export type DataKeyMaterial = Uint8Array | AeadKey;

const prepared = (key: DataKeyMaterial): AeadKey => (key instanceof AeadKey ? key : new AeadKey(key));

export const BINARY_SUBTYPE_ENCRYPTED = 6;
export const ALGORITHMS = { deterministic: 1, random: 2 } as const;
export type Algorithm = keyof typeof ALGORITHMS;
export const ALGORITHM_NAMES: Record<Algorithm, string> = {
  deterministic: 'AEAD_AES_256_CBC_HMAC_SHA_512-Deterministic',
  random: 'AEAD_AES_256_CBC_HMAC_SHA_512-Random',
};

const KEY_ID_LENGTH = 16;
const HEADER_LENGTH = 1 + KEY_ID_LENGTH + 1;

// BSON types the format refuses. Deterministic encryption of a value with no single encoding
// (documents, arrays, doubles, decimals, booleans) would leak or mismatch; null, undefined,
// minKey and maxKey carry nothing worth hiding.
const NEVER: ReadonlySet<number> = new Set([0x06, 0x0a, 0x7f, 0xff]);
const NOT_DETERMINISTIC: ReadonlySet<number> = new Set([0x01, 0x03, 0x04, 0x08, 0x0f, 0x13]);

export class FleFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FleFormatError';
  }
}

export interface EncryptedParts {
  readonly algorithm: Algorithm;
  readonly keyId: Buffer;
  readonly bsonType: number;
  readonly header: Buffer;
  readonly ciphertext: Buffer;
}

/** True for a subtype-6 Binary whose first byte says deterministic or random ciphertext. */
export function isEncryptedValue(value: unknown): value is Binary {
  // By tag, not instanceof: the ESM and CommonJS builds of bson are distinct classes in one process.
  if ((value as { _bsontype?: unknown } | null)?._bsontype !== 'Binary' || (value as Binary).sub_type !== BINARY_SUBTYPE_ENCRYPTED) return false;
  const first = (value as Binary).buffer[0];
  return first === ALGORITHMS.deterministic || first === ALGORITHMS.random;
}

/** Splits a ciphertext into its parts; null when it is too short to be one. */
export function parseEncrypted(value: Binary): EncryptedParts | null {
  const bytes = Buffer.from(value.buffer.buffer, value.buffer.byteOffset, value.position);
  if (bytes.length <= HEADER_LENGTH) return null;
  const algorithm = bytes[0] === ALGORITHMS.deterministic ? 'deterministic' : bytes[0] === ALGORITHMS.random ? 'random' : null;
  if (algorithm === null) return null;
  return {
    algorithm,
    keyId: bytes.subarray(1, 1 + KEY_ID_LENGTH),
    bsonType: bytes[1 + KEY_ID_LENGTH]!,
    header: bytes.subarray(0, HEADER_LENGTH),
    ciphertext: bytes.subarray(HEADER_LENGTH),
  };
}

/** The value's BSON type byte and its encoding without type and name. */
export function encodeBsonValue(value: unknown): { bsonType: number; bytes: Buffer } {
  const doc = BSON.serialize({ '': value });
  // int32 length | type | "" NUL | value | NUL
  return { bsonType: doc[4]!, bytes: Buffer.from(doc.subarray(6, doc.length - 1)) };
}

export function decodeBsonValue(bsonType: number, bytes: Uint8Array): unknown {
  // Strings are most of what a CRM encrypts: int32 length (bytes + NUL), UTF-8, NUL.
  if (bsonType === 0x02) {
    const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
    const len = bytes.length >= 5 ? buf.readInt32LE(0) : -1;
    if (len !== bytes.length - 4 || buf[bytes.length - 1] !== 0) throw new FleFormatError('malformed string value');
    return buf.toString('utf8', 4, bytes.length - 1);
  }
  const doc = Buffer.alloc(4 + 1 + 1 + bytes.length + 1);
  doc.writeInt32LE(doc.length, 0);
  doc[4] = bsonType;
  doc[5] = 0;
  doc.set(bytes, 6);
  doc[doc.length - 1] = 0;
  return BSON.deserialize(doc)[''];
}

export function encryptValue(value: unknown, algorithm: Algorithm, keyId: Uint8Array, keyMaterial: DataKeyMaterial): Binary {
  const { bsonType, bytes } = encodeBsonValue(value);
  return encryptBsonBytes(bsonType, bytes, algorithm, keyId, keyMaterial);
}

/** Encrypts an already encoded BSON value (type byte and value bytes). */
export function encryptBsonBytes(bsonType: number, bytes: Uint8Array, algorithm: Algorithm, keyId: Uint8Array, keyMaterial: DataKeyMaterial): Binary {
  if (keyId.length !== KEY_ID_LENGTH) throw new FleFormatError('a data key id is a 16-byte UUID');
  if (NEVER.has(bsonType)) throw new FleFormatError(`BSON type 0x${bsonType.toString(16)} cannot be encrypted`);
  if (algorithm === 'deterministic' && NOT_DETERMINISTIC.has(bsonType)) {
    throw new FleFormatError(`BSON type 0x${bsonType.toString(16)} cannot be encrypted deterministically`);
  }
  const header = Buffer.alloc(HEADER_LENGTH);
  header[0] = ALGORITHMS[algorithm];
  header.set(keyId, 1);
  header[1 + KEY_ID_LENGTH] = bsonType;
  const key = prepared(keyMaterial);
  const iv = algorithm === 'deterministic' ? key.deterministicIv(header, bytes) : randomIv();
  return new Binary(Buffer.concat([header, key.encrypt(bytes, header, iv)]), BINARY_SUBTYPE_ENCRYPTED);
}

/** The plaintext value, or null when the ciphertext does not verify under this key (tampered or wrong key). */
export function decryptParts(parts: EncryptedParts, keyMaterial: DataKeyMaterial): { value: unknown } | null {
  const plain = decryptBsonBytes(parts, keyMaterial);
  if (plain === null) return null;
  try {
    return { value: decodeBsonValue(parts.bsonType, plain) };
  } catch {
    return null;
  }
}

/** The encoded plaintext (value bytes of `parts.bsonType`), or null when it does not verify. */
export function decryptBsonBytes(parts: EncryptedParts, keyMaterial: DataKeyMaterial): Buffer | null {
  return prepared(keyMaterial).decrypt(parts.ciphertext, parts.header);
}
