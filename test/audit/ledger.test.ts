// The ledger's writer, chain and checkpoints against a MongoDB: group commit, fail-closed sync
// writes, async retry, a restart that continues the chain, retention that verify still accepts.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from 'mongodb';
import { batchHash, GENESIS_HASH } from '../../src/audit/chain';
import { expandBatch } from '../../src/audit/expand';
import { loadAuditVerifyKey } from '../../src/audit/keys';
import type { AuditLedger } from '../../src/audit/ledger';
import { pruneLedger } from '../../src/audit/retention';
import { verifyLedger } from '../../src/audit/verify';
import { realServer, startTestMongo, type TestMongo } from '../support/mongo';
import { ledgerConfig, openLedger, sampleBatch } from './helpers';

let mongo: TestMongo;
let db: Db;
let n = 0;
beforeAll(async () => {
  mongo = await startTestMongo();
});
afterAll(() => mongo?.close());
beforeEach(() => {
  db = mongo.client.db(`${mongo.dbName}_${++n}`);
});
afterEach(async () => {
  mongo.faults?.reset();
  await db.dropDatabase().catch(() => undefined);
});

const events = () => db.collection('audit_events');
const recordTotal = async () => (await events().find({}).toArray()).reduce((n, d) => n + expandBatch(d).length, 0);
const verify = async (config = ledgerConfig()) => verifyLedger(db, await loadAuditVerifyKey(config));

describe('group commit and chain', () => {
  it('commits concurrent submissions in few inserts, one batch per request, as one gap-free chain', async () => {
    const config = ledgerConfig();
    const ledger = await openLedger(db, config);
    await Promise.all(Array.from({ length: 200 }, (_, i) => ledger.submit(sampleBatch('gw-test', 3, { requestId: `r${i}` }))));
    const stats = ledger.stats();
    expect(stats).toMatchObject({ committedRecords: 600, committedBatches: 200 });
    expect(stats.inserts).toBeLessThan(20);
    const docs = await events().find({}).sort({ seq: 1 }).toArray();
    expect(docs.map((d) => d.seq)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    expect(docs[0]!.prevHash).toBe(GENESIS_HASH);
    for (let i = 1; i < docs.length; i++) expect(docs[i]!.prevHash).toBe(docs[i - 1]!.hash);
    for (const d of docs) expect(batchHash(d)).toBe(d.hash);
    // Every request's records, each once, in its own batch.
    expect(new Set(docs.map((d) => d.requestId)).size).toBe(200);
    for (const d of docs) expect(expandBatch(d).map((r) => [r.requestId, r.docId, r.field])).toEqual([0, 1, 2].map((i) => [d.requestId, `c-${i}`, 'Customer.phone']));
    await ledger.close();
    const report = await verify(config);
    expect(report).toMatchObject({ ok: true, batches: 200, records: 600 });
  });

  it('a restart continues the chain where it stopped, and close() signs the final head', async () => {
    const config = ledgerConfig();
    const first = await openLedger(db, config);
    for (let i = 0; i < 3; i++) await first.submit(sampleBatch('gw-test', 5 - i));
    await first.close();
    const second = await openLedger(db, config);
    await second.submit(sampleBatch('gw-test', 4));
    await second.submit(sampleBatch('gw-test', 1));
    await second.close();
    expect((await events().find({}).sort({ seq: 1 }).toArray()).map((d) => [d.seq, d.n])).toEqual([
      [1, 5],
      [2, 4],
      [3, 3],
      [4, 4],
      [5, 1],
    ]);
    const checkpoints = await db.collection('audit_checkpoints').find({}).sort({ seq: 1 }).toArray();
    expect(checkpoints.map((c) => c.seq)).toEqual([3, 5]);
    const report = await verify(config);
    expect(report.ok).toBe(true);
    expect(report.chains[0]).toMatchObject({ instanceId: 'gw-test', batches: 5, records: 17, firstSeq: 1, lastSeq: 5, checkpoints: 2, lastCheckpointSeq: 5, uncovered: 0 });
  });

  it('instances keep separate chains in one collection', async () => {
    const a = ledgerConfig({ AUDIT_INSTANCE_ID: 'gw-a' });
    const b = ledgerConfig({ AUDIT_INSTANCE_ID: 'gw-b' });
    const la = await openLedger(db, a);
    const lb = await openLedger(db, b);
    await Promise.all([la.submit(sampleBatch('gw-a', 3)), lb.submit(sampleBatch('gw-b', 2)), la.submit(sampleBatch('gw-a', 1))]);
    await Promise.all([la.close(), lb.close()]);
    const report = await verify(a);
    expect(report.ok).toBe(true);
    expect(report.chains.map((c) => [c.instanceId, c.batches, c.records, c.lastSeq])).toEqual([
      ['gw-a', 2, 4, 2],
      ['gw-b', 1, 2, 1],
    ]);
  });
});

describe.skipIf(realServer)('failures', () => {
  it('sync: a rejected batch rejects its requests, leaves no hole, and the next batch continues the chain', async () => {
    const config = ledgerConfig();
    const ledger = await openLedger(db, config);
    await ledger.submit(sampleBatch('gw-test', 2));
    await ledger.submit(sampleBatch('gw-test', 2, { first: 2 }));
    mongo.faults!.failCommand({ command: 'insert', collection: 'audit_events', code: 91, times: 1 });
    await expect(ledger.submit(sampleBatch('gw-test', 3))).rejects.toThrow();
    expect(await ledger.ready()).toBe(true);
    await ledger.submit(sampleBatch('gw-test', 2));
    await ledger.close();
    expect((await events().find({}).sort({ seq: 1 }).toArray()).map((d) => d.seq)).toEqual([1, 2, 3]);
    expect(await recordTotal()).toBe(6);
    expect((await verify(config)).ok).toBe(true);
  });

  it('sync: a write slower than the timeout refuses the request', async () => {
    const ledger = await openLedger(db, ledgerConfig(), { writeTimeoutMs: 100 });
    mongo.faults!.delay(400);
    await expect(ledger.submit(sampleBatch('gw-test', 1))).rejects.toThrow(/timed out/);
    mongo.faults!.delay(0);
    await ledger.close();
  });

  it('async: records queued during an outage are written once the store accepts them again', async () => {
    const config = ledgerConfig({ AUDIT_MODE: 'async' });
    const ledger = await openLedger(db, config);
    mongo.faults!.failCommand({ command: 'insert', collection: 'audit_events', code: 91, times: 2 });
    await ledger.submit(sampleBatch('gw-test', 3));
    await ledger.submit(sampleBatch('gw-test', 2));
    const deadline = Date.now() + 3_000;
    while ((await recordTotal()) < 5 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(await recordTotal()).toBe(5);
    expect(await events().countDocuments({})).toBe(2);
    expect(ledger.stats().failedInserts).toBeGreaterThanOrEqual(1);
    await ledger.close();
    expect((await verify(config)).ok).toBe(true);
  });
});

describe('retention', () => {
  it('deletes whole prefixes up to a checkpoint older than the period; verify accepts the anchored start', async () => {
    const config = ledgerConfig();
    let now = new Date('2024-01-01T00:00:00Z');
    const ledger: AuditLedger = await openLedger(db, config, { clock: () => now });
    for (let i = 0; i < 4; i++) await ledger.submit(sampleBatch('gw-test', 2, { ts: now }));
    await ledger.checkpoint(); // seq 4, Jan 1
    now = new Date('2024-03-01T00:00:00Z');
    for (let i = 0; i < 3; i++) await ledger.submit(sampleBatch('gw-test', 2, { ts: now }));
    await ledger.close(); // checkpoint at seq 7, Mar 1

    const [result] = await pruneLedger(db, 30 * 86_400_000, new Date('2024-03-05T00:00:00Z'));
    expect(result).toEqual({ instanceId: 'gw-test', throughSeq: 4, deleted: 4 });
    const report = await verify(config);
    expect(report.ok).toBe(true);
    expect(report.chains[0]).toMatchObject({ firstSeq: 5, lastSeq: 7, anchoredAt: 4, batches: 3, records: 6 });
  });
});

describe('format 1 documents (one per record, before batches)', () => {
  it('still verify and expand, and the first batch continues their chain', async () => {
    const config = ledgerConfig();
    const v1 = (seq: number, prevHash: string) => {
      const doc: Record<string, unknown> = {
        v: 1,
        instanceId: 'gw-test',
        seq,
        prevHash,
        hash: '',
        ts: new Date(),
        requestId: 'old',
        operationName: null,
        subject: 'support-7',
        role: 'support',
        tokenKind: 'user',
        jti: null,
        clientAddress: null,
        collection: 'customers',
        docId: `c-${seq}`,
        customerId: `c-${seq}`,
        field: 'Customer.phone',
        path: 'phone',
        responsePath: `customer.phone`,
        class: 'PHONE',
        level: 'partial',
        decision: 'view',
        reason: null,
        policyVersion: 'p0',
        levelBefore: null,
        levelAfter: null,
      };
      doc.hash = batchHash(doc);
      return doc;
    };
    const first = v1(1, GENESIS_HASH);
    await events().insertMany([first, v1(2, first.hash as string)]);
    const ledger = await openLedger(db, config);
    await ledger.submit(sampleBatch('gw-test', 3));
    await ledger.close();
    expect(await recordTotal()).toBe(5);
    expect(await verify(config)).toMatchObject({ ok: true, batches: 3, records: 5 });
    await events().updateOne({ seq: 2 }, { $set: { level: 'clear' } });
    expect((await verify(config)).chains[0]!.break).toMatchObject({ seq: 2, kind: 'edited' });
  });
});
