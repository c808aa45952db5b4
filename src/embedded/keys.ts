// Canonical string keys for BSON values, so documents and index entries can live in plain Maps.
// Two values get the same key exactly when an equality match treats them as equal for the
// scalar types indexes are used for (numbers of any width compare by value, as in MongoDB).
export type Doc = Record<string, unknown>;

interface BsonLike {
  _bsontype?: string;
  toHexString?: () => string;
  toString(): string;
}

export function valueKey(v: unknown): string {
  switch (typeof v) {
    case 'number':
      return Object.is(v, -0) ? 'n0' : `n${v}`;
    case 'string':
      return `s${v}`;
    case 'boolean':
      return v ? 'T' : 'F';
    case 'bigint':
      return `n${v}`;
    case 'undefined':
      return 'z';
  }
  if (v === null) return 'z';
  if (v instanceof Date) return `d${v.getTime()}`;
  if (v instanceof RegExp) return `r/${v.source}/${v.flags}`;
  if (Array.isArray(v)) return `a[${v.map(valueKey).join(',')}]`;
  const b = v as BsonLike;
  switch (b._bsontype) {
    case 'ObjectId':
      return `o${b.toHexString!()}`;
    case 'Long':
      return `n${b.toString()}`;
    case 'Decimal128':
      return `m${b.toString()}`;
    case 'Binary': {
      const bin = v as { sub_type: number; toString(enc: string): string };
      return `b${bin.sub_type}:${bin.toString('base64')}`;
    }
    case undefined: {
      const o = v as Doc;
      let out = '{';
      for (const k of Object.keys(o)) out += `${JSON.stringify(k)}:${valueKey(o[k])},`;
      return `${out}}`;
    }
    default:
      return `${b._bsontype}:${b.toString()}`;
  }
}

/** True for values an index lookup can serve by equality (not documents, arrays or regexes). */
export function isIndexableScalar(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  const t = typeof v;
  if (t === 'number' || t === 'string' || t === 'boolean' || t === 'bigint') return true;
  if (v instanceof Date) return true;
  const bt = (v as BsonLike)._bsontype;
  return bt === 'ObjectId' || bt === 'Long' || bt === 'Decimal128' || bt === 'Binary';
}

export function isPlainObject(v: unknown): v is Doc {
  if (v === null || typeof v !== 'object') return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/**
 * Every value stored at a dotted path, descending into arrays the way a multikey index does:
 * an array met on the way is expanded, a terminal array contributes its elements.
 * A missing path yields `undefined` once (indexes store it as null).
 */
export function pathValues(doc: unknown, path: string): unknown[] {
  const out: unknown[] = [];
  collect(doc, path.split('.'), 0, out);
  if (out.length === 0) out.push(undefined);
  return out;
}

function collect(v: unknown, parts: string[], i: number, out: unknown[]): void {
  if (i === parts.length) {
    if (Array.isArray(v)) {
      if (v.length === 0) out.push(undefined);
      else for (const e of v) out.push(e);
    } else out.push(v);
    return;
  }
  if (Array.isArray(v)) {
    const part = parts[i];
    if (/^\d+$/.test(part)) collect(v[Number(part)], parts, i + 1, out);
    for (const e of v) if (isPlainObject(e)) collect(e, parts, i, out);
    return;
  }
  if (!isPlainObject(v)) {
    out.push(undefined);
    return;
  }
  collect(v[parts[i]], parts, i + 1, out);
}

/** The single value at a dotted path (no array expansion), for building error messages. */
export function getPath(doc: Doc, path: string): unknown {
  let v: unknown = doc;
  for (const part of path.split('.')) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Doc)[part];
  }
  return v;
}
