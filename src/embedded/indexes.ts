// Secondary indexes: unique enforcement and equality lookups by the first key field.
// Entries are canonical value keys (keys.ts) mapped to the `_id` keys of the documents holding
// them; a compound index is used for lookups by its first field and the full filter is then
// applied by mingo, so correctness never depends on the index.
import type { Query } from 'mingo/query';
import { CommandError, ErrorCodes } from './errors';
import { type Doc, isPlainObject, pathValues, valueKey } from './keys';
import { compileFilter } from './query-engine';

export type KeyPattern = Record<string, 1 | -1>;

export class Index {
  readonly name: string;
  readonly keyPattern: KeyPattern;
  readonly fields: string[];
  readonly unique: boolean;
  /** The spec as listIndexes reports it. */
  readonly spec: Doc;
  private readonly sparse: boolean;
  private readonly partial: Query | null;
  private readonly byFirst = new Map<string, Set<string>>();
  private readonly byFull = new Map<string, string>();

  constructor(spec: Doc) {
    this.spec = spec;
    this.name = spec.name as string;
    this.keyPattern = spec.key as KeyPattern;
    this.fields = Object.keys(this.keyPattern);
    this.unique = spec.unique === true;
    this.sparse = spec.sparse === true;
    this.partial = isPlainObject(spec.partialFilterExpression) ? compileFilter(spec.partialFilterExpression) : null;
  }

  /** Whether `doc` has entries in this index at all (sparse and partial indexes skip some). */
  private covers(doc: Doc): boolean {
    if (this.partial && !this.partial.test(doc)) return false;
    if (this.sparse) return this.fields.some((f) => pathValues(doc, f).some((v) => v !== undefined));
    return true;
  }

  private firstKeys(doc: Doc): string[] {
    return [...new Set(pathValues(doc, this.fields[0]).map(valueKey))];
  }

  /** Every full key of `doc` with the values that formed it (several for a multikey field). */
  private fullKeys(doc: Doc): { key: string; values: unknown[] }[] {
    let combos: { key: string; values: unknown[] }[] = [{ key: '', values: [] }];
    for (const f of this.fields) {
      const vals = pathValues(doc, f);
      const next: typeof combos = [];
      const seen = new Set<string>();
      for (const c of combos) {
        for (const v of vals) {
          const key = `${c.key}\u0000${valueKey(v)}`;
          if (seen.has(key)) continue;
          seen.add(key);
          next.push({ key, values: [...c.values, v ?? null] });
        }
      }
      combos = next;
    }
    return combos;
  }

  /** Throws the E11000 error if adding `doc` (owned by `id`) would duplicate a unique key. */
  checkUnique(doc: Doc, id: string, ns: string): void {
    if (!this.unique || !this.covers(doc)) return;
    for (const { key, values } of this.fullKeys(doc)) {
      const owner = this.byFull.get(key);
      if (owner !== undefined && owner !== id) throw duplicateKeyError(ns, this.name, this.keyPattern, values);
    }
  }

  add(doc: Doc, id: string): void {
    if (!this.covers(doc)) return;
    for (const k of this.firstKeys(doc)) {
      let set = this.byFirst.get(k);
      if (!set) this.byFirst.set(k, (set = new Set()));
      set.add(id);
    }
    if (this.unique) for (const { key } of this.fullKeys(doc)) this.byFull.set(key, id);
  }

  remove(doc: Doc, id: string): void {
    if (!this.covers(doc)) return;
    for (const k of this.firstKeys(doc)) {
      const set = this.byFirst.get(k);
      if (set) {
        set.delete(id);
        if (set.size === 0) this.byFirst.delete(k);
      }
    }
    if (this.unique) for (const { key } of this.fullKeys(doc)) if (this.byFull.get(key) === id) this.byFull.delete(key);
  }

  /**
   * `_id` keys of documents whose first indexed field equals one of `values` (non-null scalars,
   * so a sparse index still sees every match). A partial index cannot answer on its own
   * (documents outside it are missing), so it is never offered.
   */
  lookup(values: unknown[]): string[] | null {
    if (this.partial) return null;
    const out: string[] = [];
    for (const v of values) {
      const set = this.byFirst.get(valueKey(v));
      if (set) for (const id of set) out.push(id);
    }
    return out;
  }
}

export function duplicateKeyError(ns: string, indexName: string, keyPattern: KeyPattern, values: unknown[]): CommandError {
  const fields = Object.keys(keyPattern);
  const keyValue: Doc = {};
  for (const [i, f] of fields.entries()) keyValue[f] = values[i] ?? null;
  const shown = fields.map((f, i) => `${f}: ${formatValue(values[i])}`).join(', ');
  return new CommandError(ErrorCodes.DuplicateKey, `E11000 duplicate key error collection: ${ns} index: ${indexName} dup key: { ${shown} }`, {
    keyPattern,
    keyValue,
  });
}

/** Renders a key value the way mongod's error messages do. */
function formatValue(v: unknown): string {
  if (v === undefined || v === null) return 'null';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (v instanceof Date) return `new Date(${v.getTime()})`;
  const t = (v as { _bsontype?: string })._bsontype;
  if (t === 'ObjectId') return `ObjectId('${(v as { toHexString(): string }).toHexString()}')`;
  if (t === 'Decimal128') return `NumberDecimal("${String(v)}")`;
  if (t === 'Long') return String(v);
  if (Array.isArray(v)) return `[ ${v.map(formatValue).join(', ')} ]`;
  if (isPlainObject(v))
    return `{ ${Object.entries(v)
      .map(([k, x]) => `${k}: ${formatValue(x)}`)
      .join(', ')} }`;
  return String(v);
}

/** Validates a createIndexes spec; only ascending/descending b-tree keys are supported. */
export function validateIndexSpec(spec: unknown): Doc {
  if (!isPlainObject(spec)) throw new CommandError(ErrorCodes.TypeMismatch, 'index specification must be an object');
  const key = spec.key;
  if (!isPlainObject(key) || Object.keys(key).length === 0) {
    throw new CommandError(ErrorCodes.FailedToParse, "The 'key' field is a required property of an index specification");
  }
  if (typeof spec.name !== 'string' || spec.name === '') {
    throw new CommandError(ErrorCodes.FailedToParse, "The 'name' field is a required property of an index specification");
  }
  const normalized: KeyPattern = {};
  for (const [field, dir] of Object.entries(key)) {
    if (dir !== 1 && dir !== -1) {
      throw new CommandError(ErrorCodes.CannotCreateIndex, `Index type ${JSON.stringify(dir)} on field '${field}' is not supported by the embedded store; only 1 and -1 keys are`);
    }
    normalized[field] = dir;
  }
  if (spec.name === '_id_' && !(Object.keys(normalized).length === 1 && '_id' in normalized)) {
    throw new CommandError(ErrorCodes.BadValue, "The index name '_id_' is reserved for the _id index");
  }
  const { v: _v, ns: _ns, key: _key, ...rest } = spec;
  return { v: 2, key: normalized, ...rest };
}
