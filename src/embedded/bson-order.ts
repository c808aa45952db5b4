// MongoDB's comparison order of BSON values, used wherever the store sorts or compares: find
// sorts, the $sort stage, $group keys, $min/$max. mingo's own comparator orders sub-documents by
// sorted field names, ranks ObjectId, Long and Decimal128 after every other type and compares
// arrays as sorted sets; MongoDB does none of that, so the store does not use it.
//
// The order (MongoDB manual, "Comparison/Sort Order"): MinKey < null < numbers < string/symbol
// < object < array < BinData < ObjectId < boolean < Date < Timestamp < regex < MaxKey.
// Numbers of every width compare by exact value (NaN equals NaN, below every other number);
// strings by UTF-8 bytes; documents pair by pair in stored order (type, then name, then value).
import { isPlainObject } from './keys';

interface Bsonish {
  _bsontype?: string;
}

/**
 * The sort key of an empty array: below null and missing whichever the direction, as in mongod
 * (whose key generator gives an empty array the key `undefined`).
 */
const EMPTY_ARRAY = Symbol('empty array');

enum Rank {
  MinKey = 1,
  EmptyArray = 1.5,
  Null = 2,
  Number = 3,
  String = 4,
  Object = 5,
  Array = 6,
  Binary = 7,
  ObjectId = 8,
  Boolean = 9,
  Date = 10,
  Timestamp = 11,
  Regex = 12,
  MaxKey = 13,
  Other = 14,
}

function rankOf(v: unknown): Rank {
  switch (typeof v) {
    case 'number':
    case 'bigint':
      return Rank.Number;
    case 'string':
      return Rank.String;
    case 'boolean':
      return Rank.Boolean;
    case 'undefined':
      return Rank.Null;
    case 'symbol':
      return v === EMPTY_ARRAY ? Rank.EmptyArray : Rank.Other;
  }
  if (v === null) return Rank.Null;
  if (Array.isArray(v)) return Rank.Array;
  if (v instanceof Date) return Rank.Date;
  if (v instanceof RegExp) return Rank.Regex;
  switch ((v as Bsonish)._bsontype) {
    case undefined:
      return isPlainObject(v) ? Rank.Object : Rank.Other;
    case 'Int32':
    case 'Double':
    case 'Long':
    case 'Decimal128':
      return Rank.Number;
    case 'BSONSymbol':
      return Rank.String;
    case 'Binary':
      return Rank.Binary;
    case 'ObjectId':
      return Rank.ObjectId;
    case 'Timestamp':
      return Rank.Timestamp;
    case 'BSONRegExp':
      return Rank.Regex;
    case 'MinKey':
      return Rank.MinKey;
    case 'MaxKey':
      return Rank.MaxKey;
    default:
      return Rank.Other;
  }
}

/**
 * Whether two values are of one comparison class (all numbers are one; null and missing are
 * one): query range operators only ever match values of the queried value's class.
 */
export function sameTypeClass(a: unknown, b: unknown): boolean {
  return rankOf(a) === rankOf(b);
}

// ---- numbers ----

/** An exact number: `coef × 10^exp`, or NaN / ±Infinity. */
type Exact = { special: 'nan' | '-inf' | '+inf' } | { special: null; coef: bigint; exp: number };

function exactDouble(x: number): Exact {
  if (Number.isNaN(x)) return { special: 'nan' };
  if (x === Infinity) return { special: '+inf' };
  if (x === -Infinity) return { special: '-inf' };
  if (Number.isSafeInteger(x)) return { special: null, coef: BigInt(x), exp: 0 };
  // Only non-integral doubles met with a long or a decimal, or keying a $group, get here.
  const bits = new DataView(new ArrayBuffer(8));
  bits.setFloat64(0, x);
  const hi = bits.getUint32(0);
  const lo = bits.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  let mantissa = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  if (biased !== 0) mantissa |= 1n << 52n;
  const twos = (biased === 0 ? 1 : biased) - 1075; // x = ±mantissa × 2^twos
  const sign = hi >>> 31 ? -1n : 1n;
  // m × 2^-k = m × 5^k × 10^-k, so a binary fraction is a finite decimal.
  return twos >= 0 ? { special: null, coef: sign * (mantissa << BigInt(twos)), exp: 0 } : { special: null, coef: sign * mantissa * 5n ** BigInt(-twos), exp: twos };
}

function exactDecimal(text: string): Exact {
  if (text === 'NaN' || text === '-NaN') return { special: 'nan' };
  if (text === 'Infinity') return { special: '+inf' };
  if (text === '-Infinity') return { special: '-inf' };
  const e = text.search(/E/i);
  const mantissa = e < 0 ? text : text.slice(0, e);
  const dot = mantissa.indexOf('.');
  const digits = dot < 0 ? mantissa : mantissa.slice(0, dot) + mantissa.slice(dot + 1);
  const exp = (e < 0 ? 0 : Number(text.slice(e + 1))) - (dot < 0 ? 0 : mantissa.length - dot - 1);
  return { special: null, coef: BigInt(digits), exp };
}

function exactOf(v: unknown): Exact {
  if (typeof v === 'number') return exactDouble(v);
  if (typeof v === 'bigint') return { special: null, coef: v, exp: 0 };
  switch ((v as Bsonish)._bsontype) {
    case 'Int32':
    case 'Double':
      return exactDouble((v as { value: number }).value);
    case 'Long':
      return { special: null, coef: BigInt(String(v)), exp: 0 };
    default:
      return exactDecimal(String(v));
  }
}

function specialRank(x: Exact): number {
  return x.special === 'nan' ? 0 : x.special === '-inf' ? 1 : x.special === '+inf' ? 3 : 2;
}

function compareNumbers(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number' && !Number.isNaN(a) && !Number.isNaN(b)) return a < b ? -1 : a > b ? 1 : 0;
  const x = exactOf(a);
  const y = exactOf(b);
  const byRank = specialRank(x) - specialRank(y);
  if (byRank !== 0 || x.special !== null || y.special !== null) return Math.sign(byRank);
  const exp = Math.min(x.exp, y.exp);
  const cx = x.exp === exp ? x.coef : x.coef * 10n ** BigInt(x.exp - exp);
  const cy = y.exp === exp ? y.coef : y.coef * 10n ** BigInt(y.exp - exp);
  return cx < cy ? -1 : cx > cy ? 1 : 0;
}

/** The canonical text of a number's exact value: equal numbers of any width share it. */
function numberKey(v: unknown): string {
  if (typeof v === 'number' && Number.isSafeInteger(v)) return `n${v === 0 ? 0 : v}`;
  const x = exactOf(v);
  if (x.special !== null) return `n${x.special}`;
  let { coef, exp } = x;
  if (coef === 0n) return 'n0';
  while (coef % 10n === 0n) {
    coef /= 10n;
    exp++;
  }
  return exp >= 0 ? `n${coef * 10n ** BigInt(exp)}` : `n${coef}e${exp}`;
}

// ---- strings and bytes ----

/**
 * UTF-8 byte order is code point order. UTF-16 code units agree with it except that surrogates
 * (code points above U+FFFF) must rank above U+E000–U+FFFF: shift both ranges before comparing.
 */
function codePointOrder(unit: number): number {
  if (unit >= 0xd800) return unit <= 0xdfff ? unit + 0x2000 : unit - 0x800;
  return unit;
}

function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointOrder(x) < codePointOrder(y) ? -1 : 1;
  }
  return a.length < b.length ? -1 : 1;
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1;
  return Math.sign(a.length - b.length);
}

// ---- documents and arrays ----

/** Fields as BSON stores them: an `undefined` value is not serialised, so it is not a field. */
function fields(o: Record<string, unknown>): [string, unknown][] {
  const out: [string, unknown][] = [];
  for (const k of Object.keys(o)) if (o[k] !== undefined) out.push([k, o[k]]);
  return out;
}

function compareDocuments(a: Record<string, unknown>, b: Record<string, unknown>): number {
  const fa = fields(a);
  const fb = fields(b);
  const n = Math.min(fa.length, fb.length);
  for (let i = 0; i < n; i++) {
    const [ka, va] = fa[i]!;
    const [kb, vb] = fb[i]!;
    const byType = rankOf(va) - rankOf(vb);
    if (byType !== 0) return Math.sign(byType);
    const byName = compareStrings(ka, kb);
    if (byName !== 0) return byName;
    const byValue = compareValues(va, vb);
    if (byValue !== 0) return byValue;
  }
  return Math.sign(fa.length - fb.length);
}

function compareArrays(a: unknown[], b: unknown[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const c = compareValues(a[i], b[i]);
    if (c !== 0) return c;
  }
  return Math.sign(a.length - b.length);
}

/** MongoDB's total order of BSON values; `undefined` (missing) compares as null. */
export function compareValues(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number' && !Number.isNaN(a) && !Number.isNaN(b)) return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'string' && typeof b === 'string') return compareStrings(a, b);
  const ra = rankOf(a);
  const rb = rankOf(b);
  if (ra !== rb) return ra < rb ? -1 : 1;
  switch (ra) {
    case Rank.Number:
      return compareNumbers(a, b);
    case Rank.String:
      return compareStrings(String(a), String(b));
    case Rank.Object:
      return compareDocuments(a as Record<string, unknown>, b as Record<string, unknown>);
    case Rank.Array:
      return compareArrays(a as unknown[], b as unknown[]);
    case Rank.Binary: {
      const x = binaryBytes(a);
      const y = binaryBytes(b);
      return Math.sign(x.length - y.length) || Math.sign(subType(a) - subType(b)) || compareBytes(x, y);
    }
    case Rank.ObjectId:
      return compareBytes((a as { id: Uint8Array }).id, (b as { id: Uint8Array }).id);
    case Rank.Boolean:
      return Number(a) - Number(b);
    case Rank.Date:
      return Math.sign((a as Date).getTime() - (b as Date).getTime());
    case Rank.Timestamp: {
      const x = a as { t: number; i: number };
      const y = b as { t: number; i: number };
      return Math.sign(x.t - y.t) || Math.sign(x.i - y.i);
    }
    case Rank.Regex: {
      const [pa, fa] = regexParts(a);
      const [pb, fb] = regexParts(b);
      return compareStrings(pa, pb) || compareStrings(fa, fb);
    }
    case Rank.Other:
      return compareStrings(String(a), String(b));
    default:
      return 0;
  }
}

/** A Binary's content (its buffer may have spare capacity past `position`). */
function binaryBytes(v: unknown): Uint8Array {
  const b = v as { buffer: Uint8Array; position: number };
  return b.buffer.subarray(0, b.position);
}

function subType(v: unknown): number {
  return (v as { sub_type: number }).sub_type;
}

function regexParts(v: unknown): [string, string] {
  if (v instanceof RegExp) return [v.source, v.flags];
  const r = v as { pattern: string; options: string };
  return [r.pattern, r.options];
}

/**
 * A string that two values share exactly when `compareValues` finds them equal: numbers of any
 * width by exact value, documents field by field in stored order. Used to key $group partitions.
 */
export function equalityKey(v: unknown): string {
  switch (rankOf(v)) {
    case Rank.Null:
      return 'z';
    case Rank.Number:
      return numberKey(v);
    case Rank.String:
      return `s${JSON.stringify(String(v))}`;
    case Rank.Object: {
      let out = '{';
      for (const [k, x] of fields(v as Record<string, unknown>)) out += `${JSON.stringify(k)}:${equalityKey(x)},`;
      return `${out}}`;
    }
    case Rank.Array:
      return `[${(v as unknown[]).map(equalityKey).join(',')}]`;
    case Rank.Boolean:
      return v ? 'T' : 'F';
    case Rank.Date:
      return `d${(v as Date).getTime()}`;
    case Rank.ObjectId:
      return `o${(v as { toHexString(): string }).toHexString()}`;
    case Rank.Binary:
      return `b${subType(v)}:${Buffer.from(binaryBytes(v)).toString('base64')}`;
    case Rank.Regex: {
      const [p, f] = regexParts(v);
      return `r${JSON.stringify(p)}/${f}`;
    }
    case Rank.Timestamp: {
      const t = v as { t: number; i: number };
      return `t${t.t}:${t.i}`;
    }
    case Rank.MinKey:
      return 'minKey';
    case Rank.MaxKey:
      return 'maxKey';
    default:
      return `?${String(v)}`;
  }
}

// ---- sort keys ----

/**
 * The values a sort on `segments` sees in `doc`: a path that meets an array continues into its
 * sub-documents, a path that ends on an array yields its elements (an empty one, EMPTY_ARRAY),
 * and a path that finds nothing yields null.
 */
function sortValues(doc: unknown, segments: readonly string[]): unknown[] {
  const out: unknown[] = [];
  const walk = (v: unknown, i: number): void => {
    if (i === segments.length) {
      if (!Array.isArray(v)) out.push(v ?? null);
      else if (v.length === 0) out.push(EMPTY_ARRAY);
      else for (const e of v) out.push(e);
      return;
    }
    if (Array.isArray(v)) {
      for (const e of v) if (isPlainObject(e)) walk(e, i);
      return;
    }
    walk(isPlainObject(v) ? v[segments[i]!] : undefined, i + 1);
  };
  walk(doc, 0);
  return out.length ? out : [null];
}

/** The key a document sorts by on one path: the smallest value ascending, the largest descending. */
export function sortKey(doc: unknown, segments: readonly string[], dir: 1 | -1): unknown {
  if (segments.length === 1) {
    const v = isPlainObject(doc) ? doc[segments[0]!] : undefined;
    if (!Array.isArray(v)) return v ?? null;
  }
  const values = sortValues(doc, segments);
  let best = values[0];
  for (let i = 1; i < values.length; i++) if (compareValues(values[i], best) * dir < 0) best = values[i];
  return best;
}
