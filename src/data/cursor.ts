// Opaque page cursors. A cursor carries the sort values of the last row so the next page can be
// fetched by keyset, and a sort value can be a sensitive one (ordering by name): so cursors are
// encrypted and authenticated (AES-256-GCM), bound to the ordering they were made for, and can
// neither be read nor forged by clients (docs/design.md, "Inference and side channels": cursors that encode a sort value leak it).
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { EJSON } from 'bson';

export interface CursorPosition {
  readonly values: readonly unknown[];
}

export interface CursorCodec {
  encode(position: CursorPosition, binding: string): string;
  /** Returns null for anything that is not a cursor this gateway made for this binding. */
  decode(cursor: string, binding: string): CursorPosition | null;
}

export function createCursorCodec(key: Buffer): CursorCodec {
  if (key.length !== 32) throw new Error('cursor key must be 32 bytes');
  return {
    encode(position, binding) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(binding));
      const body = Buffer.concat([cipher.update(EJSON.stringify(position.values, { relaxed: false }), 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
    },
    decode(cursor, binding) {
      if (cursor.length > 4096 || !/^[A-Za-z0-9_-]+$/.test(cursor)) return null;
      const raw = Buffer.from(cursor, 'base64url');
      if (raw.length < 29) return null;
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
        decipher.setAAD(Buffer.from(binding));
        decipher.setAuthTag(raw.subarray(12, 28));
        const text = Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
        const values = EJSON.parse(text, { relaxed: false }) as unknown;
        return Array.isArray(values) ? { values } : null;
      } catch {
        return null;
      }
    },
  };
}
