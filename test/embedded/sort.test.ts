// Sort order through the driver, as mongod orders BSON types: null/missing < numbers < strings <
// ObjectId < booleans < dates; ties keep a stable order; compound keys and skip/limit.
import { ObjectId } from 'mongodb';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestMongo, type TestMongo } from '../support/mongo';

let mongo: TestMongo;
beforeAll(async () => {
  mongo = await startTestMongo();
  await mongo
    .db()
    .collection<{ _id: number; v?: unknown; g: number }>('s')
    .insertMany([
      { _id: 1, v: 'b', g: 1 },
      { _id: 2, v: 3, g: 1 },
      { _id: 3, g: 2 },
      { _id: 4, v: null, g: 2 },
      { _id: 5, v: new Date('2026-01-01T00:00:00Z'), g: 1 },
      { _id: 6, v: ObjectId.createFromHexString('65cf7cb3b6cc9d32bf000005'), g: 2 },
      { _id: 7, v: true, g: 1 },
      { _id: 8, v: -1.5, g: 2 },
      { _id: 9, v: 'a', g: 2 },
    ]);
});
afterAll(() => mongo?.close());

const ids = async (sort: Record<string, 1 | -1>, opts: { skip?: number; limit?: number } = {}) =>
  (
    await mongo
      .db()
      .collection<{ _id: number }>('s')
      .find({}, { sort, ...opts })
      .toArray()
  ).map((d) => d._id);

it('orders by BSON type, then value, ascending and descending', async () => {
  const asc = await ids({ v: 1, _id: 1 });
  expect(asc).toEqual([3, 4, 8, 2, 9, 1, 6, 7, 5]);
  expect(await ids({ v: -1, _id: -1 })).toEqual([...asc].reverse());
});

it('sorts on compound keys with skip and limit', async () => {
  expect(await ids({ g: 1, _id: -1 }, { skip: 1, limit: 3 })).toEqual([5, 2, 1]);
});
