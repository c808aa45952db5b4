// `audit verify` against each kind of tampering: an edited record inside a batch, a deleted,
// inserted or reordered batch, a chain recomputed after an edit, a truncated tail, a forged
// checkpoint — and no false alarm on an intact chain or after retention.
import { generateKeyPairSync } from 'node:crypto';
import { ObjectId, type Db, type Document } from 'mongodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { batchHash, linkBatches } from '../../src/audit/chain';
import { signCheckpoint } from '../../src/audit/checkpoints';
import { loadAuditSigningKey, loadAuditVerifyKey, type AuditVerifyKey } from '../../src/audit/keys';
import type { LedgerBatch } from '../../src/audit/record';
import { formatVerifyReport, verifyLedger, type VerifyReport } from '../../src/audit/verify';
import { startTestMongo, type TestMongo } from '../support/mongo';
import { ledgerConfig, openLedger, sampleBatch } from './helpers';

let mongo: TestMongo;
let db: Db;
let key: AuditVerifyKey;
let n = 0;
const config = ledgerConfig({ AUDIT_INSTANCE_ID: 'gw-a' });

beforeAll(async () => {
  mongo = await startTestMongo();
  key = await loadAuditVerifyKey(config);
});
afterAll(() => mongo?.close());

// Two chains: gw-a with 30 batches of 1–3 records (60 records) and checkpoints at 10, 20 and 30;
// gw-b with 5 batches of one record.
beforeEach(async () => {
  db = mongo.client.db(`${mongo.dbName}_${++n}`);
  const a = await openLedger(db, config);
  for (let i = 0; i < 30; i++) {
    await a.submit(sampleBatch('gw-a', 1 + (i % 3), { requestId: `req-${i}` }));
    if (i % 10 === 9) await a.checkpoint();
  }
  await a.close();
  const b = await openLedger(db, ledgerConfig({ AUDIT_INSTANCE_ID: 'gw-b' }));
  for (let i = 0; i < 5; i++) await b.submit(sampleBatch('gw-b', 1, { first: i }));
  await b.close();
});

const events = () => db.collection<LedgerBatch & { _id?: unknown }>('audit_events');
const at = (seq: number) => events().findOne({ instanceId: 'gw-a', seq }) as Promise<Document>;
const verify = () => verifyLedger(db, key);
const chainA = (r: VerifyReport) => r.chains.find((c) => c.instanceId === 'gw-a')!;
const chainB = (r: VerifyReport) => r.chains.find((c) => c.instanceId === 'gw-b')!;

function expectBreak(report: VerifyReport, seq: number, kind: string) {
  expect(report.ok).toBe(false);
  expect(chainA(report).break).toMatchObject({ seq, kind });
  // The other chain is reported on its own and stays intact.
  expect(chainB(report).break).toBeNull();
}

/** Recomputes seq/prevHash/hash of gw-a from `fromSeq` on, as a forger with database access would. */
async function rechain(fromSeq: number) {
  const docs = await events()
    .find({ instanceId: 'gw-a', seq: { $gte: fromSeq } })
    .sort({ seq: 1 })
    .toArray();
  const prev = await at(fromSeq - 1);
  linkBatches(docs, { seq: fromSeq - 1, hash: prev.hash });
  for (const d of docs) await events().replaceOne({ _id: d._id }, d);
}

describe('audit verify', () => {
  it('reports intact chains with their checkpoints', async () => {
    const report = await verify();
    expect(report.ok).toBe(true);
    expect(chainA(report)).toMatchObject({ batches: 30, records: 60, firstSeq: 1, lastSeq: 30, checkpoints: 3, lastCheckpointSeq: 30, uncovered: 0, break: null });
    expect(formatVerifyReport(report)).toBe(
      [
        'chain gw-a: OK seq 1..30 (30 batches, 60 records), 3 signed checkpoints, last at seq 30, 0 batches after it',
        'chain gw-b: OK seq 1..5 (5 batches, 5 records), 1 signed checkpoints, last at seq 5, 0 batches after it',
        'verified 2 chain(s), 35 batches, 65 records: all intact',
      ].join('\n'),
    );
  });

  // seq 12 holds 3 records (c-0, c-1, c-2): one group of three documents.
  it.each([
    ['the level served of one record', { 'groups.0.entries.0.level': 'clear' }],
    ['the field of one record', { 'groups.0.entries.0.field': 'Customer.name' }],
    ['the document of one record', { 'groups.0.docIds.1': 'c-9' }],
    ['one record removed from its group', { 'groups.0.docIds': ['c-0', 'c-2'], n: 2 }],
    ['the customer index (hiding the batch from "who saw c-1")', { customerIds: ['c-0', 'c-2'] }],
    ['the request facts', { subject: 'someone-else' }],
  ])('catches an edited record inside a batch: %s', async (_what, change) => {
    expect((await at(12)).n).toBe(3);
    await events().updateOne({ instanceId: 'gw-a', seq: 12 }, { $set: change });
    const report = await verify();
    expectBreak(report, 12, 'edited');
    expect(formatVerifyReport(report)).toMatch(/^chain gw-a: BROKEN at seq 12 \[edited\] batch at seq 12 does not match its hash/);
  });

  it('catches an ObjectId swapped for its hex string', async () => {
    const id = new ObjectId();
    await events().updateOne({ instanceId: 'gw-a', seq: 3 }, { $set: { 'groups.0.docIds.0': id } });
    const doc = await at(3);
    doc.hash = batchHash(doc);
    await events().replaceOne({ _id: doc._id }, doc as never);
    await rechain(4);
    // A forger rechained with an ObjectId; putting the hex string back must not verify either.
    await events().updateOne({ instanceId: 'gw-a', seq: 3 }, { $set: { 'groups.0.docIds.0': id.toHexString() } });
    expectBreak(await verify(), 3, 'edited');
  });

  it('catches a deleted record', async () => {
    await events().deleteOne({ instanceId: 'gw-a', seq: 7 });
    expectBreak(await verify(), 7, 'deleted');
  });

  it('catches deleted records at the start', async () => {
    await events().deleteMany({ instanceId: 'gw-a', seq: { $lte: 3 } });
    expectBreak(await verify(), 1, 'deleted');
  });

  it('catches records deleted at the end, behind a signed checkpoint', async () => {
    await events().deleteMany({ instanceId: 'gw-a', seq: { $gte: 26 } });
    expectBreak(await verify(), 26, 'truncated');
  });

  it('catches an inserted record (later ones renumbered)', async () => {
    const forged = { ...(await at(15)) };
    delete forged._id;
    for (let seq = 30; seq >= 15; seq--) await events().updateOne({ instanceId: 'gw-a', seq }, { $inc: { seq: 1 } });
    forged.subject = 'someone-else';
    forged.hash = batchHash(forged);
    await events().insertOne(forged as LedgerBatch);
    // The forged record links correctly; the one after it was renumbered, so its hash breaks.
    expectBreak(await verify(), 16, 'edited');
  });

  it('catches an inserted record with a duplicate sequence number', async () => {
    await events().dropIndex('chain');
    const dup = { ...(await at(9)) };
    delete dup._id;
    await events().insertOne(dup as LedgerBatch);
    expectBreak(await verify(), 9, 'inserted');
  });

  it('catches reordered records', async () => {
    const a = await at(5);
    const b = await at(6);
    await events().updateOne({ _id: a._id }, { $set: { seq: -6 } });
    await events().updateOne({ _id: b._id }, { $set: { seq: 5 } });
    await events().updateOne({ _id: a._id }, { $set: { seq: 6 } });
    expectBreak(await verify(), 5, 'edited');
  });

  it('catches reordered records whose hashes were recomputed', async () => {
    const a = await at(5);
    const b = await at(6);
    const swappedA = { ...b, seq: 5 } as LedgerBatch;
    const swappedB = { ...a, seq: 6 } as LedgerBatch;
    swappedA.hash = batchHash(swappedA);
    swappedB.hash = batchHash(swappedB);
    await events().replaceOne({ _id: a._id }, { ...swappedA, _id: a._id } as never);
    await events().replaceOne({ _id: b._id }, { ...swappedB, _id: b._id } as never);
    // Each hash matches its record, but the links no longer follow the order.
    expectBreak(await verify(), 5, 'relinked');
  });

  it('catches a whole chain recomputed after an edit, through the signed checkpoints', async () => {
    await events().updateOne({ instanceId: 'gw-a', seq: 12 }, { $set: { 'groups.0.entries.0.level': 'clear' } });
    await rechain(12);
    expectBreak(await verify(), 20, 'rewritten');
  });

  it('catches an edited or forged checkpoint', async () => {
    await db.collection('audit_checkpoints').updateOne({ instanceId: 'gw-a', seq: 20 }, { $set: { hash: 'f'.repeat(64) } });
    expectBreak(await verify(), 20, 'checkpoint');
  });

  it('a checkpoint signed with another key is not trusted', async () => {
    await events().updateOne({ instanceId: 'gw-a', seq: 12 }, { $set: { 'groups.0.entries.0.level': 'clear' } });
    await rechain(12);
    const forger = ledgerConfig({ AUDIT_SIGNING_KEY: generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() });
    const forgedKey = await loadAuditSigningKey(forger);
    const head = await at(30);
    await db.collection('audit_checkpoints').deleteMany({ instanceId: 'gw-a' });
    await db.collection('audit_checkpoints').insertOne(await signCheckpoint(forgedKey, 'gw-a', { seq: 30, hash: head.hash }, new Date()));
    const report = await verify();
    expectBreak(report, 30, 'checkpoint');
    expect(chainA(report).break!.message).toMatch(/unknown key/);
  });
});
