// Databases, collections and their documents. Documents are stored as decoded JS objects keyed
// by the canonical key of their `_id` (the `_id` index); a stored document is never mutated in
// place — writers build a new object and swap it in — so cursors and aggregations can hold
// references without copying.
import type { EncodedCache } from './batches';
import { randomUUID } from 'node:crypto';
import { Binary } from 'bson';
import { CommandError, ErrorCodes } from './errors';
import { duplicateKeyError, Index, type KeyPattern } from './indexes';
import { type Doc, valueKey } from './keys';

const ID_INDEX_SPEC: Doc = { v: 2, key: { _id: 1 }, name: '_id_' };
const ID_PATTERN: KeyPattern = { _id: 1 };

export class Collection {
  readonly docs = new Map<string, Doc>();
  readonly indexes = new Map<string, Index>();
  readonly uuid = new Binary(Buffer.from(randomUUID().replace(/-/g, ''), 'hex'), Binary.SUBTYPE_UUID);

  constructor(
    readonly db: Database,
    readonly name: string,
    readonly options: Doc = {},
  ) {}

  get ns(): string {
    return `${this.db.name}.${this.name}`;
  }

  /** Index specs in listIndexes order, the `_id` index first. */
  indexSpecs(): Doc[] {
    return [ID_INDEX_SPEC, ...[...this.indexes.values()].map((i) => i.spec)];
  }

  insert(doc: Doc): void {
    const id = valueKey(doc._id);
    if (this.docs.has(id)) throw duplicateKeyError(this.ns, '_id_', ID_PATTERN, [doc._id]);
    for (const index of this.indexes.values()) index.checkUnique(doc, id, this.ns);
    this.docs.set(id, doc);
    for (const index of this.indexes.values()) index.add(doc, id);
  }

  /** Swaps in a new version of a stored document (same `_id`), keeping indexes in step. */
  replace(oldDoc: Doc, newDoc: Doc): void {
    const id = valueKey(oldDoc._id);
    for (const index of this.indexes.values()) index.checkUnique(newDoc, id, this.ns);
    for (const index of this.indexes.values()) index.remove(oldDoc, id);
    this.docs.set(id, newDoc);
    for (const index of this.indexes.values()) index.add(newDoc, id);
  }

  remove(doc: Doc): void {
    const id = valueKey(doc._id);
    if (!this.docs.delete(id)) return;
    for (const index of this.indexes.values()) index.remove(doc, id);
  }

  /** Builds an index over the existing documents; fails without side effects on a duplicate. */
  addIndex(spec: Doc): void {
    const index = new Index(spec);
    for (const [id, doc] of this.docs) {
      index.checkUnique(doc, id, this.ns);
      index.add(doc, id);
    }
    this.indexes.set(index.name, index);
  }
}

export class Database {
  readonly collections = new Map<string, Collection>();
  /** Set once any document written here carried a recorded numeric type (numeric-types.ts). */
  hasNumericHints = false;

  constructor(readonly name: string) {}
}

export class Catalog {
  readonly databases = new Map<string, Database>();
  /** Reply bytes per stored document object (see batches.ts). */
  readonly encoded: EncodedCache = new WeakMap();

  database(name: string, create: true): Database;
  database(name: string, create?: boolean): Database | undefined;
  database(name: string, create = false): Database | undefined {
    let db = this.databases.get(name);
    if (!db && create) {
      validateDbName(name);
      db = new Database(name);
      this.databases.set(name, db);
    }
    return db;
  }

  collection(dbName: string, name: string, create: true): Collection;
  collection(dbName: string, name: string, create?: boolean): Collection | undefined;
  collection(dbName: string, name: string, create = false): Collection | undefined {
    const existing = this.databases.get(dbName)?.collections.get(name);
    if (existing || !create) return existing;
    validateCollectionName(dbName, name);
    const db = this.database(dbName, true);
    const coll = new Collection(db, name);
    db.collections.set(name, coll);
    return coll;
  }

  dropCollection(dbName: string, name: string): Collection | undefined {
    const db = this.databases.get(dbName);
    const coll = db?.collections.get(name);
    if (!db || !coll) return undefined;
    db.collections.delete(name);
    if (db.collections.size === 0) this.databases.delete(dbName);
    return coll;
  }

  dropDatabase(name: string): boolean {
    return this.databases.delete(name);
  }
}

function validateDbName(name: string): void {
  if (name === '' || /[/\\. "$\0]/.test(name) || name.length > 63) {
    throw new CommandError(ErrorCodes.InvalidNamespace, `Invalid database name: '${name}'`);
  }
}

export function validateCollectionName(dbName: string, name: unknown): asserts name is string {
  if (typeof name !== 'string' || name === '' || name.includes('$') || name.includes('\0') || name.startsWith('.') || name.startsWith('system.')) {
    throw new CommandError(ErrorCodes.InvalidNamespace, `Invalid namespace specified '${dbName}.${String(name)}'`);
  }
}
