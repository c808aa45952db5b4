// Which document paths of a collection a unique index covers. A write of a value to such a path
// answers "does this value exist anywhere in the collection?" (CONFLICT or success), whatever the
// writer may read or filter (docs/inference.md: a write can be a read). Asked at each write, because an
// index can be created at any time; when the answer cannot be had, every path counts as covered.
import { MongoServerError, type Collection, type Document } from 'mongodb';

const NAMESPACE_NOT_FOUND = 26;

/** Paths named by the collection's unique indexes (compound ones included); null: unknown. */
export async function uniqueIndexedPaths(collection: Collection<Document>): Promise<string[] | null> {
  try {
    const specs = await collection.listIndexes().toArray();
    return specs.filter((s) => s.unique === true).flatMap((s) => Object.keys((s.key ?? {}) as Record<string, unknown>));
  } catch (err) {
    if (err instanceof MongoServerError && err.code === NAMESPACE_NOT_FOUND) return [];
    return null;
  }
}

/** True when a unique index on `indexed` constrains the value at `path` (same path, or one inside the other). */
export function covers(indexed: string, path: string): boolean {
  return indexed === path || path.startsWith(`${indexed}.`) || indexed.startsWith(`${path}.`);
}
