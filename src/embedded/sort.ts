// Sorting documents by a sort specification ({path: 1 | -1, ...}) in MongoDB's order: each
// document's key per path is computed once (the smallest value ascending, the largest descending,
// when the path meets arrays), then keys compare as BSON values (bson-order.ts). Used by find,
// findAndModify and the $sort stage, so every sort in the store agrees.
import { compareValues, sortKey } from './bson-order';
import type { Doc } from './keys';

/**
 * A new array of `docs` in `sort` order. Stable: documents that tie keep their input order,
 * like mongod's in-memory sort.
 */
export function sortDocs(docs: readonly Doc[], sort: Readonly<Record<string, unknown>>): Doc[] {
  const fields = Object.entries(sort).map(([path, dir]) => ({ segments: path.split('.'), dir: dir === -1 ? (-1 as const) : (1 as const) }));
  const n = docs.length;
  const keys: unknown[][] = new Array(n);
  for (let i = 0; i < n; i++) keys[i] = fields.map((f) => sortKey(docs[i], f.segments, f.dir));
  const order = Array.from({ length: n }, (_, i) => i);
  order.sort((a, b) => {
    const ka = keys[a]!;
    const kb = keys[b]!;
    for (let f = 0; f < fields.length; f++) {
      const c = compareValues(ka[f], kb[f]);
      if (c !== 0) return c * fields[f]!.dir;
    }
    return a - b;
  });
  return order.map((i) => docs[i]!);
}
