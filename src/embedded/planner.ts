// Chooses the documents a filter has to look at: `_id` lookups and equality/$in on the first
// field of a secondary index read only the matching entries; anything else scans. The caller
// always applies the full filter afterwards, so a plan only has to be a superset.
import type { Collection } from './catalog';
import { type Doc, isIndexableScalar, isPlainObject, valueKey } from './keys';

export type PlanStage = 'EOF' | 'IDHACK' | 'IXSCAN' | 'COLLSCAN';

export interface Plan {
  stage: PlanStage;
  indexName?: string;
  keyPattern?: Doc;
  /** Candidate documents, in the order the scan produces them. */
  docs: Iterable<Doc>;
  keysExamined: number;
  docsExamined: number;
  /**
   * The candidates are exactly the matches: the filter is a single equality/$in condition on
   * the indexed field, and index keys compare the way the query does. The filter can be skipped.
   */
  exact: boolean;
}

/** Values an equality-style condition can be answered with from an index, or null. */
function equalityValues(cond: unknown): unknown[] | null {
  if (isIndexableScalar(cond)) return [cond];
  if (!isPlainObject(cond)) return null;
  const keys = Object.keys(cond);
  if (keys.length === 0 || !keys.every((k) => k.startsWith('$'))) return null;
  if ('$eq' in cond && isIndexableScalar(cond.$eq)) return [cond.$eq];
  const $in = cond.$in;
  if (Array.isArray($in) && $in.every(isIndexableScalar)) return $in;
  return null;
}

/** Top-level field conditions, including those of a top-level $and. */
function conditions(filter: Doc): Map<string, unknown[]> {
  const out = new Map<string, unknown[]>();
  const visit = (f: Doc): void => {
    for (const [k, v] of Object.entries(f)) {
      if (k === '$and' && Array.isArray(v)) {
        for (const sub of v) if (isPlainObject(sub)) visit(sub);
      } else if (!k.startsWith('$')) {
        const vals = equalityValues(v);
        if (vals && !out.has(k)) out.set(k, vals);
      }
    }
  };
  visit(filter);
  return out;
}

/** Distinct values in index order (numbers numerically, other scalars by their canonical key). */
function sortedUnique(values: unknown[]): unknown[] {
  const seen = new Map<string, unknown>();
  for (const v of values) {
    const k = valueKey(v);
    if (!seen.has(k)) seen.set(k, v);
  }
  if (seen.size < 2) return [...seen.values()];
  return [...seen.entries()].sort(([ka, a], [kb, b]) => (typeof a === 'number' && typeof b === 'number' ? a - b : ka < kb ? -1 : ka > kb ? 1 : 0)).map(([, v]) => v);
}

/** Whether `filter` is just `{field: <equality or $in>}`, so index hits need no re-check. */
function singleCondition(filter: Doc, field: string): boolean {
  const keys = Object.keys(filter);
  if (keys.length !== 1 || keys[0] !== field) return false;
  const cond = filter[field];
  return !isPlainObject(cond) || Object.keys(cond).length === 1;
}

export function planQuery(coll: Collection | undefined, filter: Doc): Plan {
  if (!coll) return { stage: 'EOF', docs: [], keysExamined: 0, docsExamined: 0, exact: true };
  const conds = conditions(filter);
  const ids = conds.get('_id');
  if (ids) {
    const values = sortedUnique(ids);
    const docs: Doc[] = [];
    for (const v of values) {
      const d = coll.docs.get(valueKey(v));
      if (d) docs.push(d);
    }
    const exact = singleCondition(filter, '_id');
    const plainEquality = exact && !isPlainObject(filter._id);
    return plainEquality
      ? { stage: 'IDHACK', docs, keysExamined: docs.length, docsExamined: docs.length, exact }
      : { stage: 'IXSCAN', indexName: '_id_', keyPattern: { _id: 1 }, docs, keysExamined: values.length, docsExamined: docs.length, exact };
  }
  let best: { index: string; field: string; keyPattern: Doc; ids: string[]; keys: number } | null = null;
  for (const index of coll.indexes.values()) {
    const vals = conds.get(index.fields[0]);
    if (!vals) continue;
    const values = sortedUnique(vals);
    const found = index.lookup(values);
    if (found && (!best || found.length < best.ids.length)) {
      best = { index: index.name, field: index.fields[0], keyPattern: index.keyPattern, ids: found, keys: values.length + found.length };
    }
  }
  if (best) {
    const docs: Doc[] = [];
    const seen = new Set<string>();
    for (const id of best.ids) {
      if (seen.has(id)) continue;
      seen.add(id);
      const d = coll.docs.get(id);
      if (d) docs.push(d);
    }
    const exact = singleCondition(filter, best.field);
    return { stage: 'IXSCAN', indexName: best.index, keyPattern: best.keyPattern, docs, keysExamined: best.keys, docsExamined: docs.length, exact };
  }
  const everything = Object.keys(filter).length === 0;
  return { stage: 'COLLSCAN', docs: coll.docs.values(), keysExamined: 0, docsExamined: coll.docs.size, exact: everything };
}

/** The `queryPlanner.winningPlan` an explain reports for a plan (classic-engine shape). */
export function winningPlan(plan: Plan, filter: Doc): Doc {
  switch (plan.stage) {
    case 'EOF':
      return { stage: 'EOF' };
    case 'IDHACK':
      return { stage: 'IDHACK' };
    case 'IXSCAN':
      return {
        stage: 'FETCH',
        filter,
        inputStage: { stage: 'IXSCAN', indexName: plan.indexName, keyPattern: plan.keyPattern, isMultiKey: false, direction: 'forward' },
      };
    case 'COLLSCAN':
      return { stage: 'COLLSCAN', filter, direction: 'forward' };
  }
}
