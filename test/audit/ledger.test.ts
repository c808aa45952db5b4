// The ledger's writer, chain and checkpoints against a MongoDB: group commit, fail-closed sync
// writes, async retry, a restart that continues the chain, retention that verify still accepts.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from 'mongodb';
import { GENESIS_HASH, recordHash } from '../../src/audit/chain';
import { loadAuditVerifyKey } from '../../src/audit/keys';
import type { AuditLedger } from '../../src/audit/ledger';
import { pruneLedger } from '../../src/audit/retention';
import { verifyLedger } from '../../src/audit/verify';
import { realServer, startTestMongo, type TestMongo } from '../support/mongo';
import { ledgerConfig, openLedger, sampleRecords } from './helpers';

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
const verify = async (config = ledgerConfig()) => verifyLedger(db, await loadAuditVerifyKey(config));

describe('group commit and chain', () => {
  it('commits concurrent submissions in few inserts, as one gap-free chain', async () => {
    const config = ledgerConfig();
    const ledger = await openLedger(db, config);
    await Promise.all(Array.from({ length: 200 }, (_, i) => ledger.submit(sampleRecords('gw-test', 3, { requestId: `r${i}` }))));
    const stats = ledger.stats();
    expect(stats.committedRecords).toBe(600);
    expect(stats.batches).toBeLessThan(20);
    const docs = await events().find({}).sort({ seq: 1 }).toArray();
    expect(docs.map((d) => d.seq)).toEqual(Array.from({ length: 600 }, (_, i) => i + 1));
    expect(docs[0]!.prevHash).toBe(GENESIS_HASH);
    for (let i = 1; i < docs.length; i++) expect(docs[i]!.prevHash).toBe(docs[i - 1]!.hash);
    for (const d of docs) expect(recordHash(d as never)).toBe(d.hash);
    await ledger.close();
    expect((await verify(config)).ok).toBe(true);
  });

  it('a restart continues the chain where it stopped, and close() signs the final head', async () => {
    const config = ledgerConfig();
    const first = await openLedger(db, config);
    await first.submit(sampleRecords('gw-test', 5));
    await first.close();
    const second = await openLedger(db, config);
    await second.submit(sampleRecords('gw-test', 4));
    await second.close();
    expect((await events().find({}).sort({ seq: 1 }).toArray()).map((d) => d.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const checkpoints = await db.collection('audit_checkpoints').find({}).sort({ seq: 1 }).toArray();
    expect(checkpoints.map((c) => c.seq)).toEqual([5, 9]);
    const report = await verify(config);
    expect(report.ok).toBe(true);
    expect(report.chains[0]).toMatchObject({ instanceId: 'gw-test', records: 9, firstSeq: 1, lastSeq: 9, checkpoints: 2, lastCheckpointSeq: 9, uncovered: 0 });
  });

  it('instances keep separate chains in one collection', async () => {
    const a = ledgerConfig({ AUDIT_INSTANCE_ID: 'gw-a' });
    const b = ledgerConfig({ AUDIT_INSTANCE_ID: 'gw-b' });
    const la = await openLedger(db, a);
    const lb = await openLedger(db, b);
    await Promise.all([la.submit(sampleRecords('gw-a', 3)), lb.submit(sampleRecords('gw-b', 2)), la.submit(sampleRecords('gw-a', 1))]);
    await Promise.all([la.close(), lb.close()]);
    const report = await verify(a);
    expect(report.ok).toBe(true);
    expect(report.chains.map((c) => [c.instanceId, c.records, c.lastSeq])).toEqual([['gw-a', 4, 4], ['gw-b', 2, 2]]);
  });
});

describe.skipIf(realServer)('failures', () => {
  it('sync: a rejected batch rejects its requests, leaves no hole, and the next batch continues the chain', async () => {
    const config = ledgerConfig();
    const ledger = await openLedger(db, config);
    await ledger.submit(sampleRecords('gw-test', 2));
    mongo.faults!.failCommand({ command: 'insert', collection: 'audit_events', code: 91, times: 1 });
    await expect(ledger.submit(sampleRecords('gw-test', 3))).rejects.toThrow();
    expect(await ledger.ready()).toBe(true);
    await ledger.submit(sampleRecords('gw-test', 2));
    await ledger.close();
    expect((await events().find({}).sort({ seq: 1 }).toArray()).map((d) => d.seq)).toEqual([1, 2, 3, 4]);
    expect((await verify(config)).ok).toBe(true);
  });

  it('sync: a write slower than the timeout refuses the request', async () => {
    const ledger = await openLedger(db, ledgerConfig(), { writeTimeoutMs: 100 });
    mongo.faults!.delay(400);
    await expect(ledger.submit(sampleRecords('gw-test', 1))).rejects.toThrow(/timed out/);
    mongo.faults!.delay(0);
    await ledger.close();
  });

  it('async: records queued during an outage are written once the store accepts them again', async () => {
    const config = ledgerConfig({ AUDIT_MODE: 'async' });
    const ledger = await openLedger(db, config);
    mongo.faults!.failCommand({ command: 'insert', collection: 'audit_events', code: 91, times: 2 });
    await ledger.submit(sampleRecords('gw-test', 3));
    await ledger.submit(sampleRecords('gw-test', 2));
    const deadline = Date.now() + 3_000;
    while ((await events().countDocuments({})) < 5 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(await events().countDocuments({})).toBe(5);
    expect(ledger.stats().failedBatches).toBeGreaterThanOrEqual(1);
    await ledger.close();
    expect((await verify(config)).ok).toBe(true);
  });
});

describe('retention', () => {
  it('deletes whole prefixes up to a checkpoint older than the period; verify accepts the anchored start', async () => {
    const config = ledgerConfig();
    let now = new Date('2024-01-01T00:00:00Z');
    const ledger: AuditLedger = await openLedger(db, config, { clock: () => now });
    await ledger.submit(sampleRecords('gw-test', 4, { ts: now }));
    await ledger.checkpoint(); // seq 4, Jan 1
    now = new Date('2024-03-01T00:00:00Z');
    await ledger.submit(sampleRecords('gw-test', 3, { ts: now }));
    await ledger.close(); // checkpoint at seq 7, Mar 1

    const [result] = await pruneLedger(db, 30 * 86_400_000, new Date('2024-03-05T00:00:00Z'));
    expect(result).toEqual({ instanceId: 'gw-test', throughSeq: 4, deleted: 4 });
    const report = await verify(config);
    expect(report.ok).toBe(true);
    expect(report.chains[0]).toMatchObject({ firstSeq: 5, lastSeq: 7, anchoredAt: 4 });
  });
});
