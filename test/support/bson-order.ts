// Reference semantics for MongoDB's comparison and sort order, written from the MongoDB manual
// ("Comparison/Sort Order") and independently of src/embedded, so the differential test can judge
// the store instead of agreeing with itself. Simple rather than fast.
//
// - Types order: MinKey < null (and missing) < numbers < string/symbol < object < array < BinData
//   < ObjectId < boolean < Date < Timestamp < regex < MaxKey.
// - Numbers of every width compare by exact value; NaN equals NaN and is below every other number.
// - Strings compare by UTF-8 bytes (no collation), i.e. by code point.
// - Embedded documents compare pair by pair in stored order: value type, then field name, then
//   value; a document that runs out of pairs first is less. Arrays compare element by element.
// - Sort keys: a path reaching an array yields its elements; an ascending sort uses the smallest,
//   a descending one the largest; an empty array sorts below null and missing.
import type { Document } from 'mongodb';

type Bsonish = { _bsontype?: string };

/** An empty array's sort key: below null and missing, in both directions. */
export const EMPTY_ARRAY_KEY: unique symbol = Symbol('empty array sort key');

function bsonType(v: unknown): string | undefined {
  return v !== null && typeof v === 'object' ? (v as Bsonish)._bsontype : undefined;
}

export function typeRank(v: unknown): number {
  if (v === EMPTY_ARRAY_KEY) return 1.5;
  if (v === null || v === undefined) return 2;
  switch (typeof v) {
    case 'number':
    case 'bigint':
      return 3;
    case 'string':
      return 4;
    case 'boolean':
      return 9;
  }
  if (Array.isArray(v)) return 6;
  if (v instanceof Date) return 10;
  if (v instanceof RegExp) return 12;
  switch (bsonType(v)) {
    case 'MinKey':
      return 1;
    case 'Int32':
    case 'Double':
    case 'Long':
    case 'Decimal128':
      return 3;
    case 'BSONSymbol':
      return 4;
    case 'Binary':
      return 7;
    case 'ObjectId':
      return 8;
    case 'Timestamp':
      return 11;
    case 'BSONRegExp':
      return 12;
    case 'MaxKey':
      return 13;
    case undefined:
      return 5;
  }
  throw new Error(`reference comparator: unsupported value ${String(v)}`);
}

/** A number as sign-free exact rational coefficient × 10^exp, or a special value. */
type Exact = { kind: 'nan' } | { kind: 'inf'; sign: 1 | -1 } | { kind: 'finite'; coef: bigint; exp: number };

function exactOfDouble(x: number): Exact {
  if (Number.isNaN(x)) return { kind: 'nan' };
  if (!Number.isFinite(x)) return { kind: 'inf', sign: x > 0 ? 1 : -1 };
  if (Number.isInteger(x)) return { kind: 'finite', coef: BigInt(x), exp: 0 };
  // x = m / 2^k exactly (k > 0 since x is not an integer) = m·5^k / 10^k.
  let k = 0;
  let m = x;
  while (!Number.isInteger(m)) {
    m *= 2;
    k++;
  }
  return { kind: 'finite', coef: BigInt(m) * 5n ** BigInt(k), exp: -k };
}

function exactOfDecimalString(s: string): Exact {
  if (/nan/i.test(s)) return { kind: 'nan' };
  if (/inf/i.test(s)) return { kind: 'inf', sign: s.startsWith('-') ? -1 : 1 };
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(s);
  if (!m) throw new Error(`reference comparator: unparsable decimal ${s}`);
  const [, sign, int = '', frac = '', e = '0'] = m;
  const coef = BigInt(`${int}${frac}` || '0');
  return { kind: 'finite', coef: sign === '-' ? -coef : coef, exp: Number(e) - frac.length };
}

function exactOf(v: unknown): Exact {
  if (typeof v === 'number') return exactOfDouble(v);
  if (typeof v === 'bigint') return { kind: 'finite', coef: v, exp: 0 };
  switch (bsonType(v)) {
    case 'Int32':
    case 'Double':
      return exactOfDouble((v as { value: number }).value);
    case 'Long':
      return { kind: 'finite', coef: BigInt(String(v)), exp: 0 };
    case 'Decimal128':
      return exactOfDecimalString(String(v));
  }
  throw new Error('reference comparator: not a number');
}

function cmpBig(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function compareNumbers(a: unknown, b: unknown): number {
  const x = exactOf(a);
  const y = exactOf(b);
  const rank = (e: Exact): number => (e.kind === 'nan' ? 0 : e.kind === 'inf' ? (e.sign < 0 ? 1 : 3) : 2);
  if (rank(x) !== rank(y)) return Math.sign(rank(x) - rank(y));
  if (x.kind !== 'finite' || y.kind !== 'finite') return 0;
  const exp = Math.min(x.exp, y.exp);
  return cmpBig(x.coef * 10n ** BigInt(x.exp - exp), y.coef * 10n ** BigInt(y.exp - exp));
}

export function compareStrings(a: string, b: string): number {
  const ca = Array.from(a, (c) => c.codePointAt(0)!);
  const cb = Array.from(b, (c) => c.codePointAt(0)!);
  for (let i = 0; i < Math.min(ca.length, cb.length); i++) if (ca[i] !== cb[i]) return ca[i]! < cb[i]! ? -1 : 1;
  return Math.sign(ca.length - cb.length);
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1;
  return Math.sign(a.length - b.length);
}

function comparePairs(a: [string, unknown][], b: [string, unknown][]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const [ka, va] = a[i]!;
    const [kb, vb] = b[i]!;
    const byType = Math.sign(typeRank(va) - typeRank(vb));
    if (byType) return byType;
    const byName = compareStrings(ka, kb);
    if (byName) return byName;
    const byValue = compareValues(va, vb);
    if (byValue) return byValue;
  }
  return Math.sign(a.length - b.length);
}

/** MongoDB's total order of BSON values (missing compares as null). */
export function compareValues(a: unknown, b: unknown): number {
  const ra = typeRank(a);
  const rb = typeRank(b);
  if (ra !== rb) return Math.sign(ra - rb);
  switch (ra) {
    case 3:
      return compareNumbers(a, b);
    case 4:
      return compareStrings(String(a), String(b));
    case 5:
      return comparePairs(Object.entries(a as Document), Object.entries(b as Document));
    case 6:
      return comparePairs(
        (a as unknown[]).map((v, i) => [String(i), v]),
        (b as unknown[]).map((v, i) => [String(i), v]),
      );
    case 7: {
      // A Binary's buffer may have spare capacity past `position`.
      const x = a as { buffer: Uint8Array; position: number; sub_type: number };
      const y = b as { buffer: Uint8Array; position: number; sub_type: number };
      const bx = x.buffer.subarray(0, x.position);
      const by = y.buffer.subarray(0, y.position);
      return Math.sign(bx.length - by.length) || Math.sign(x.sub_type - y.sub_type) || compareBytes(bx, by);
    }
    case 8:
      return compareStrings((a as { toHexString(): string }).toHexString(), (b as { toHexString(): string }).toHexString());
    case 9:
      return Number(a) - Number(b);
    case 10:
      return Math.sign((a as Date).getTime() - (b as Date).getTime());
    default:
      return 0;
  }
}

/** The values a sort on `path` sees in `doc` (array elements expanded, missing as null). */
export function sortValues(doc: unknown, path: string): unknown[] {
  const out: unknown[] = [];
  const walk = (v: unknown, parts: string[]): void => {
    if (parts.length === 0) {
      if (Array.isArray(v)) {
        if (v.length === 0) out.push(EMPTY_ARRAY_KEY);
        else out.push(...v);
      } else out.push(v ?? null);
      return;
    }
    if (Array.isArray(v)) {
      for (const e of v) if (typeRank(e) === 5) walk(e, parts);
      return;
    }
    if (typeRank(v) !== 5) {
      out.push(null);
      return;
    }
    walk((v as Document)[parts[0]!], parts.slice(1));
  };
  walk(doc, path.split('.'));
  return out.length ? out : [null];
}

export function sortKey(doc: unknown, path: string, dir: 1 | -1): unknown {
  const values = sortValues(doc, path);
  return values.reduce((best, v) => (compareValues(v, best) * dir < 0 ? v : best));
}

/** A comparator for documents by a MongoDB sort specification. */
export function documentOrder(sort: Record<string, 1 | -1>): (a: Document, b: Document) => number {
  const fields = Object.entries(sort);
  return (a, b) => {
    for (const [path, dir] of fields) {
      const c = compareValues(sortKey(a, path, dir), sortKey(b, path, dir));
      if (c) return c * dir;
    }
    return 0;
  };
}
