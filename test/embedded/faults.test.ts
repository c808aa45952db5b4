// Fault injection, driven from the test process (embedded store only).
import { MongoClient, MongoServerError, MongoServerSelectionError } from 'mongodb';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FaultInjector } from '../../src/embedded/index';
import { realServer, startTestMongo, type TestMongo } from '../support/mongo';

describe.skipIf(realServer)('fault injection', () => {
  let mongo: TestMongo;
  let faults: FaultInjector;

  beforeAll(async () => {
    mongo = await startTestMongo();
    faults = mongo.faults!;
    await mongo
      .db()
      .collection('a')
      .insertOne({ _id: 1 } as never);
    await mongo
      .db()
      .collection('b')
      .insertOne({ _id: 1 } as never);
  });
  afterEach(() => faults.reset());
  afterAll(async () => {
    await mongo?.close();
  });

  it('fails a named command on a named collection for the next N calls', async () => {
    faults.failCommand({ command: 'find', collection: 'a', code: 2, errmsg: 'injected', times: 2 });
    const db = mongo.db();
    for (let i = 0; i < 2; i++) {
      const err = await db
        .collection('a')
        .findOne({})
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(MongoServerError);
      expect(err).toMatchObject({ code: 2, codeName: 'BadValue', message: 'injected' });
    }
    expect(await db.collection('b').findOne({})).toEqual({ _id: 1 });
    expect(await db.collection('a').findOne({})).toEqual({ _id: 1 });
  });

  it('fails a command on any collection when none is named', async () => {
    faults.failCommand({ command: 'insert', code: 11000, times: 1 });
    const err = await mongo
      .db()
      .collection('b')
      .insertOne({ x: 1 })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 11000, codeName: 'DuplicateKey' });
    // Only the next insert failed, and it wrote nothing; the one after is stored.
    await expect(mongo.db().collection('b').insertOne({ x: 2 })).resolves.toMatchObject({ acknowledged: true });
    expect(await mongo.db().collection('b').countDocuments({ x: 1 })).toBe(0);
    expect(await mongo.db().collection('b').countDocuments({ x: 2 })).toBe(1);
  });

  it('delays replies', async () => {
    faults.delay(150);
    const started = Date.now();
    await mongo.db().command({ ping: 1 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    faults.delay(0);
    const again = Date.now();
    await mongo.db().command({ ping: 1 });
    expect(Date.now() - again).toBeLessThan(100);
  });

  it('refuses new connections until told otherwise', async () => {
    faults.refuseConnections(true);
    const refused = new MongoClient(mongo.uri, { serverSelectionTimeoutMS: 300 });
    await expect(refused.connect()).rejects.toBeInstanceOf(MongoServerSelectionError);
    await refused.close();
    faults.refuseConnections(false);
    const accepted = new MongoClient(mongo.uri, { serverSelectionTimeoutMS: 2000 });
    await accepted.connect();
    expect((await accepted.db('admin').command({ ping: 1 })).ok).toBe(1);
    await accepted.close();
  });

  it('drops open connections; the driver reconnects', async () => {
    const client = new MongoClient(mongo.uri, { serverSelectionTimeoutMS: 2000 });
    await client.connect();
    await client.db(mongo.dbName).collection('a').findOne({});
    const closed: unknown[] = [];
    client.on('connectionClosed', (e) => closed.push(e));
    faults.dropConnections();
    // A read is retried once on a new connection after a network error.
    expect(await client.db(mongo.dbName).collection('a').findOne({})).toEqual({ _id: 1 });
    expect(closed.length).toBeGreaterThan(0);
    await client.close();
  });
});
