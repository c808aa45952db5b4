// Cursors expire, and are bound to the binding they were made for (the caller, the filter and
// the ordering, as pagination.ts builds it). The clock is injected: no waiting, no timing.
import { randomBytes } from 'node:crypto';
import { Int32, ObjectId } from 'bson';
import { describe, expect, it } from 'vitest';
import { callerBinding, createCursorCodec, DEFAULT_CURSOR_TTL_MS } from '../../src/data/cursor';

describe('cursor codec', () => {
  const key = randomBytes(32);
  const values = [new Date('2025-01-02T03:04:05Z'), new ObjectId(), new Int32(7), 'Zhang San', null];

  it('round-trips values with their BSON types until the cursor expires, then refuses it', () => {
    let now = 1_700_000_000_000;
    const codec = createCursorCodec(key, { clock: () => now });
    const cursor = codec.encode({ values }, 'b');
    expect(codec.decode(cursor, 'b')).toEqual({ values });
    now += DEFAULT_CURSOR_TTL_MS;
    expect(codec.decode(cursor, 'b')).toEqual({ values });
    now += 1;
    expect(codec.decode(cursor, 'b')).toBeNull();
  });

  it('honours a configured lifetime', () => {
    let now = 0;
    const codec = createCursorCodec(key, { ttlMs: 60_000, clock: () => now });
    const cursor = codec.encode({ values: [1] }, 'b');
    now = 60_001;
    expect(codec.decode(cursor, 'b')).toBeNull();
  });

  it('is refused under another caller binding, and by a codec with another key', () => {
    const codec = createCursorCodec(key);
    const admin = callerBinding({ subject: 'admin-1', role: 'admin', team: null, kind: 'user' });
    const sales = callerBinding({ subject: 'admin-1', role: 'sales', team: null, kind: 'user' });
    const cursor = codec.encode({ values }, `${admin}|customers`);
    expect(codec.decode(cursor, `${admin}|customers`)).not.toBeNull();
    expect(codec.decode(cursor, `${sales}|customers`)).toBeNull();
    expect(createCursorCodec(randomBytes(32)).decode(cursor, `${admin}|customers`)).toBeNull();
  });
});
