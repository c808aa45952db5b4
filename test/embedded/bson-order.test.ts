// Regressions for the store's comparison order, through the driver: each case once returned a
// wrong answer (see docs/embedded-store.md). Runs unchanged against a real mongod (MONGODB_URI).
import { Decimal128, Double, Int32, Long, ObjectId, type Document } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestMongo, type TestMongo } from '../support/mongo';

let mongo: TestMongo;
beforeAll(async () => {
  mongo = await startTestMongo();
});
afterAll(() => mongo?.close());

let n = 0;
async function collectionWith(docs: Document[]) {
  // Numeric `_id`s; the driver's default schema types `_id` as ObjectId.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const c = mongo.db().collection<any>(`order_${++n}`);
  await c.insertMany(docs);
  return c;
}

const OID = ObjectId.createFromHexString('65cf7cb3b6cc9d32bf000001');

describe('sorted finds', () => {
  it('return every document when a sort value is a Decimal128, a sub-document or an array', async () => {
    const c = await collectionWith([
      { _id: 1, v: 5 },
      { _id: 2, v: Decimal128.fromString('7.5') },
      { _id: 3, v: { x: 1 } },
      { _id: 4, v: [2, 9] },
      { _id: 5, v: 'text' },
      { _id: 6 },
    ]);
    // Descending: an array sorts by its largest element (9); numbers of all widths by value.
    const ids = async (filter: Document) => (await c.find(filter, { sort: { v: -1, _id: 1 } }).toArray()).map((d) => d._id);
    expect(await ids({})).toEqual([3, 5, 4, 2, 1, 6]);
    expect(await ids({ _id: { $gte: 2 } })).toEqual([3, 5, 4, 2, 6]);
    const asc = (await c.find({}, { sort: { v: 1, _id: 1 } }).toArray()).map((d) => d._id);
    // Ascending: the array sorts by its smallest element (2).
    expect(asc).toEqual([6, 4, 1, 2, 5, 3]);
  });

  it('order numbers of every width by exact value, NaN first', async () => {
    const c = await collectionWith([
      { _id: 1, v: new Double(0.1) },
      { _id: 2, v: Decimal128.fromString('0.1') },
      { _id: 3, v: Long.fromString('9007199254740993') },
      { _id: 4, v: new Double(9007199254740992) },
      { _id: 5, v: new Double(Number.NaN) },
      { _id: 6, v: new Int32(-1) },
      { _id: 7, v: Decimal128.fromString('-Infinity') },
    ]);
    // The double nearest 0.1 is 0.1000000000000000055…, just above the decimal 0.1.
    expect((await c.find({}, { sort: { v: 1 } }).toArray()).map((d) => d._id)).toEqual([5, 7, 6, 2, 1, 4, 3]);
  });

  it('put an empty array before null and missing in both directions', async () => {
    const c = await collectionWith([{ _id: 1, v: [] }, { _id: 2, v: null }, { _id: 3 }, { _id: 4, v: 0 }]);
    const ids = async (dir: 1 | -1) => (await c.find({}, { sort: { v: dir, _id: 1 } }).toArray()).map((d) => d._id);
    expect(await ids(1)).toEqual([1, 2, 3, 4]);
    expect(await ids(-1)).toEqual([4, 2, 3, 1]);
  });
});

describe('findOneAndUpdate with sort and upsert', () => {
  it('updates the first match by a sub-document field instead of inserting a duplicate', async () => {
    const c = await collectionWith([
      { _id: 1, q: 'job', meta: { pri: 2 } },
      { _id: 2, q: 'job', meta: { pri: 1 } },
    ]);
    const after = await c.findOneAndUpdate({ q: 'job' }, { $set: { taken: true } }, { sort: { meta: 1 }, upsert: true, returnDocument: 'after' });
    expect(after).toEqual({ _id: 2, q: 'job', meta: { pri: 1 }, taken: true });
    expect(await c.countDocuments()).toBe(2);
  });
});

describe('sub-documents compare field by field in stored order', () => {
  it('in find sorts: the types of the first fields decide before their names', async () => {
    const c = await collectionWith([
      { _id: 1, v: { x: 'a' } },
      { _id: 2, v: { y: 0 } },
    ]);
    expect((await c.find({}, { sort: { v: 1 } }).toArray()).map((d) => d._id)).toEqual([2, 1]);
  });

  it('in $group keys and the $sort after them (customerStats orders groups by {count: -1, _id: 1})', async () => {
    const c = await collectionWith([
      { tier: 'a', region: 'z' },
      { tier: 'b', region: 'y' },
      { tier: 'b', region: 'y' },
      { tier: 'a', region: 'z' },
      { tier: 'c', region: 'x' },
    ]);
    const groups = await c
      .aggregate([{ $group: { _id: { tier: '$tier', region: '$region' }, count: { $sum: 1 } } }, { $facet: { visible: [{ $sort: { count: -1, _id: 1 } }] } }])
      .toArray();
    expect(groups[0]!.visible).toEqual([
      { _id: { tier: 'a', region: 'z' }, count: 2 },
      { _id: { tier: 'b', region: 'y' }, count: 2 },
      { _id: { tier: 'c', region: 'x' }, count: 1 },
    ]);
  });

  it('as distinct $group keys when the same fields come in another order; numbers group by value', async () => {
    const c = await collectionWith([{ k: { a: 1, b: 2 } }, { k: { b: 2, a: 1 } }, { k: new Int32(1) }, { k: new Double(1) }, { k: Decimal128.fromString('1.00') }]);
    const groups = await c.aggregate([{ $group: { _id: '$k', n: { $sum: 1 } } }, { $sort: { n: -1, _id: 1 } }]).toArray();
    expect(groups.map((g) => g.n)).toEqual([3, 1, 1]);
    expect(groups.slice(1).map((g) => Object.keys(g._id))).toEqual([
      ['a', 'b'],
      ['b', 'a'],
    ]);
  });
});

describe('range filters', () => {
  it('compare numbers of every width by value, documents in stored order, missing as null', async () => {
    const c = await collectionWith([
      { _id: 1, v: new Int32(3) },
      { _id: 2, v: Decimal128.fromString('7.5') },
      { _id: 3, v: Long.fromString('9007199254740993') },
      { _id: 4, v: 'text' },
      { _id: 5, v: { y: 0 } },
      { _id: 6, v: { x: 'a' } },
      { _id: 7, v: null },
      { _id: 8 },
      { _id: 9, v: [1, Decimal128.fromString('20')] },
    ]);
    const ids = async (filter: Document) => (await c.find(filter, { sort: { _id: 1 } }).toArray()).map((d) => d._id);
    // Keyset pagination over a money field holding doubles and decimals builds exactly these.
    expect(await ids({ v: { $lt: Decimal128.fromString('7.5') } })).toEqual([1, 9]);
    expect(await ids({ v: { $gt: 7.5 } })).toEqual([3, 9]);
    // Each bound may be met by a different element of an array (20 >= 3, 1 <= 3).
    expect(await ids({ v: { $gte: Long.fromNumber(3), $lte: 3 } })).toEqual([1, 9]);
    expect(await ids({ v: { $lt: { x: 'b' } } })).toEqual([5, 6]);
    expect(await ids({ v: { $gte: null } })).toEqual([7, 8]);
  });
});

describe('$min and $max in BSON order', () => {
  it('as accumulators and expressions, ignoring null and missing', async () => {
    const c = await collectionWith([{ v: OID }, { v: true }, { v: 'str' }, { v: Decimal128.fromString('5') }, { v: 3 }, { v: null }, {}]);
    const [row] = await c
      .aggregate([{ $group: { _id: null, lo: { $min: '$v' }, hi: { $max: '$v' }, all: { $push: '$v' } } }, { $project: { _id: 0, lo: 1, hi: 1, top: { $max: '$all' } } }])
      .toArray();
    expect(row).toEqual({ lo: 3, hi: true, top: true });
  });

  it('as update operators', async () => {
    const c = await collectionWith([{ _id: 1, flag: true, w: 2, doc: { x: 'a' } }]);
    await c.updateOne({ _id: 1 }, { $max: { flag: OID }, $min: { w: Decimal128.fromString('1.5'), doc: { y: 0 } } });
    expect(await c.findOne({ _id: 1 })).toEqual({ _id: 1, flag: true, w: Decimal128.fromString('1.5'), doc: { y: 0 } });
  });
});
