// The operator set every query, update and aggregation of the store runs with: mingo's own, except
// those that order, group or range-compare values with mingo's comparator (sub-documents by sorted
// field names, ObjectId/Long/Decimal128 after every other type and never equal to a number, arrays
// as sorted sets) where MongoDB uses BSON order (bson-order.ts). mingo's default entry point
// merges a caller's context *under* its own operators, so the store builds the whole context
// itself and uses mingo's base classes (query-engine.ts).
import { Context, evalExpr } from 'mingo/core';
import { Lazy, type Iterator } from 'mingo/lazy';
import * as accumulatorOperators from 'mingo/operators/accumulator';
import * as expressionOperators from 'mingo/operators/expression';
import * as pipelineOperators from 'mingo/operators/pipeline';
import * as projectionOperators from 'mingo/operators/projection';
import * as queryOperators from 'mingo/operators/query';
import * as windowOperators from 'mingo/operators/window';
import type { Any, AnyObject, Options } from 'mingo/types';
import { ensureArray, resolve } from 'mingo/util';
import { compareValues, equalityKey, sameTypeClass } from './bson-order';
import { CommandError } from './errors';
import { type Doc, isPlainObject } from './keys';
import { sortDocs } from './sort';

function validSortSpec(spec: unknown): Doc {
  if (!isPlainObject(spec)) throw new CommandError(15973, 'the $sort key specification must be an object');
  const keys = Object.keys(spec);
  if (keys.length === 0) throw new CommandError(15976, '$sort stage must have at least one sort key');
  for (const k of keys) {
    if (spec[k] !== 1 && spec[k] !== -1) throw new CommandError(15974, '$sort key ordering must be 1 (for ascending) or -1 (for descending)');
  }
  return spec;
}

function $sort(coll: Iterator, spec: Any, _options: Options): Iterator {
  const sort = validSortSpec(spec);
  return coll.transform((docs: Doc[]) => Lazy(sortDocs(docs, sort)));
}

/** What mingo passes to a stage: its (unexported) ComputeOptions, which can carry a group id. */
interface StageOptions extends Options {
  update(locals: { root: null; groupId: unknown }): Options;
}

/**
 * Options for a group's accumulators: a copy of the stage's options carrying the group id (from
 * which `$topN`, `$maxN` & co. evaluate their `n`), made the way mingo's own $group makes it.
 */
function groupOptions(options: Options, groupId: unknown): Options {
  const cls = options.constructor as { init?: (o: Options) => StageOptions };
  return typeof cls.init === 'function' ? cls.init(options).update({ root: null, groupId }) : options;
}

/**
 * Partitions by group key as MongoDB compares keys (field order matters, numbers of any width
 * by value; a missing key groups with null); the accumulators are mingo's own, evaluated over
 * each partition as mingo's $group evaluates them.
 */
function $group(coll: Iterator, expr: AnyObject, options: Options): Iterator {
  if (!isPlainObject(expr) || !('_id' in expr)) throw new CommandError(15955, 'a group specification must include an _id');
  const { _id: idExpr, ...accumulators } = expr;
  const fields = Object.keys(accumulators);
  return coll.transform((docs: Doc[]) => {
    const partitions = new Map<string, { id: unknown; docs: Doc[] }>();
    for (const doc of docs) {
      const id = evalExpr(doc, idExpr, options) ?? null;
      const key = equalityKey(id);
      const partition = partitions.get(key);
      if (partition) partition.docs.push(doc);
      else partitions.set(key, { id, docs: [doc] });
    }
    const out: AnyObject[] = [];
    for (const { id, docs: members } of partitions.values()) {
      const row: AnyObject = { _id: id };
      const copts = groupOptions(options, id);
      for (const f of fields) row[f] = evalExpr(members, accumulators[f], copts);
      out.push(row);
    }
    return Lazy(out);
  });
}

function $sortByCount(coll: Iterator, expr: Any, options: Options): Iterator {
  return $sort($group(coll, { _id: expr, count: { $sum: 1 } }, options), { count: -1 }, options);
}

/** $min/$max (accumulators, and expressions through them): null and missing are ignored. */
function extreme(sign: 1 | -1) {
  return (coll: AnyObject[], expr: Any, options: Options): Any => {
    let best: unknown;
    for (const v of accumulatorOperators.$push(coll, expr, options) as unknown[]) {
      if (v === null || v === undefined) continue;
      if (best === undefined || compareValues(v, best) * sign < 0) best = v;
    }
    return best ?? null;
  };
}

/**
 * `$gt`, `$gte`, `$lt`, `$lte` in BSON order with MongoDB's type bracketing: a value matches
 * when it (or an element of the array it is) is of the queried value's class and compares as
 * asked; all numeric widths are one class, and a missing field counts as null.
 */
function range(holds: (c: number) => boolean) {
  return (selector: string, value: Any, _options: Options) =>
    (doc: AnyObject): boolean => {
      const found: unknown = resolve(doc, selector, { unwrapArray: true });
      for (const v of found === undefined ? [null] : ensureArray(found)) {
        if (sameTypeClass(v, value) && holds(compareValues(v, value))) return true;
      }
      return false;
    };
}

export const STORE_CONTEXT: Context = Context.init({
  accumulator: { ...accumulatorOperators, $min: extreme(1), $max: extreme(-1) },
  expression: { ...expressionOperators },
  pipeline: { ...pipelineOperators, $sort, $group, $sortByCount },
  projection: { ...projectionOperators },
  query: {
    ...queryOperators,
    $gt: range((c) => c > 0),
    $gte: range((c) => c >= 0),
    $lt: range((c) => c < 0),
    $lte: range((c) => c <= 0),
  },
  window: { ...windowOperators },
});
