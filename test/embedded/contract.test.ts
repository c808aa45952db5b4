// Contract suite for the embedded store: every command the gateway relies on, through the
// official driver over TCP. Runs unchanged against a real mongod when MONGODB_URI is set.
import { readFileSync } from 'node:fs';
import { Binary, Decimal128, Double, Int32, Long, MongoServerError, ObjectId, UUID, type Db } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestMongo, type TestMongo } from '../support/mongo';

// Wire versions of the MongoDB releases a promise can name (the driver's own table).
const WIRE_VERSIONS: Record<string, number> = { '4.2': 8, '4.4': 9, '5.0': 13, '6.0': 17, '7.0': 21, '8.0': 25 };
const README_MINIMUM = /real MongoDB (\d+\.\d+)\+/.exec(readFileSync(new URL('../../README.md', import.meta.url), 'utf8'))?.[1];
const MIN_WIRE_VERSION = WIRE_VERSIONS[README_MINIMUM ?? ''];

let mongo: TestMongo;
let db: Db;

// Tests use numeric and string `_id`s freely; the driver's default schema types `_id` as ObjectId.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const coll = (name: string) => db.collection<any>(name);

beforeAll(async () => {
  mongo = await startTestMongo();
  db = mongo.db();
});
afterAll(async () => {
  await mongo?.close();
});

async function serverError(p: Promise<unknown>): Promise<MongoServerError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof MongoServerError) return err;
    throw err;
  }
  throw new Error('expected a server error');
}

describe('handshake and server commands', () => {
  it('answers hello like a writable standalone with sessions', async () => {
    const hello = await db.admin().command({ hello: 1 });
    expect(hello).toMatchObject({ isWritablePrimary: true, ok: 1 });
    // The oldest server the README promises: the suite must accept it (and so never rely on
    // anything newer), and a server older than the promise fails here first.
    expect(hello.maxWireVersion).toBeGreaterThanOrEqual(MIN_WIRE_VERSION);
    expect(hello.logicalSessionTimeoutMinutes).toBeGreaterThan(0);
    expect(hello.maxBsonObjectSize).toBe(16 * 1024 * 1024);
    const legacy = await db.admin().command({ isMaster: 1 });
    expect(legacy.ismaster).toBe(true);
  });

  it('takes the minimum server version from the README', () => {
    expect(README_MINIMUM).toBe('5.0');
    expect(MIN_WIRE_VERSION).toBe(13);
  });

  it('answers ping, buildInfo and endSessions', async () => {
    expect((await db.admin().command({ ping: 1 })).ok).toBe(1);
    const info = await db.admin().command({ buildInfo: 1 });
    expect(info.version).toMatch(/^\d+\.\d+/);
    expect(Array.isArray(info.versionArray)).toBe(true);
    expect((await db.admin().command({ endSessions: [] })).ok).toBe(1);
  });

  it('refuses an unknown command with CommandNotFound', async () => {
    const err = await serverError(db.command({ frobnicate: 1 }));
    expect(err.code).toBe(59);
    expect(err.codeName).toBe('CommandNotFound');
    expect(err.message).toContain("no such command: 'frobnicate'");
  });
});

describe('databases and collections', () => {
  it('creates, lists and drops collections', async () => {
    await db.createCollection('made');
    const err = await serverError(db.createCollection('made'));
    expect(err.code).toBe(48);
    await coll('implicit').insertOne({ x: 1 });
    const names = (await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name).sort();
    expect(names).toEqual(expect.arrayContaining(['implicit', 'made']));
    const filtered = await db.listCollections({ name: 'made' }).toArray();
    expect(filtered).toHaveLength(1);
    expect(filtered[0]).toMatchObject({ name: 'made', type: 'collection' });
    expect(await coll('made').drop()).toBe(true);
    expect((await db.listCollections({ name: 'made' }).toArray()).length).toBe(0);
  });

  it('lists and drops databases', async () => {
    const other = mongo.client.db(`${mongo.dbName}_x`);
    await other.collection('c').insertOne({ a: 1 });
    const { databases } = await db.admin().listDatabases();
    expect(databases.map((d) => d.name)).toContain(`${mongo.dbName}_x`);
    expect(await other.dropDatabase()).toBe(true);
    const after = await db.admin().listDatabases({ nameOnly: true });
    expect(after.databases.map((d) => d.name)).not.toContain(`${mongo.dbName}_x`);
  });
});

describe('insert, find and cursors', () => {
  beforeAll(async () => {
    await coll('people').insertMany(
      Array.from({ length: 30 }, (_, i) => ({
        _id: i,
        name: `p${i}`,
        age: 20 + (i % 10),
        team: i % 3 === 0 ? 'a' : 'b',
        tags: i % 2 ? ['odd'] : ['even', 'x'],
        address: { city: i < 15 ? 'Beijing' : 'Shanghai' },
      })),
    );
  });

  it('filters, sorts, skips, limits and projects', async () => {
    const docs = await db
      .collection('people')
      .find({ age: { $gte: 25 }, team: 'b' }, { projection: { name: 1, age: 1, _id: 0 } })
      .sort({ age: -1, name: 1 })
      .skip(1)
      .limit(3)
      .toArray();
    // team b is i % 3 !== 0; by age desc then name: p19, p29, p28, p8, …
    expect(docs).toEqual([
      { name: 'p29', age: 29 },
      { name: 'p28', age: 28 },
      { name: 'p8', age: 28 },
    ]);
  });

  it('matches array elements, dotted paths, $or and $regex', async () => {
    const c = coll('people');
    expect(await c.countDocuments({ tags: 'even' })).toBe(15);
    expect(await c.countDocuments({ 'address.city': 'Shanghai' })).toBe(15);
    expect(await c.countDocuments({ $or: [{ _id: 1 }, { name: /^p2\d$/ }] })).toBe(11);
    const excluded = await c.findOne({ _id: 3 }, { projection: { 'address.city': 0, tags: 0 } });
    expect(excluded).toEqual({ _id: 3, name: 'p3', age: 23, team: 'a', address: {} });
    expect(await c.findOne({ _id: 3 }, { projection: { 'address.city': 1 } })).toEqual({ _id: 3, address: { city: 'Beijing' } });
  });

  it('serves findOne and single-batch queries without leaving a cursor', async () => {
    const res = await db.command({ find: 'people', filter: {}, limit: 5, singleBatch: true });
    expect(res.cursor.firstBatch).toHaveLength(5);
    expect(Number(res.cursor.id)).toBe(0);
  });

  it('returns batches through getMore and frees exhausted and killed cursors', async () => {
    const first = await db.command({ find: 'people', filter: {}, sort: { _id: 1 }, batchSize: 10 });
    expect(first.cursor.firstBatch).toHaveLength(10);
    const id = Long.fromValue(first.cursor.id);
    expect(id.isZero()).toBe(false);
    const second = await db.command({ getMore: id, collection: 'people', batchSize: 15 });
    expect(second.cursor.nextBatch.map((d: { _id: number }) => d._id)).toEqual(Array.from({ length: 15 }, (_, i) => i + 10));
    const last = await db.command({ getMore: id, collection: 'people' });
    expect(last.cursor.nextBatch).toHaveLength(5);
    expect(Number(last.cursor.id)).toBe(0);
    const gone = await serverError(db.command({ getMore: id, collection: 'people' }));
    expect(gone.code).toBe(43);
    expect(gone.codeName).toBe('CursorNotFound');

    const other = await db.command({ find: 'people', filter: {}, batchSize: 2 });
    const otherId = Long.fromValue(other.cursor.id);
    const killed = await db.command({ killCursors: 'people', cursors: [otherId] });
    expect(killed.cursorsKilled.map(Number)).toEqual([otherId.toNumber()]);
    expect((await serverError(db.command({ getMore: otherId, collection: 'people' }))).code).toBe(43);
  });

  it('walks 10,000 documents with the default batch size', async () => {
    const c = coll('many');
    await c.insertMany(Array.from({ length: 10_000 }, (_, i) => ({ i })));
    let n = 0;
    let sum = 0;
    for await (const d of c.find({}, { projection: { _id: 0, i: 1 } })) {
      n++;
      sum += d.i as number;
    }
    expect(n).toBe(10_000);
    expect(sum).toBe((9_999 * 10_000) / 2);
    expect(await c.aggregate([{ $project: { i: 1 } }]).toArray()).toHaveLength(10_000);
  });

  it('round-trips BSON types exactly', async () => {
    const id = new ObjectId();
    const doc = {
      _id: id,
      date: new Date('2024-02-29T12:34:56.789Z'),
      dec: Decimal128.fromString('12345.6789'),
      long: Long.fromString('9007199254740993'),
      smallLong: Long.fromNumber(42),
      int: new Int32(7),
      double: new Double(2.5),
      integralDouble: new Double(3),
      bin: new Binary(Buffer.from([0, 1, 2, 255]), 0),
      uuid: new UUID('01234567-89ab-cdef-0123-456789abcdef'),
      nil: null,
      nested: { deep: { arr: [new Int32(1), 'two', { three: new Double(3) }, [Long.fromNumber(4)]] } },
      str: '北京市海淀区',
    };
    await coll('types').insertOne(doc);
    const back = await coll('types').findOne({ _id: id }, { promoteValues: false, promoteLongs: false });
    expect(back).toEqual(doc);
    expect(back!.smallLong).toBeInstanceOf(Long);
    expect(back!.integralDouble).toBeInstanceOf(Double);
    expect(back!.int).toBeInstanceOf(Int32);
    const promoted = await coll('types').findOne({ _id: id });
    expect(promoted!.long).toEqual(Long.fromString('9007199254740993'));
    expect(promoted!.smallLong).toBe(42);
    expect(await coll('types').countDocuments({ smallLong: 42, date: { $gt: new Date('2024-01-01') } })).toBe(1);
    await coll('types').updateOne({ _id: id }, { $set: { set: new Double(5) }, $inc: { smallLong: 1 } });
    const updated = await coll('types').findOne({ _id: id }, { promoteValues: false });
    expect(updated!.set).toBeInstanceOf(Double);
    expect(updated!.smallLong).toEqual(Long.fromNumber(43));
  });
});

describe('aggregate', () => {
  beforeAll(async () => {
    await coll('customers').insertMany([
      { _id: 1, name: 'A', team: 't1', tags: ['vip', 'new'] },
      { _id: 2, name: 'B', team: 't1', tags: [] },
      { _id: 3, name: 'C', team: 't2', tags: ['vip'] },
    ]);
    await coll('deals').insertMany([
      { _id: 10, customerId: 1, amount: 100, stage: 'won' },
      { _id: 11, customerId: 1, amount: 50, stage: 'lost' },
      { _id: 12, customerId: 3, amount: 70, stage: 'won' },
    ]);
  });

  it('runs $match $group $sort $project $addFields $set $unset $limit $skip', async () => {
    const res = await db
      .collection('deals')
      .aggregate([
        { $match: { amount: { $gt: 10 } } },
        { $group: { _id: '$customerId', total: { $sum: '$amount' }, n: { $sum: 1 } } },
        { $sort: { total: -1 } },
        { $addFields: { big: { $gt: ['$total', 100] } } },
        { $set: { doubled: { $multiply: ['$total', 2] } } },
        { $unset: 'n' },
        { $project: { total: 1, big: 1, doubled: 1 } },
        { $skip: 0 },
        { $limit: 5 },
      ])
      .toArray();
    expect(res).toEqual([
      { _id: 1, total: 150, big: true, doubled: 300 },
      { _id: 3, total: 70, big: false, doubled: 140 },
    ]);
  });

  it('runs both forms of $lookup, $unwind, $replaceRoot, $count and $facet', async () => {
    const joined = await db
      .collection('customers')
      .aggregate([{ $lookup: { from: 'deals', localField: '_id', foreignField: 'customerId', as: 'deals' } }, { $project: { n: { $size: '$deals' } } }, { $sort: { _id: 1 } }])
      .toArray();
    expect(joined).toEqual([
      { _id: 1, n: 2 },
      { _id: 2, n: 0 },
      { _id: 3, n: 1 },
    ]);

    const piped = await db
      .collection('customers')
      .aggregate([
        {
          $lookup: {
            from: 'deals',
            let: { cid: '$_id' },
            pipeline: [{ $match: { $expr: { $and: [{ $eq: ['$customerId', '$$cid'] }, { $eq: ['$stage', 'won'] }] } } }, { $project: { _id: 0, amount: 1 } }],
            as: 'won',
          },
        },
        { $unwind: '$won' },
        { $replaceRoot: { newRoot: { name: '$name', amount: '$won.amount' } } },
        { $sort: { name: 1 } },
      ])
      .toArray();
    expect(piped).toEqual([
      { name: 'A', amount: 100 },
      { name: 'C', amount: 70 },
    ]);

    const [facets] = await db
      .collection('customers')
      .aggregate([
        { $facet: { total: [{ $count: 'n' }], byTeam: [{ $group: { _id: '$team', n: { $sum: 1 } } }, { $sort: { _id: 1 } }], tags: [{ $unwind: '$tags' }, { $count: 'n' }] } },
      ])
      .toArray();
    expect(facets).toEqual({
      total: [{ n: 3 }],
      byTeam: [
        { _id: 't1', n: 2 },
        { _id: 't2', n: 1 },
      ],
      tags: [{ n: 3 }],
    });
    const stored = await coll('customers').findOne({ _id: 1 });
    expect(stored!.tags).toEqual(['vip', 'new']);
  });

  it('rejects an unknown stage and requires the cursor option', async () => {
    const err = await serverError(
      coll('deals')
        .aggregate([{ $bogus: {} }])
        .toArray(),
    );
    expect(err.code).toBe(40324);
    expect(err.message).toContain('$bogus');
    const noCursor = await serverError(db.command({ aggregate: 'deals', pipeline: [] }));
    expect(noCursor.code).toBe(9);
  });
});

describe('update, delete, findAndModify', () => {
  it('applies operators, multi updates, arrayFilters and upserts', async () => {
    const c = coll('upd');
    await c.insertMany([
      {
        _id: 1,
        n: 1,
        items: [
          { k: 'a', q: 1 },
          { k: 'b', q: 2 },
        ],
        tags: ['x'],
      },
      { _id: 2, n: 2, items: [{ k: 'b', q: 5 }], tags: [] },
    ]);
    const one = await c.updateOne({ _id: 1 }, { $inc: { n: 10 }, $push: { tags: 'y' } as never, $set: { 'meta.seen': true } });
    expect(one).toMatchObject({ matchedCount: 1, modifiedCount: 1 });
    const many = await c.updateMany({}, { $set: { 'items.$[it].q': 0 } }, { arrayFilters: [{ 'it.k': 'b' }] });
    expect(many).toMatchObject({ matchedCount: 2, modifiedCount: 2 });
    const same = await c.updateOne({ _id: 2 }, { $set: { n: 2 } });
    expect(same).toMatchObject({ matchedCount: 1, modifiedCount: 0 });
    const positional = await c.updateOne({ _id: 1, 'items.k': 'a' }, { $set: { 'items.$.q': 9 } });
    expect(positional.modifiedCount).toBe(1);
    expect(await c.findOne({ _id: 1 })).toEqual({
      _id: 1,
      n: 11,
      items: [
        { k: 'a', q: 9 },
        { k: 'b', q: 0 },
      ],
      tags: ['x', 'y'],
      meta: { seen: true },
    });

    const up = await c.updateOne({ email: 'z@example.com' }, { $set: { n: 3 }, $setOnInsert: { created: true } }, { upsert: true });
    expect(up.upsertedCount).toBe(1);
    expect(await c.findOne({ _id: up.upsertedId! })).toMatchObject({ email: 'z@example.com', n: 3, created: true });
    const again = await c.updateOne({ email: 'z@example.com' }, { $set: { n: 4 }, $setOnInsert: { created: false } }, { upsert: true });
    expect(again).toMatchObject({ matchedCount: 1, upsertedCount: 0 });
    expect((await c.findOne({ email: 'z@example.com' }))!.created).toBe(true);

    const replaced = await c.replaceOne({ _id: 2 }, { fresh: 1 });
    expect(replaced.modifiedCount).toBe(1);
    expect(await c.findOne({ _id: 2 })).toEqual({ _id: 2, fresh: 1 });
    const pipeline = await c.updateOne({ _id: 2 }, [{ $set: { twice: { $multiply: ['$fresh', 2] } } }]);
    expect(pipeline.modifiedCount).toBe(1);
    expect((await c.findOne({ _id: 2 }))!.twice).toBe(2);

    const immutable = await serverError(c.updateOne({ _id: 2 }, { $set: { _id: 3 } }));
    expect(immutable.code).toBe(66);
    const badOp = await serverError(c.updateOne({ _id: 2 }, { $frob: { a: 1 } } as never));
    expect(badOp.code).toBe(9);
  });

  it('deletes one or many', async () => {
    const c = coll('del');
    await c.insertMany([{ k: 1 }, { k: 1 }, { k: 1 }, { k: 2 }]);
    expect((await c.deleteOne({ k: 1 })).deletedCount).toBe(1);
    expect((await c.deleteMany({ k: 1 })).deletedCount).toBe(2);
    expect(await c.countDocuments()).toBe(1);
  });

  it('finds and modifies, returning before or after, with sort, upsert and remove', async () => {
    const c = coll('fam');
    await c.insertMany([
      { _id: 1, q: 'job', pri: 1 },
      { _id: 2, q: 'job', pri: 5 },
    ]);
    const before = await c.findOneAndUpdate({ q: 'job' }, { $set: { taken: true } }, { sort: { pri: -1 } });
    expect(before).toEqual({ _id: 2, q: 'job', pri: 5 });
    const after = await c.findOneAndUpdate({ _id: 1 }, { $inc: { pri: 1 } }, { returnDocument: 'after', projection: { pri: 1 } });
    expect(after).toEqual({ _id: 1, pri: 2 });
    const upserted = await c.findOneAndUpdate({ _id: 3 }, { $set: { q: 'new' } }, { upsert: true, returnDocument: 'after' });
    expect(upserted).toEqual({ _id: 3, q: 'new' });
    const meta = await c.findOneAndReplace({ _id: 3 }, { q: 'replaced' }, { includeResultMetadata: true });
    expect(meta.lastErrorObject).toMatchObject({ n: 1, updatedExisting: true });
    expect(await c.findOneAndDelete({ _id: 3 })).toEqual({ _id: 3, q: 'replaced' });
    expect(await c.findOneAndDelete({ _id: 3 })).toBeNull();
  });
});

describe('count and distinct', () => {
  it('counts with query, skip and limit, and lists distinct values', async () => {
    const c = coll('cd');
    await c.insertMany([{ t: ['a', 'b'], n: 1 }, { t: 'a', n: 2 }, { t: 'c', n: 3 }, { n: 4 }]);
    expect((await db.command({ count: 'cd' })).n).toBe(4);
    expect((await db.command({ count: 'cd', query: { n: { $gt: 1 } }, skip: 1, limit: 5 })).n).toBe(2);
    expect(await c.estimatedDocumentCount()).toBe(4);
    expect((await c.distinct('t')).sort()).toEqual(['a', 'b', 'c']);
    expect((await c.distinct('n', { t: 'a' })).sort()).toEqual([1, 2]);
  });
});

describe('indexes', () => {
  it('creates, lists and drops indexes', async () => {
    const c = coll('idx');
    await c.insertOne({ email: 'a@x.cn', team: 't', ownerId: 'u1' });
    expect(await c.createIndex({ email: 1 }, { unique: true })).toBe('email_1');
    expect(await c.createIndex({ team: 1, ownerId: -1 })).toBe('team_1_ownerId_-1');
    const names = (await c.listIndexes().toArray()).map((i) => i.name);
    expect(names).toEqual(['_id_', 'email_1', 'team_1_ownerId_-1']);
    expect((await c.indexes()).find((i) => i.name === 'email_1')).toMatchObject({ key: { email: 1 }, unique: true });
    await c.dropIndex('team_1_ownerId_-1');
    expect((await c.listIndexes().toArray()).map((i) => i.name)).toEqual(['_id_', 'email_1']);
    const missing = await serverError(c.dropIndex('nope'));
    expect(missing.code).toBe(27);
    const ns = await serverError(coll('never').listIndexes().toArray());
    expect(ns.code).toBe(26);
  });

  it('enforces unique indexes with the real duplicate-key error', async () => {
    const c = coll('uniq');
    await c.createIndex({ email: 1 }, { unique: true });
    await c.insertOne({ _id: 1, email: 'a@x.cn' });
    const dup = await serverError(c.insertOne({ _id: 2, email: 'a@x.cn' }));
    expect(dup.code).toBe(11000);
    expect(dup.message).toBe(`E11000 duplicate key error collection: ${mongo.dbName}.uniq index: email_1 dup key: { email: "a@x.cn" }`);
    expect(dup.keyValue).toEqual({ email: 'a@x.cn' });
    const dupId = await serverError(c.insertOne({ _id: 1, email: 'b@x.cn' }));
    expect(dupId.code).toBe(11000);
    expect(dupId.message).toContain('index: _id_ dup key: { _id: 1 }');

    const bulk = await serverError(
      c.insertMany(
        [
          { _id: 3, email: 'c@x.cn' },
          { _id: 4, email: 'a@x.cn' },
          { _id: 5, email: 'd@x.cn' },
        ],
        { ordered: false },
      ),
    );
    expect(bulk.code).toBe(11000);
    expect(await c.countDocuments()).toBe(3);

    await c.insertOne({ _id: 6, email: 'e@x.cn' });
    const upd = await serverError(c.updateOne({ _id: 6 }, { $set: { email: 'a@x.cn' } }));
    expect(upd.code).toBe(11000);
    expect((await c.findOne({ _id: 6 }))!.email).toBe('e@x.cn');
    const fam = await serverError(c.findOneAndUpdate({ _id: 6 }, { $set: { email: 'c@x.cn' } }));
    expect(fam.code).toBe(11000);

    await c.insertOne({ _id: 7, email: 'dup@x.cn' });
    await c.insertOne({ _id: 8, email2: 'dup@x.cn', other: true });
    await c.updateOne({ _id: 8 }, { $set: { email: 'free@x.cn' } });
    const build = await serverError(
      coll('uniq2')
        .insertMany([{ e: 1 }, { e: 1 }])
        .then(() => coll('uniq2').createIndex({ e: 1 }, { unique: true })),
    );
    expect(build.code).toBe(11000);
  });

  it('leaves documents outside sparse and partial unique indexes unchecked', async () => {
    const c = coll('sparse');
    await c.createIndex({ phone: 1 }, { unique: true, sparse: true });
    await c.createIndex({ code: 1 }, { unique: true, partialFilterExpression: { active: true } });
    await c.insertMany([{ a: 1 }, { a: 2 }, { code: 'x', active: false }, { code: 'x', active: true }]);
    expect((await serverError(c.insertOne({ code: 'x', active: true }))).code).toBe(11000);
    await c.insertOne({ phone: '13800000000' });
    expect((await serverError(c.insertOne({ phone: '13800000000' }))).code).toBe(11000);
    expect(await c.countDocuments({ code: 'x' })).toBe(2);
    expect(await c.countDocuments({ phone: '13800000000', a: { $exists: false } })).toBe(1);
  });

  it('uses indexes for _id, $in and declared fields (explain)', async () => {
    const c = coll('planned');
    await c.insertMany(Array.from({ length: 200 }, (_, i) => ({ _id: i, customerId: i % 20, other: i })));
    await c.createIndex({ customerId: 1 });
    const plan = async (filter: object) => {
      const e = await c.find(filter).explain('executionStats');
      return { text: JSON.stringify(e.queryPlanner.winningPlan), stats: e.executionStats };
    };
    const byIds = await plan({ _id: { $in: [1, 2, 3] } });
    expect(byIds.text).toMatch(/IXSCAN|IDHACK|EXPRESS/);
    expect(byIds.stats.totalDocsExamined).toBe(3);
    expect(byIds.stats.nReturned).toBe(3);
    const byCustomer = await plan({ customerId: { $in: [1, 2] } });
    expect(byCustomer.text).toContain('IXSCAN');
    expect(byCustomer.stats.totalDocsExamined).toBe(20);
    const scan = await plan({ other: 5 });
    expect(scan.text).toContain('COLLSCAN');
    expect(scan.stats.totalDocsExamined).toBe(200);
    const agg = await c.aggregate([{ $match: { customerId: 3 } }, { $group: { _id: null, n: { $sum: 1 } } }]).explain('executionStats');
    expect(JSON.stringify(agg)).toContain('IXSCAN');
  });
});

describe('unsupported features get real errors', () => {
  it('refuses transactions on a standalone', async () => {
    const session = mongo.client.startSession();
    try {
      session.startTransaction();
      const err = await serverError(coll('tx').insertOne({ a: 1 }, { session }));
      // The driver wraps the server's IllegalOperation in its "does not support retryable writes" error.
      const original = (err as MongoServerError & { originalError?: MongoServerError }).originalError ?? err;
      expect(original.code).toBe(20);
      expect(original.message).toContain('Transaction numbers are only allowed on a replica set member or mongos');
    } finally {
      await session.endSession();
    }
  });

  it('refuses change streams and $text without a text index', async () => {
    const cs = await serverError(
      coll('deals')
        .aggregate([{ $changeStream: {} }])
        .toArray(),
    );
    expect(cs.code).toBe(40573);
    const text = await serverError(
      coll('deals')
        .find({ $text: { $search: 'x' } })
        .toArray(),
    );
    expect(text.code).toBe(27);
  });

  it('refuses unknown query and expression operators', async () => {
    expect(
      (
        await serverError(
          coll('deals')
            .find({ a: { $frob: 1 } })
            .toArray(),
        )
      ).code,
    ).toBe(2);
    expect(
      (
        await serverError(
          coll('deals')
            .aggregate([{ $project: { x: { $frob: 1 } } }])
            .toArray(),
        )
      ).code,
    ).toBe(168);
  });
});
