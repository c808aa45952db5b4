// Runs a filter/sort/skip/limit/projection over a collection: the planner picks candidates,
// mingo applies the full query. Shared by find, count, findAndModify, delete, update and explain.
import type { Collection } from './catalog';
import { CommandError, ErrorCodes, translateError } from './errors';
import { type Doc, isPlainObject } from './keys';
import { NUMERIC_HINTS } from './numeric-types';
import { type Plan, planQuery } from './planner';
import { compileFilter, Query, queryOptions } from './query-engine';
import { sortDocs } from './sort';

export interface FindSpec {
  filter: Doc;
  sort?: Doc;
  projection?: Doc;
  skip?: number;
  limit?: number;
  variables?: Doc;
}

export interface FindResult {
  docs: Doc[];
  plan: Plan;
  docsExamined: number;
}

function validateSort(sort: Doc): Doc {
  const out: Doc = {};
  for (const [k, v] of Object.entries(sort)) {
    if (k === '$natural') continue;
    if (v !== 1 && v !== -1) {
      throw new CommandError(ErrorCodes.BadValue, `$sort key ordering must be 1 (for ascending) or -1 (for descending)`);
    }
    out[k] = v;
  }
  return out;
}

export function runFind(coll: Collection | undefined, spec: FindSpec): FindResult {
  const query = compileFilter(spec.filter, spec.variables);
  const plan = planQuery(coll, spec.filter);
  const sort = spec.sort ? validateSort(spec.sort) : undefined;
  const sorted = sort !== undefined && Object.keys(sort).length > 0;
  const skip = spec.skip ?? 0;
  // Without a sort, matching can stop once skip + limit documents are found.
  const enough = !sorted && spec.limit ? skip + spec.limit : 0;
  // The candidates are read exactly once: a collection scan hands out a live Map iterator, which
  // cannot be rewound, so every later step works on this array.
  const matched = matching(query, plan, enough);
  let docs = sorted ? sortDocs(matched.docs, sort) : matched.docs;
  if (skip || spec.limit) docs = docs.slice(skip, spec.limit ? skip + spec.limit : undefined);
  if (spec.projection && Object.keys(spec.projection).length) docs = project(docs, spec.projection);
  return { docs, plan, docsExamined: matched.examined };
}

/** Candidates of `plan` that pass `query`, at most `max` of them (0 = all). */
function matching(query: Query, plan: Plan, max: number): { docs: Doc[]; examined: number } {
  const docs: Doc[] = [];
  let examined = 0;
  try {
    for (const d of plan.docs) {
      examined++;
      if (plan.exact || query.test(d)) {
        docs.push(d);
        if (max && docs.length >= max) break;
      }
    }
  } catch (err) {
    throw translateError(err, 'query');
  }
  return { docs, examined };
}

/** The documents matching `filter`, at most `limit` of them (0 = all). */
export function matchDocs(coll: Collection | undefined, filter: Doc, limit = 0, variables?: Doc): Doc[] {
  const query = compileFilter(filter, variables);
  const plan = planQuery(coll, filter);
  const out: Doc[] = [];
  try {
    for (const d of plan.docs) {
      if (plan.exact || query.test(d)) {
        out.push(d);
        if (limit && out.length >= limit) break;
      }
    }
  } catch (err) {
    throw translateError(err, 'query');
  }
  return out;
}

/**
 * Applies a find-style projection. Excluding a dotted path makes mingo edit the copied
 * document's shared sub-objects, so such projections work on deep copies.
 */
export function project(docs: Doc[], projection: Doc): Doc[] {
  const mutates = Object.entries(projection).some(([k, v]) => k.includes('.') && (v === 0 || v === false));
  let out: Doc[];
  try {
    out = new Query<Doc>({}, queryOptions(undefined, undefined, mutates)).find<Doc>(docs, projection).all();
  } catch (err) {
    throw translateError(err, 'query');
  }
  const computed = Object.keys(projection).filter((k) => isComputed(projection[k]));
  for (let i = 0; i < out.length; i++) {
    out[i] = inDocumentOrder(out[i]!, docs[i]!, computed);
    // Keep the recorded numeric types of top-level fields (nested objects carry their own).
    const hints = (docs[i] as { [NUMERIC_HINTS]?: unknown })[NUMERIC_HINTS];
    if (hints) (out[i] as { [NUMERIC_HINTS]?: unknown })[NUMERIC_HINTS] = hints;
  }
  return out;
}

/** A projection value that computes a field rather than keeping or dropping one. */
function isComputed(spec: unknown): boolean {
  if (typeof spec === 'number' || typeof spec === 'boolean') return false;
  return !(isPlainObject(spec) && ('$slice' in spec || '$elemMatch' in spec));
}

/**
 * mongod returns the fields a projection keeps in the stored document's order, then the fields it
 * computes in the projection's order; mingo emits them in the projection's order (`_id` last).
 */
function inDocumentOrder(out: Doc, source: Doc, computed: readonly string[]): Doc {
  const ordered: Doc = {};
  for (const k of Object.keys(source)) if (k in out && !computed.includes(k)) ordered[k] = out[k];
  for (const k of Object.keys(out)) if (!(k in ordered)) ordered[k] = out[k];
  return ordered;
}
