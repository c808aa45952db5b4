// Opaque page cursors. A cursor carries the sort values of the last row so the next page can be
// fetched by keyset, and a sort value can be a sensitive one (ordering by name): so cursors are
// encrypted and authenticated (AES-256-GCM) and can neither be read nor forged by clients
// (docs/inference.md: cursors that encode a sort value leak it).
//
// A cursor is also bound (as GCM associated data) to what it was made for: the caller (subject,
// role, team, token kind), the filter (row scope included) and the ordering. A cursor handed from
// one caller to another, or replayed under another filter, is refused like a forged one, so it
// can never carry one caller's position, and the sort values in it, into another's query. And
// it expires (an hour by default): a leaked cursor is not a standing pass.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { EJSON } from 'bson';

export interface CursorPosition {
  readonly values: readonly unknown[];
}

export interface CursorCodec {
  encode(position: CursorPosition, binding: string): string;
  /** Returns null for anything that is not a live cursor this gateway made for this binding. */
  decode(cursor: string, binding: string): CursorPosition | null;
}

export interface CursorOptions {
  /** How long a cursor stays valid after it was issued. @default 1 hour */
  readonly ttlMs?: number;
  readonly clock?: () => number;
}

export const DEFAULT_CURSOR_TTL_MS = 3_600_000;

/** The part of a cursor's binding that names the caller: whoever it was issued to. */
export function callerBinding(p: { readonly subject: string; readonly role: string | null; readonly team: string | null; readonly kind: string }): string {
  return JSON.stringify([p.subject, p.role, p.team, p.kind]);
}

export function createCursorCodec(key: Buffer, options: CursorOptions = {}): CursorCodec {
  if (key.length !== 32) throw new Error('cursor key must be 32 bytes');
  const ttl = options.ttlMs ?? DEFAULT_CURSOR_TTL_MS;
  const clock = options.clock ?? Date.now;
  return {
    encode(position, binding) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(binding));
      // The expiry as a decimal string: canonical EJSON would wrap a number in a BSON type.
      const payload = EJSON.stringify({ v: position.values, x: String(clock() + ttl) }, { relaxed: false });
      const body = Buffer.concat([cipher.update(payload, 'utf8'), cipher.final()]);
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
        // Canonical EJSON: the values keep their exact BSON types, as keyset filters need.
        const payload = EJSON.parse(text, { relaxed: false }) as { v?: unknown; x?: unknown };
        if (!Array.isArray(payload.v) || typeof payload.x !== 'string' || !(Number(payload.x) >= clock())) return null;
        return { values: payload.v };
      } catch {
        return null;
      }
    },
  };
}
