// Binaries — client-side encryption ciphertext (subtype 6) above all — are stored and compared
// byte for byte, like any other binary: values that differ only in bytes that are not valid UTF-8
// are different values for equality filters, and a $set of such a value is a change.
import { Binary } from 'mongodb';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestMongo, type TestMongo } from '../support/mongo';

let mongo: TestMongo;
beforeAll(async () => {
  mongo = await startTestMongo();
});
afterAll(() => mongo?.close());

const a = Buffer.alloc(64, 0xff);
const b = Buffer.from(a);
b[40] = 0xfe; // both invalid UTF-8: decoded as text, a and b would read the same

it('stores subtype-6 binaries and returns them byte for byte', async () => {
  const coll = mongo.db().collection('bin');
  await coll.insertMany([
    { _id: 1 as never, v: new Binary(a, 6) },
    { _id: 2 as never, v: new Binary(b, 6) },
  ]);
  const docs = await coll.find({}).sort({ _id: 1 }).toArray();
  expect(docs.map((d) => [(d.v as Binary).sub_type, Buffer.from((d.v as Binary).buffer.subarray(0, (d.v as Binary).position)).toString('hex')])).toEqual([
    [6, a.toString('hex')],
    [6, b.toString('hex')],
  ]);
});

it('matches equality filters on exact bytes and subtype', async () => {
  const coll = mongo.db().collection('bin');
  expect((await coll.find({ v: new Binary(b, 6) }).toArray()).map((d) => d._id)).toEqual([2]);
  expect((await coll.find({ v: { $in: [new Binary(a, 6)] } }).toArray()).map((d) => d._id)).toEqual([1]);
  expect(await coll.countDocuments({ v: new Binary(a, 0) })).toBe(0);
});

it('counts a $set to a binary that differs only in such bytes as a modification', async () => {
  const coll = mongo.db().collection('bin');
  const res = await coll.updateOne({ _id: 1 as never, v: new Binary(a, 6) }, { $set: { v: new Binary(b, 6) } });
  expect(res.modifiedCount).toBe(1);
  expect(await coll.countDocuments({ v: new Binary(b, 6) })).toBe(2);
});
