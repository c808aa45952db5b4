// The canonical encoding a ledger document's hash is computed over: a JSON array of its fields in
// a fixed order, each value in a fixed representation. It depends only on what MongoDB stores and
// returns (a Date, an ObjectId, a string), never on property order or driver options, so
// `audit verify` recomputes the same bytes from the stored document years later.
import { EJSON } from 'bson';
import { isObjectId } from '../data/ids';

/**
 * An identifier as one string that keeps its BSON type: ObjectId("…") and "…" must not collide.
 * Also the key the batch builder dedupes customers with. Strings keep large id arrays cheap to
 * encode (JSON.stringify of a string array) — a 1,000-row page hashes 2,000 of them.
 */
export function idKey(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (isObjectId(value)) return `o${value.toHexString()}`;
  if (typeof value === 'string') return `s${value}`;
  if (typeof value === 'number') return `n${value}`;
  return `e${EJSON.stringify(value, { relaxed: false })}`;
}

function idKeys(list: unknown): (string | null)[] | null {
  if (!Array.isArray(list)) return null;
  const out = new Array<string | null>(list.length);
  for (let i = 0; i < list.length; i++) out[i] = idKey(list[i]);
  return out;
}

function time(value: unknown): number | null {
  return value instanceof Date ? value.getTime() : null;
}

type Stored = Record<string, unknown>;

/**
 * Format 2 (a disclosure batch): everything but `hash` (and the store's `_id`), version first.
 * Optional entry members encode as null whether absent or null. Anything malformed encodes as
 * null rather than throwing, so a tampered document fails its hash instead of stopping verify.
 */
export function canonicalBatchEncoding(b: Stored): string {
  const groups = Array.isArray(b.groups)
    ? b.groups.map((g: Stored | null) =>
        typeof g !== 'object' || g === null
          ? null
          : [
              g.collection ?? null,
              Array.isArray(g.entries)
                ? g.entries.map((e: Stored | null) =>
                    typeof e !== 'object' || e === null
                      ? null
                      : [e.field ?? null, e.path ?? null, e.class ?? null, e.level ?? null, e.decision ?? null, e.reason ?? null, e.levelBefore ?? null, e.levelAfter ?? null],
                  )
                : null,
              idKeys(g.docIds),
              g.customerIds === undefined ? null : idKeys(g.customerIds),
            ],
      )
    : null;
  return JSON.stringify([
    b.v,
    b.instanceId,
    b.seq,
    b.prevHash,
    time(b.ts),
    b.requestId,
    b.operationName ?? null,
    b.subject,
    b.role ?? null,
    b.tokenKind,
    b.jti ?? null,
    b.clientAddress ?? null,
    b.policyVersion,
    b.n,
    idKeys(b.customerIds),
    b.fields ?? null,
    groups,
    // Only batches of report runs carry it; older batches keep the encoding they were hashed with.
    ...(b.report === undefined ? [] : [reportEncoding(b.report)]),
  ]);
}

/** Identifiers of format 1 keep their BSON type as a tagged pair. */
function canonicalIdV1(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (isObjectId(value)) return ['oid', value.toHexString()];
  if (typeof value === 'string') return ['s', value];
  if (typeof value === 'number') return ['n', value];
  return ['ejson', EJSON.stringify(value, { relaxed: false })];
}

/** Format 1 (one document per record, before batches): still verified, never written. */
export function canonicalRecordEncodingV1(r: Stored): string {
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
    canonicalIdV1(r.docId),
    canonicalIdV1(r.customerId),
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

function reportEncoding(r: unknown): unknown {
  if (typeof r !== 'object' || r === null) return null;
  const { id, version, paramsHash, page } = r as Stored;
  return [id ?? null, version ?? null, paramsHash ?? null, page ?? null];
}
