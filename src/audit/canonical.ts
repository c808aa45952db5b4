// The canonical encoding a record's hash is computed over: a JSON array of the record's fields in
// a fixed order, each value in a fixed representation. It depends only on what MongoDB stores and
// returns (a Date, an ObjectId, a string), never on property order or driver options, so
// `audit verify` recomputes the same bytes from the stored document years later.
import { EJSON } from 'bson';
import type { LedgerRecord } from './record';

/** An ObjectId from any copy of the bson package (the driver's CJS build and our ESM import differ). */
export function isObjectId(value: unknown): value is { toHexString(): string } {
  return typeof value === 'object' && value !== null && (value as { _bsontype?: unknown })._bsontype === 'ObjectId';
}

/** Identifiers keep their BSON type in the encoding: ObjectId("…") and "…" must not collide. */
function canonicalId(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (isObjectId(value)) return ['oid', value.toHexString()];
  if (typeof value === 'string') return ['s', value];
  if (typeof value === 'number') return ['n', value];
  return ['ejson', EJSON.stringify(value, { relaxed: false })];
}

function time(value: unknown): number | null {
  return value instanceof Date ? value.getTime() : null;
}

/** Everything but `hash` (and the store's `_id`), version first. */
export function canonicalEncoding(r: LedgerRecord): string {
  return JSON.stringify([
    r.v,
    r.instanceId,
    r.seq,
    r.prevHash,
    time(r.ts),
    r.requestId,
    r.operationName,
    r.subject,
    r.role,
    r.tokenKind,
    r.jti,
    r.clientAddress,
    r.collection,
    canonicalId(r.docId),
    canonicalId(r.customerId),
    r.field,
    r.path,
    r.responsePath,
    r.class,
    r.level,
    r.decision,
    r.reason,
    r.policyVersion,
    r.levelBefore ?? null,
    r.levelAfter ?? null,
  ]);
}
