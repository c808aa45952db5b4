// A fast path for sorting by plain fields whose values are scalars (the common case: dates,
// numbers, strings, ObjectIds). Values compare in MongoDB's BSON order; documents whose sort
// values are arrays, sub-documents or other types make the caller fall back to mingo's $sort.
import { ObjectId } from 'bson';
import type { Doc } from './keys';

// MongoDB's comparison order of BSON types (subset handled here).
const RANK_NULL = 1;
const RANK_NUMBER = 2;
const RANK_STRING = 3;
const RANK_OBJECT_ID = 7;
const RANK_BOOL = 8;
const RANK_DATE = 9;

function get(doc: Doc, segments: readonly string[]): unknown {
  let v: unknown = doc;
  for (const s of segments) {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return undefined;
    v = (v as Doc)[s];
  }
  return v;
}

/** A sortable key for a value, or undefined when the value needs the general comparator. */
function keyOf(v: unknown): { rank: number; value: number | string } | undefined {
  if (v === null || v === undefined) return { rank: RANK_NULL, value: 0 };
  switch (typeof v) {
    case 'number':
      return Number.isNaN(v) ? undefined : { rank: RANK_NUMBER, value: v };
    case 'string':
      return { rank: RANK_STRING, value: v };
    case 'boolean':
      return { rank: RANK_BOOL, value: v ? 1 : 0 };
    default:
      if (v instanceof Date) return { rank: RANK_DATE, value: v.getTime() };
      if (v instanceof ObjectId) return { rank: RANK_OBJECT_ID, value: v.toHexString() };
      return undefined;
  }
}

/**
 * Sorts docs by `sort` ({path: 1|-1}); returns null when some value is not a plain scalar, so
 * the caller uses the general implementation. Stable, like mongod's in-memory sort on ties.
 */
export function fastSort(docs: Doc[], sort: Doc): Doc[] | null {
  const fields = Object.entries(sort).map(([path, dir]) => ({ segments: path.split('.'), dir: dir === -1 ? -1 : 1 }));
  const n = docs.length;
  const keys: { rank: number; value: number | string }[][] = new Array(n);
  for (let i = 0; i < n; i++) {
    const row: { rank: number; value: number | string }[] = new Array(fields.length);
    for (let f = 0; f < fields.length; f++) {
      const k = keyOf(get(docs[i]!, fields[f]!.segments));
      if (k === undefined) return null;
      row[f] = k;
    }
    keys[i] = row;
  }
  const order = Array.from({ length: n }, (_, i) => i);
  order.sort((a, b) => {
    const ka = keys[a]!;
    const kb = keys[b]!;
    for (let f = 0; f < fields.length; f++) {
      const x = ka[f]!;
      const y = kb[f]!;
      let c = x.rank - y.rank;
      // Strings compare by code units here; mongod's default (no collation) compares UTF-8
      // bytes, which orders the same for the BMP text a CRM holds.
      if (c === 0) c = x.value < y.value ? -1 : x.value > y.value ? 1 : 0;
      if (c !== 0) return c * fields[f]!.dir;
    }
    return a - b;
  });
  return order.map((i) => docs[i]!);
}
