// Field encryption as the gateway applies it: which classified fields are stored encrypted (the
// policy's `encryption` section, never guessed from the data), encryption of values before they
// are written or looked up, and decryption just before masking. Decryption fails closed: a value
// that does not verify (tampered, or under a key this instance cannot open) is never returned,
// only the reason, and every failure is counted for /metrics. Plaintext left in an encrypted field
// (a collection not yet migrated) reads as it is, so `crm-gateway encrypt` can run while serving.
import type { DataClass } from '../policy/classes';
import type { CompiledPolicy, EncryptedClass } from '../policy/compile';
import type { FieldInfo } from '../schema/field-map';
import { encryptValue, isEncryptedValue, parseEncrypted, decryptParts, type Algorithm } from './fle-format';
import type { KeyRing } from './key-ring';

export type DecryptFailure = 'tampered' | 'missing_key';
export type Opened = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly reason: DecryptFailure };

export class EncryptionUnavailableError extends Error {
  constructor(readonly dataClass: DataClass) {
    super(`the data key for ${dataClass} is not in the key vault or not readable with this master key`);
    this.name = 'EncryptionUnavailableError';
  }
}

export interface CryptoStats {
  readonly decrypted: number;
  readonly failures: Readonly<Record<DecryptFailure, number>>;
}

export interface FieldCrypto {
  /** The declared algorithm of a classified field; null when it is stored in clear. */
  algorithmOf(field: FieldInfo): Algorithm | null;
  /** The value to store: ciphertext for a declared field, the value itself otherwise (null stays null). */
  forStore(field: FieldInfo, value: unknown): unknown;
  /** The value to look up: deterministic ciphertext for a deterministic field, the value otherwise. */
  forLookup(field: FieldInfo, value: unknown): unknown;
  /** A stored value made readable: ciphertext decrypted, anything else as it is. */
  open(raw: unknown): Opened;
  stats(): CryptoStats;
}

export function createFieldCrypto(policy: CompiledPolicy, ring: KeyRing): FieldCrypto {
  const declared: ReadonlyMap<DataClass, EncryptedClass> = policy.encryption;
  let decrypted = 0;
  const failures: Record<DecryptFailure, number> = { tampered: 0, missing_key: 0 };

  const encrypt = (field: FieldInfo, value: unknown, algorithm: Algorithm): unknown => {
    if (value === null || value === undefined || isEncryptedValue(value)) return value;
    const cls = field.dataClass!;
    const key = ring.resolve(declared.get(cls)!.key);
    if (!key) {
      ring.missed();
      throw new EncryptionUnavailableError(cls);
    }
    return encryptValue(value, algorithm, key.id, key.material);
  };

  const algorithmOf = (field: FieldInfo): Algorithm | null => (field.dataClass ? (declared.get(field.dataClass)?.algorithm ?? null) : null);

  return {
    algorithmOf,
    forStore(field, value) {
      const algorithm = algorithmOf(field);
      return algorithm === null ? value : encrypt(field, value, algorithm);
    },
    forLookup(field, value) {
      return algorithmOf(field) === 'deterministic' ? encrypt(field, value, 'deterministic') : value;
    },
    open(raw) {
      if (!isEncryptedValue(raw)) return { ok: true, value: raw };
      const parts = parseEncrypted(raw);
      if (parts === null) {
        failures.tampered++;
        return { ok: false, reason: 'tampered' };
      }
      const material = ring.material(parts.keyId);
      if (!material) {
        failures.missing_key++;
        ring.missed();
        return { ok: false, reason: 'missing_key' };
      }
      const opened = decryptParts(parts, material);
      if (opened === null) {
        failures.tampered++;
        return { ok: false, reason: 'tampered' };
      }
      decrypted++;
      return { ok: true, value: opened.value };
    },
    stats: () => ({ decrypted, failures: { ...failures } }),
  };
}
