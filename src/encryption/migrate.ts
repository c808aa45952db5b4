// Encrypts (or decrypts) the declared fields of an existing collection in place, in batches in
// _id order. Each document is one compare-and-swap update that matches the exact values read, so
// the run can be killed at any point and started again: a value already in the target form is
// skipped, a value changed meanwhile by someone else is left for the next run (never overwritten
// with stale ciphertext), and nothing is ever encrypted twice or lost. The run ends by verifying:
// a full count of values still in the old form, and a decrypted sample.
import type { Collection, Document, Filter } from 'mongodb';
import type { FieldInfo, FieldMap } from '../schema/field-map';
import { readPath } from '../schema/field-map';
import type { FieldCrypto } from './field-crypto';
import { isEncryptedValue } from './fle-format';

export type Direction = 'encrypt' | 'decrypt';

export interface MigrationOptions {
  readonly collection: Collection<Document>;
  readonly fields: readonly FieldInfo[];
  readonly crypto: FieldCrypto;
  readonly direction: Direction;
  readonly batchSize: number;
  readonly dryRun: boolean;
  readonly sampleSize?: number;
  onProgress?(scanned: number, total: number): void;
}

export interface MigrationResult {
  readonly scanned: number;
  /** Documents changed by this run (with --dry-run: that would change). */
  readonly documents: number;
  readonly values: number;
  /** Documents whose update matched nothing because they changed meanwhile (retry by running again). */
  readonly skippedConcurrent: number;
  /** Ciphertexts that could not be decrypted (decrypt only; left as they are). */
  readonly undecryptable: number;
}

export interface Verification {
  /** Values still in the old form on the declared fields. */
  readonly remaining: number;
  readonly sampled: number;
  /** Sampled ciphertexts that did not decrypt. */
  readonly sampleFailures: number;
}

/** The classified fields stored in a collection that the policy encrypts (encrypt) or any classified field (decrypt). */
export function fieldsOf(fieldMap: FieldMap, collection: string, crypto: FieldCrypto, direction: Direction): FieldInfo[] {
  return fieldMap.classified.filter((f) => fieldMap.collectionOf(f.typeName) === collection && (direction === 'decrypt' || crypto.algorithmOf(f) !== null));
}

function needsWork(direction: Direction, value: unknown): boolean {
  if (value === null || value === undefined) return false;
  return direction === 'encrypt' ? !isEncryptedValue(value) : isEncryptedValue(value);
}

export async function migrate(opts: MigrationOptions): Promise<MigrationResult> {
  const { collection, fields, crypto, direction } = opts;
  const projection = Object.fromEntries([['_id', 1], ...fields.map((f) => [f.path, 1])]);
  const total = await collection.countDocuments({});
  let lastId: unknown;
  let scanned = 0;
  let documents = 0;
  let values = 0;
  let skippedConcurrent = 0;
  let undecryptable = 0;
  opts.onProgress?.(0, total);
  for (;;) {
    const filter: Filter<Document> = lastId === undefined ? {} : { _id: { $gt: lastId as Document['_id'] } };
    const docs = await collection.find(filter, { projection, sort: { _id: 1 }, limit: opts.batchSize, batchSize: opts.batchSize }).toArray();
    if (docs.length === 0) break;
    const updates: { filter: Filter<Document>; set: Record<string, unknown> }[] = [];
    for (const doc of docs) {
      const match: Record<string, unknown> = { _id: doc._id };
      const set: Record<string, unknown> = {};
      for (const field of fields) {
        const value = readPath(doc, field.segments);
        if (!needsWork(direction, value)) continue;
        if (direction === 'encrypt') {
          set[field.path] = crypto.forStore(field, value);
        } else {
          const opened = crypto.open(value);
          if (!opened.ok) {
            undecryptable++;
            continue;
          }
          set[field.path] = opened.value;
        }
        match[field.path] = value;
      }
      if (Object.keys(set).length > 0) {
        updates.push({ filter: match as Filter<Document>, set });
        values += Object.keys(set).length;
      }
    }
    if (updates.length > 0) {
      if (opts.dryRun) {
        documents += updates.length;
      } else {
        const res = await collection.bulkWrite(
          updates.map((u) => ({ updateOne: { filter: u.filter, update: { $set: u.set } } })),
          { ordered: false },
        );
        documents += res.modifiedCount;
        skippedConcurrent += updates.length - res.matchedCount;
      }
    }
    scanned += docs.length;
    lastId = docs[docs.length - 1]!._id;
    opts.onProgress?.(scanned, Math.max(total, scanned));
  }
  return { scanned, documents, values, skippedConcurrent, undecryptable };
}

/** Counts values left in the old form and decrypts a sample of encrypted documents. */
export async function verify(opts: Pick<MigrationOptions, 'collection' | 'fields' | 'crypto' | 'direction' | 'sampleSize'>): Promise<Verification> {
  const { collection, fields, crypto, direction } = opts;
  const projection = Object.fromEntries([['_id', 1], ...fields.map((f) => [f.path, 1])]);
  let remaining = 0;
  for await (const doc of collection.find({}, { projection, batchSize: 1000 })) {
    for (const field of fields) if (needsWork(direction, readPath(doc, field.segments))) remaining++;
  }
  let sampled = 0;
  let sampleFailures = 0;
  if (direction === 'encrypt') {
    const sample = await collection.aggregate([{ $sample: { size: opts.sampleSize ?? 100 } }, { $project: projection }]).toArray();
    for (const doc of sample) {
      sampled++;
      for (const field of fields) {
        const value = readPath(doc, field.segments);
        if (isEncryptedValue(value) && !crypto.open(value).ok) sampleFailures++;
      }
    }
  }
  return { remaining, sampled, sampleFailures };
}
