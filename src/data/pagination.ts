// Keyset pagination over any collection: sort keys plus _id as the tie-breaker, cursors from
// cursor.ts. One find per page (batchSize = page size + 1, so no getMore).
import { EJSON } from 'bson';
import type { Collection, Document, Filter, Sort } from 'mongodb';
import { gatewayError } from '../errors';
import type { CursorCodec } from './cursor';
import type { Doc } from './documents';
import { EMPTY_PAGE, type Page } from './page';
import { readPath } from '../schema/field-map';

export interface SortKey {
  readonly path: string;
  readonly direction: 1 | -1;
}

export interface PageRequest {
  readonly filter: Filter<Document> | null; // null: the scope admits nothing
  readonly sort: readonly SortKey[];
  readonly first: number;
  readonly after: string | null | undefined;
  /** The request's remaining time for this command (limits/deadline.ts). */
  readonly maxTimeMS?: number;
  /** Who the cursors are issued to (cursor.ts callerBinding): a cursor serves only its caller. */
  readonly caller: string;
}

export async function findPage(collection: Collection<Document>, req: PageRequest, codec: CursorCodec): Promise<Page<Doc>> {
  const keys = withIdTieBreaker(req.sort);
  let filter = req.filter;
  if (filter === null || req.first === 0) return EMPTY_PAGE;
  // Bound to the caller, the filter as sent to MongoDB (row scope included) and the ordering.
  const binding = [req.caller, collection.collectionName, EJSON.stringify(filter, { relaxed: false }), keys.map((k) => `${k.path}:${k.direction}`).join(',')].join('\u0000');
  if (req.after) {
    const position = codec.decode(req.after, binding);
    if (!position || position.values.length !== keys.length) throw gatewayError('INVALID_CURSOR');
    const after = afterFilter(keys, position.values);
    filter = Object.keys(filter).length === 0 ? after : { $and: [filter, after] };
  }
  const sort: Sort = Object.fromEntries(keys.map((k) => [k.path, k.direction]));
  const docs = (await collection.find(filter, { sort, limit: req.first + 1, batchSize: req.first + 1, ...(req.maxTimeMS ? { maxTimeMS: req.maxTimeMS } : {}) }).toArray()) as Doc[];
  const hasNextPage = docs.length > req.first;
  if (hasNextPage) docs.length = req.first;
  const segments = keys.map((k) => k.path.split('.'));
  return {
    docs,
    hasNextPage,
    cursor: (i) => codec.encode({ values: segments.map((s) => readPath(docs[i], s) ?? null) }, binding),
  };
}

function withIdTieBreaker(sort: readonly SortKey[]): SortKey[] {
  const keys = sort.filter((k) => k.path !== '_id');
  const idDirection = sort.find((k) => k.path === '_id')?.direction ?? keys.at(-1)?.direction ?? 1;
  return [...keys, { path: '_id', direction: idDirection }];
}

/**
 * Documents strictly after the position in the sort order. MongoDB sorts null (and missing)
 * before every other value, and range operators never match null, so null gets its own clauses.
 */
function afterFilter(keys: readonly SortKey[], values: readonly unknown[]): Filter<Document> {
  const branches: Filter<Document>[] = [];
  for (let i = 0; i < keys.length; i++) {
    const { path, direction } = keys[i]!;
    const v = values[i];
    const prefix: Filter<Document> = {};
    for (let j = 0; j < i; j++) prefix[keys[j]!.path] = values[j] ?? null;
    const later: Filter<Document>[] = [];
    if (v === null || v === undefined) {
      if (direction === 1) later.push({ [path]: { $ne: null } });
    } else if (direction === 1) {
      later.push({ [path]: { $gt: v } });
    } else {
      later.push({ [path]: { $lt: v } }, { [path]: null });
    }
    for (const clause of later) branches.push({ ...prefix, ...clause });
  }
  return branches.length === 1 ? branches[0]! : { $or: branches };
}

/** Validates `first` against the configured cap. */
export function pageSize(first: number | null | undefined, pages: { default: number; max: number }): number {
  if (first === null || first === undefined) return pages.default;
  if (!Number.isInteger(first) || first < 0) throw gatewayError('BAD_USER_INPUT', '`first` must be zero or a positive integer', { argument: 'first' });
  if (first > pages.max) throw gatewayError('PAGE_SIZE_EXCEEDED', `page size exceeds the maximum of ${pages.max}`, { max: pages.max });
  return first;
}
