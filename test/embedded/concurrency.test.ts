// 50 independent clients interleaving writes and reads end with exactly the expected documents.
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestMongo, type TestMongo } from '../support/mongo';

const CLIENTS = 50;
const DOCS_PER_CLIENT = 10;

let mongo: TestMongo;
beforeAll(async () => {
  mongo = await startTestMongo();
});
afterAll(async () => {
  await mongo?.close();
});

// 100 connections and 2,500 operations: about 10 s on an idle 2-core machine. The ceiling is for a
// loaded one (the full suite runs beside it), not a speed requirement.
it('50 clients doing interleaved inserts, updates and reads end in the exact expected state', { timeout: 120_000 }, async () => {
  const clients = await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      const c = new MongoClient(mongo.uri, { maxPoolSize: 2 });
      await c.connect();
      return c;
    }),
  );
  try {
    await mongo
      .db()
      .collection('counters')
      .insertOne({ _id: 'hits', n: 0 } as never);
    await Promise.all(
      clients.map(async (client, k) => {
        const coll = client.db(mongo.dbName).collection<{ _id: string; owner: number; j: number; v: number; seenBy?: number[] }>('items');
        const counters = client.db(mongo.dbName).collection<{ _id: string; n: number }>('counters');
        for (let j = 0; j < DOCS_PER_CLIENT; j++) {
          await coll.insertOne({ _id: `${k}-${j}`, owner: k, j, v: 0 });
          await counters.updateOne({ _id: 'hits' }, { $inc: { n: 1 } });
          // Touch a neighbour's document too, so writers contend for the same documents.
          await coll.updateOne({ _id: `${(k + 1) % CLIENTS}-${j}` }, { $addToSet: { seenBy: k } });
          await coll.updateOne({ _id: `${k}-${j}` }, { $inc: { v: j + 1 } });
          const mine = await coll.countDocuments({ owner: k });
          expect(mine).toBe(j + 1);
        }
      }),
    );
    const items = mongo.db().collection<{ _id: string; owner: number; j: number; v: number; seenBy?: number[] }>('items');
    expect(await items.countDocuments()).toBe(CLIENTS * DOCS_PER_CLIENT);
    const all = await items.find().toArray();
    for (const d of all) expect(d.v).toBe(d.j + 1);
    expect((await mongo.db().collection<{ _id: string; n: number }>('counters').findOne({ _id: 'hits' }))!.n).toBe(CLIENTS * DOCS_PER_CLIENT);
    // Each neighbour update landed unless it ran before its target existed; replaying them now
    // must change nothing for the ones that did, so re-apply and compare with the ideal state.
    await Promise.all(
      clients.map((client, k) =>
        Promise.all(
          Array.from({ length: DOCS_PER_CLIENT }, (_, j) =>
            client
              .db(mongo.dbName)
              .collection('items')
              .updateOne({ _id: `${(k + 1) % CLIENTS}-${j}` as never }, { $addToSet: { seenBy: k } }),
          ),
        ),
      ),
    );
    for (const d of await items.find().toArray()) expect(d.seenBy).toEqual([(d.owner + CLIENTS - 1) % CLIENTS]);
  } finally {
    await Promise.all(clients.map((c) => c.close()));
  }
});
