// Loads the synthetic data set into a MongoDB database (the embedded store or a real server),
// streaming it in chunks so memory stays flat however many customers are asked for.
import type { Db, Document } from 'mongodb';
import { generateCustomerRecords, generateUsers, resolveOptions, type GenerateOptions } from './generate';

export const SEED_COLLECTIONS = ['users', 'customers', 'deals', 'interactions'] as const;
export type SeedCollection = (typeof SEED_COLLECTIONS)[number];

/** The indexes the gateway's queries rely on (row scope, lookups, a customer's timeline). */
export const SEED_INDEXES: Record<SeedCollection, readonly Record<string, 1 | -1>[]> = {
  users: [{ teamId: 1 }],
  customers: [{ ownerId: 1 }, { teamId: 1 }, { phone: 1 }, { idNumber: 1 }],
  deals: [{ customerId: 1 }, { ownerId: 1 }, { teamId: 1 }],
  interactions: [{ customerId: 1, at: -1 }],
};

export interface SeedOptions extends GenerateOptions {
  /** Drop the four collections first; without it, seeding into non-empty collections is refused. */
  drop?: boolean;
  /** Called as customers (with their deals and interactions) are written, for a progress display. */
  onProgress?: (customersDone: number, customersTotal: number) => void;
}

export type SeedCounts = Record<SeedCollection, number>;

/** Seeding would mix the data set with documents already there. The message names no values. */
export class SeedTargetNotEmptyError extends Error {
  constructor(readonly collection: SeedCollection) {
    super(`collection "${collection}" already has documents; drop it first (seed --drop)`);
    this.name = 'SeedTargetNotEmptyError';
  }
}

const BATCH = 1_000;

/** Buffers one collection's documents and writes them with insertMany in batches of BATCH. */
class BatchWriter {
  private buffer: Document[] = [];
  count = 0;

  constructor(
    private readonly db: Db,
    private readonly name: SeedCollection,
  ) {}

  async add(docs: readonly Document[]): Promise<void> {
    for (const doc of docs) {
      this.buffer.push(doc);
      if (this.buffer.length === BATCH) await this.flush();
    }
  }

  async flush(): Promise<void> {
    if (this.buffer.length === 0) return;
    const batch = this.buffer;
    this.buffer = [];
    await this.db.collection(this.name).insertMany(batch, { ordered: true });
    this.count += batch.length;
  }
}

export async function seedDatabase(db: Db, opts: SeedOptions = {}): Promise<SeedCounts> {
  const options = resolveOptions(opts);
  if (opts.drop) {
    for (const name of SEED_COLLECTIONS) await db.collection(name).drop();
  } else {
    for (const name of SEED_COLLECTIONS) {
      if ((await db.collection(name).findOne({}, { projection: { _id: 1 } })) !== null) throw new SeedTargetNotEmptyError(name);
    }
  }

  const writers = Object.fromEntries(SEED_COLLECTIONS.map((name) => [name, new BatchWriter(db, name)])) as Record<SeedCollection, BatchWriter>;
  await writers.users.add(generateUsers());
  let done = 0;
  for (const { customer, deals, interactions } of generateCustomerRecords(options)) {
    await writers.customers.add([customer]);
    await writers.deals.add(deals);
    await writers.interactions.add(interactions);
    if (++done % 100 === 0) opts.onProgress?.(done, options.customers);
  }
  for (const name of SEED_COLLECTIONS) await writers[name].flush();
  opts.onProgress?.(done, options.customers);

  // After the inserts: building an index once is cheaper than maintaining it row by row.
  for (const name of SEED_COLLECTIONS) {
    await db.collection(name).createIndexes(SEED_INDEXES[name].map((key) => ({ key })));
  }

  return Object.fromEntries(SEED_COLLECTIONS.map((name) => [name, writers[name].count])) as SeedCounts;
}
