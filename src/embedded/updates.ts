// Update semantics on top of mingo's updater: operator updates, replacements, pipeline updates,
// upsert documents and `_id` immutability. Updates work on a copy of the stored document, which
// is swapped in only if every unique index accepts it.
import { ObjectId } from 'bson';
import { update as mingoUpdate, updateOne } from 'mingo/updater';
import { compareValues } from './bson-order';
import { CommandError, ErrorCodes, translateError } from './errors';
import { type Doc, isPlainObject, valueKey } from './keys';
import { NUMERIC_HINTS } from './numeric-types';
import { queryOptions } from './query-engine';

const UPDATE_OPERATORS = new Set([
  '$set',
  '$unset',
  '$inc',
  '$mul',
  '$min',
  '$max',
  '$rename',
  '$push',
  '$addToSet',
  '$pull',
  '$pullAll',
  '$pop',
  '$bit',
  '$currentDate',
  '$setOnInsert',
]);
const PIPELINE_UPDATE_STAGES = new Set(['$addFields', '$set', '$project', '$unset', '$replaceRoot', '$replaceWith']);

export type UpdateSpec = Doc | Doc[];

export interface UpdateOptions {
  arrayFilters?: Doc[];
  /** The query that selected the document: gives the positional `$` operator its meaning. */
  condition?: Doc;
  variables?: Doc;
}

export function validateUpdate(u: unknown): UpdateSpec {
  if (Array.isArray(u)) {
    for (const stage of u) {
      const op = isPlainObject(stage) ? Object.keys(stage)[0] : undefined;
      if (!op || !PIPELINE_UPDATE_STAGES.has(op)) {
        throw new CommandError(ErrorCodes.InvalidOptions, `${String(op)} is not allowed to be used within an update`);
      }
    }
    return u as Doc[];
  }
  if (!isPlainObject(u)) throw new CommandError(ErrorCodes.FailedToParse, 'Update argument must be either an object or an array');
  const keys = Object.keys(u);
  const ops = keys.filter((k) => k.startsWith('$'));
  if (ops.length > 0) {
    if (ops.length !== keys.length) {
      throw new CommandError(
        ErrorCodes.FailedToParse,
        `Unknown modifier: ${keys.find((k) => !k.startsWith('$'))}. Expected a valid update modifier or pipeline-style update specified as an array`,
      );
    }
    for (const op of ops) {
      if (!UPDATE_OPERATORS.has(op)) {
        throw new CommandError(ErrorCodes.FailedToParse, `Unknown modifier: ${op}. Expected a valid update modifier or pipeline-style update specified as an array`);
      }
      if (!isPlainObject(u[op])) {
        throw new CommandError(
          ErrorCodes.FailedToParse,
          `Modifiers operate on fields but we found type ${Array.isArray(u[op]) ? 'array' : typeof u[op]} instead. For example: {$mod: {<field>: ...}} not {$set: ${JSON.stringify(u[op])}}`,
        );
      }
    }
  }
  return u;
}

export function isReplacement(u: UpdateSpec): u is Doc {
  return !Array.isArray(u) && !Object.keys(u).some((k) => k.startsWith('$'));
}

/** Copies plain objects and arrays (with their numeric-type records); BSON values are shared. */
export function deepCopy<T>(v: T): T {
  if (Array.isArray(v)) {
    const out = v.map(deepCopy) as unknown as T;
    const hints = (v as { [NUMERIC_HINTS]?: unknown })[NUMERIC_HINTS];
    if (hints) (out as { [NUMERIC_HINTS]?: unknown })[NUMERIC_HINTS] = { ...hints };
    return out;
  }
  if (isPlainObject(v)) {
    const out: Doc = {};
    for (const k of Object.keys(v)) out[k] = deepCopy(v[k]);
    const hints = (v as { [NUMERIC_HINTS]?: unknown })[NUMERIC_HINTS];
    if (hints) (out as { [NUMERIC_HINTS]?: unknown })[NUMERIC_HINTS] = { ...hints };
    return out as T;
  }
  return v;
}

/** Puts `_id` first (generating an ObjectId if missing), as mongod stores documents. */
export function withIdFirst(doc: Doc): Doc {
  const keys = Object.keys(doc);
  if (keys[0] === '_id') return doc;
  const out: Doc = { _id: doc._id === undefined ? new ObjectId() : doc._id };
  for (const k of keys) if (k !== '_id') out[k] = doc[k];
  const hints = (doc as { [NUMERIC_HINTS]?: unknown })[NUMERIC_HINTS];
  if (hints) (out as { [NUMERIC_HINTS]?: unknown })[NUMERIC_HINTS] = hints;
  return out;
}

export function checkId(doc: Doc): void {
  if (Array.isArray(doc._id)) throw new CommandError(ErrorCodes.BadValue, "can't use an array for _id");
  if (doc._id instanceof RegExp) throw new CommandError(ErrorCodes.BadValue, "can't use a regex for _id");
}

function immutableId(): CommandError {
  return new CommandError(ErrorCodes.ImmutableField, "Performing an update on the path '_id' would modify the immutable field '_id'");
}

function mergeKeepingTypes(a: Doc | undefined, b: Doc): Doc {
  if (!a) return b;
  const merged: Doc = { ...a, ...b };
  const ha = (a as { [NUMERIC_HINTS]?: object })[NUMERIC_HINTS];
  const hb = (b as { [NUMERIC_HINTS]?: object })[NUMERIC_HINTS];
  if (ha || hb) (merged as { [NUMERIC_HINTS]?: object })[NUMERIC_HINTS] = { ...ha, ...hb };
  return merged;
}

/** The value at a path of plain sub-documents; `null` when the path meets an array or a scalar. */
function plainPathValue(doc: Doc, path: string): { value: unknown } | null {
  let v: unknown = doc;
  for (const part of path.split('.')) {
    if (v === undefined) return { value: undefined };
    if (!isPlainObject(v)) return null;
    v = v[part];
  }
  return Array.isArray(v) ? null : { value: v };
}

/**
 * `$min`/`$max` in MongoDB's BSON order (mingo's comparator ranks ObjectId, Long and Decimal128
 * after every other type and orders sub-documents by sorted field names): fields that must
 * change become `$set`s; the rest are dropped. Positional paths and paths through arrays stay
 * with mingo.
 */
function resolveMinMax(doc: Doc, op: '$min' | '$max', fields: Doc, modifier: Doc): void {
  const sign = op === '$min' ? 1 : -1;
  const hints = (fields as { [NUMERIC_HINTS]?: Record<string, string> })[NUMERIC_HINTS];
  const set: Doc & { [NUMERIC_HINTS]?: Record<string, string> } = {};
  const rest: Doc = {};
  for (const [path, value] of Object.entries(fields)) {
    const current = path.includes('$') ? null : plainPathValue(doc, path);
    if (current === null) {
      rest[path] = value;
    } else if (current.value === undefined || compareValues(value, current.value) * sign < 0) {
      set[path] = value;
      if (hints?.[path]) (set[NUMERIC_HINTS] ??= {})[path] = hints[path];
    }
  }
  if (Object.keys(set).length) modifier.$set = mergeKeepingTypes(modifier.$set as Doc | undefined, set);
  if (Object.keys(rest).length) modifier[op] = rest;
}

function applyOperators(doc: Doc, u: Doc, opts: UpdateOptions, inserting: boolean): boolean {
  const modifier: Doc = {};
  for (const [op, fields] of Object.entries(u)) {
    if (op === '$set' || (op === '$setOnInsert' && inserting)) {
      modifier.$set = mergeKeepingTypes(modifier.$set as Doc | undefined, fields as Doc);
    } else if (op === '$min' || op === '$max') {
      resolveMinMax(doc, op, fields as Doc, modifier);
    } else if (op !== '$setOnInsert') {
      modifier[op] = fields;
    }
  }
  if (Object.keys(modifier).length === 0) return false;
  try {
    const changed = mingoUpdate(doc, modifier, opts.arrayFilters, opts.condition, {
      cloneMode: 'copy',
      queryOptions: queryOptions(undefined, opts.variables),
    });
    if (modifier.$set) carrySetTypes(doc, modifier.$set as Doc);
    return changed.length > 0;
  } catch (err) {
    throw translateError(err, 'update');
  }
}

/**
 * mingo copies `$set` values as plain numbers; re-attach (or clear) their recorded BSON types
 * at the destination, so `$set: {x: Double(2)}` stores a double as mongod would.
 */
function carrySetTypes(doc: Doc, set: Doc): void {
  const hints = (set as { [NUMERIC_HINTS]?: Record<string, string> })[NUMERIC_HINTS];
  for (const path of Object.keys(set)) {
    if (typeof set[path] !== 'number' || path.includes('$')) continue;
    const parts = path.split('.');
    let parent: unknown = doc;
    for (const p of parts.slice(0, -1)) parent = parent && typeof parent === 'object' ? (parent as Doc)[p] : undefined;
    if (!parent || typeof parent !== 'object') continue;
    const target = parent as { [NUMERIC_HINTS]?: Record<string, string> };
    const last = parts[parts.length - 1];
    const hint = hints?.[path];
    if (hint) (target[NUMERIC_HINTS] ??= {})[last] = hint;
    else if (target[NUMERIC_HINTS]) delete target[NUMERIC_HINTS][last];
  }
}

function applyPipeline(doc: Doc, pipeline: Doc[], opts: UpdateOptions): Doc {
  const docs = [doc];
  try {
    updateOne(docs, {}, pipeline as never, { let: opts.variables }, queryOptions());
  } catch (err) {
    throw translateError(err, 'pipeline');
  }
  return docs[0];
}

/** The updated version of `doc` (a new object) and whether anything changed. */
export function applyUpdate(doc: Doc, u: UpdateSpec, opts: UpdateOptions): { doc: Doc; modified: boolean } {
  const idKey = valueKey(doc._id);
  let next: Doc;
  let modified: boolean;
  if (Array.isArray(u)) {
    next = applyPipeline(deepCopy(doc), u, opts);
    modified = valueKeyOf(next) !== valueKeyOf(doc);
  } else if (isReplacement(u)) {
    if ('_id' in u && valueKey(u._id) !== idKey) throw immutableId();
    next = withIdFirst({ ...u, _id: doc._id });
    modified = valueKeyOf(next) !== valueKeyOf(doc);
  } else {
    next = deepCopy(doc);
    modified = applyOperators(next, u, opts, false);
  }
  if (valueKey(next._id) !== idKey) throw immutableId();
  return { doc: next, modified };
}

function valueKeyOf(doc: Doc): string {
  return valueKey(doc);
}

/** Equality fields of an upsert's query: the seed of the document it inserts. */
function seedFromQuery(filter: Doc): Doc {
  const seed: Doc = {};
  const visit = (f: Doc): void => {
    for (const [k, v] of Object.entries(f)) {
      if (k === '$and' && Array.isArray(v)) {
        for (const sub of v) if (isPlainObject(sub)) visit(sub);
        continue;
      }
      if (k.startsWith('$')) continue;
      let value: unknown;
      if (isPlainObject(v) && Object.keys(v).some((x) => x.startsWith('$'))) {
        if (!('$eq' in v)) continue;
        value = v.$eq;
      } else {
        value = v;
      }
      setPath(seed, k, deepCopy(value));
    }
  };
  visit(filter);
  return seed;
}

function setPath(doc: Doc, path: string, value: unknown): void {
  const parts = path.split('.');
  let cur = doc;
  for (const p of parts.slice(0, -1)) {
    if (!isPlainObject(cur[p])) cur[p] = {};
    cur = cur[p] as Doc;
  }
  cur[parts[parts.length - 1]] = value;
}

/** The document an upsert inserts when its query matched nothing. */
export function buildUpsert(filter: Doc, u: UpdateSpec, opts: UpdateOptions): Doc {
  const seed = seedFromQuery(filter);
  let doc: Doc;
  if (Array.isArray(u)) {
    doc = applyPipeline(seed, u, opts);
  } else if (isReplacement(u)) {
    if ('_id' in u && '_id' in seed && valueKey(u._id) !== valueKey(seed._id)) throw immutableId();
    doc = { ...deepCopy(u) };
    if (!('_id' in doc) && '_id' in seed) doc._id = seed._id;
  } else {
    doc = seed;
    applyOperators(doc, u, { ...opts, condition: {} }, true);
  }
  const out = withIdFirst(doc);
  checkId(out);
  return out;
}
