import { MongoClient, type CommandStartedEvent, type Db } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_COLLECTIONS, SEED_INDEXES, SeedTargetNotEmptyError, generateDataset, seedDatabase } from '../../src/data/seed';
import { startTestMongo } from '../support/mongo';

let mongo: Awaited<ReturnType<typeof startTestMongo>>;
let db: Db;

beforeAll(async () => {
  mongo = await startTestMongo();
  db = mongo.db();
});

afterAll(async () => {
  await mongo?.close();
});

describe('seedDatabase', () => {
  it('stores exactly the generated documents and reports how many went into each collection', async () => {
    const counts = await seedDatabase(db, { seed: 5, customers: 60, drop: true });
    const expected = generateDataset({ seed: 5, customers: 60 });
    expect(counts).toEqual({
      users: 21,
      customers: 60,
      deals: expected.deals.length,
      interactions: expected.interactions.length,
    });
    for (const name of SEED_COLLECTIONS) expect(await db.collection(name).countDocuments()).toBe(counts[name]);

    const byId = <T extends { _id: unknown }>(docs: T[]) => [...docs].sort((a, b) => String(a._id).localeCompare(String(b._id)));
    expect(byId(await db.collection('customers').find().toArray())).toEqual(byId(expected.customers));
    expect(byId(await db.collection('users').find().toArray())).toEqual(byId(expected.users));
    const firstDeal = expected.deals[0];
    expect(await db.collection('deals').findOne({ _id: firstDeal._id })).toEqual(firstDeal);
  });

  it('creates the indexes the gateway queries rely on', async () => {
    await seedDatabase(db, { seed: 5, customers: 10, drop: true });
    for (const name of SEED_COLLECTIONS) {
      const keys = (await db.collection(name).listIndexes().toArray()).map((ix) => ix.key);
      for (const key of SEED_INDEXES[name]) expect(keys).toContainEqual(key);
    }
    expect(SEED_INDEXES.interactions).toEqual([{ customerId: 1, at: -1 }]);
  });

  it('refuses to mix with existing documents unless asked to drop them first', async () => {
    await seedDatabase(db, { seed: 5, customers: 10, drop: true });
    await expect(seedDatabase(db, { seed: 6, customers: 10 })).rejects.toBeInstanceOf(SeedTargetNotEmptyError);
    expect(await db.collection('customers').countDocuments()).toBe(10);

    const counts = await seedDatabase(db, { seed: 6, customers: 12, drop: true });
    expect(counts.customers).toBe(12);
    expect(await db.collection('customers').countDocuments()).toBe(12);
    const first = generateDataset({ seed: 6, customers: 1 }).customers[0];
    expect(await db.collection('customers').findOne({ _id: first._id })).toEqual(first);
  });

  it('inserts in batches of at most 1,000 documents', async () => {
    const client = new MongoClient(mongo.uri, { monitorCommands: true });
    const batches: number[] = [];
    client.on('commandStarted', (event: CommandStartedEvent) => {
      if (event.commandName === 'insert') batches.push((event.command.documents as unknown[]).length);
    });
    try {
      await client.connect();
      const counts = await seedDatabase(client.db(mongo.dbName), { seed: 9, customers: 400, drop: true });
      expect(counts.interactions).toBeGreaterThan(1_000);
      expect(Math.max(...batches)).toBeLessThanOrEqual(1_000);
      expect(batches.reduce((a, b) => a + b, 0)).toBe(counts.users + counts.customers + counts.deals + counts.interactions);
    } finally {
      await client.close();
    }
  });
});
