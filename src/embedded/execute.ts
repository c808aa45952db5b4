// Runs a filter/sort/skip/limit/projection over a collection: the planner picks candidates,
// mingo applies the full query. Shared by find, count, findAndModify, delete, update and explain.
import { Query } from 'mingo';
import type { Collection } from './catalog';
import { CommandError, ErrorCodes, translateError } from './errors';
import type { Doc } from './keys';
import { NUMERIC_HINTS } from './numeric-types';
import { type Plan, planQuery } from './planner';
import { compileFilter, queryOptions } from './query-engine';
import { fastSort } from './sort';

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

function counting(docs: Iterable<Doc>, onEach: () => void): Iterable<Doc> {
  return {
    *[Symbol.iterator]() {
      for (const d of docs) {
        onEach();
        yield d;
      }
    },
  };
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
  let docsExamined = 0;
  const plain = !spec.sort && !spec.skip && !spec.limit && !spec.projection;
  if (plain && plan.exact) {
    // Index hits that need no re-check (or a read of everything): skip mingo's iterator pipeline.
    const docs = [...plan.docs];
    return { docs, plan, docsExamined: docs.length };
  }
  const sort = spec.sort ? validateSort(spec.sort) : undefined;
  if (sort && Object.keys(sort).length && !spec.projection) {
    // Filter, then sort scalars without mingo's per-key hashing, then skip/limit.
    const matched = plan.exact ? [...plan.docs] : filterDocs(query, plan.docs, () => docsExamined++);
    if (plan.exact) docsExamined = plan.docsExamined;
    const sorted = fastSort(matched, sort);
    if (sorted) {
      const from = spec.skip ?? 0;
      const docs = spec.limit ? sorted.slice(from, from + spec.limit) : from ? sorted.slice(from) : sorted;
      return { docs, plan, docsExamined };
    }
    docsExamined = 0;
  }
  try {
    const source = plan.exact ? plan.docs : counting(plan.docs, () => docsExamined++);
    let cursor = (plan.exact ? new Query<Doc>({}, queryOptions()) : query).find<Doc>(source);
    if (plan.exact) docsExamined = plan.docsExamined;
    if (sort && Object.keys(sort).length) cursor = cursor.sort(sort);
    if (spec.skip) cursor = cursor.skip(spec.skip);
    if (spec.limit) cursor = cursor.limit(spec.limit);
    let docs = cursor.all();
    if (spec.projection && Object.keys(spec.projection).length) docs = project(docs, spec.projection);
    return { docs, plan, docsExamined };
  } catch (err) {
    throw translateError(err, 'query');
  }
}

function filterDocs(query: Query, docs: Iterable<Doc>, onEach: () => void): Doc[] {
  const out: Doc[] = [];
  try {
    for (const d of docs) {
      onEach();
      if (query.test(d)) out.push(d);
    }
  } catch (err) {
    throw translateError(err, 'query');
  }
  return out;
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
  // Keep the recorded numeric types of top-level fields (nested objects carry their own).
  for (let i = 0; i < out.length; i++) {
    const hints = (docs[i] as { [NUMERIC_HINTS]?: unknown })[NUMERIC_HINTS];
    if (hints) (out[i] as { [NUMERIC_HINTS]?: unknown })[NUMERIC_HINTS] = hints;
  }
  return out;
}
