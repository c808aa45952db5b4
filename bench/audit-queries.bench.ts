// The ledger's queries over 1,000,000 records: accessReport and auditEvents filtered by customer,
// subject, field and time, with their answer time and the plan MongoDB chose (index, keys and
// documents examined), plus a non-indexed filter for contrast and `audit verify` over everything.
// `npm run bench:audit-queries` (embedded store in a child process, or MONGODB_URI for a real
// server). Not part of `npm test`.
import { randomBytes } from 'node:crypto';
import { MongoClient, ObjectId, type Document } from 'mongodb';
import { linkBatch, GENESIS, type ChainHead } from '../src/audit/chain';
import { ensureAuditIndexes } from '../src/audit/indexes';
import { createAuditQueries } from '../src/audit/queries';
import { LEDGER_COLLECTION, RECORD_VERSION, type LedgerRecord } from '../src/audit/record';
import { verifyLedger } from '../src/audit/verify';
import { loadAuditVerifyKey } from '../src/audit/keys';
import { createCursorCodec } from '../src/data/cursor';
import { ledgerConfig } from '../test/audit/helpers';
import { startBenchStore } from './audit-store';

const TOTAL = Number(process.env.BENCH_RECORDS ?? 1_000_000);
const CUSTOMERS = 20_000;
const SUBJECTS = 400;
const DAYS = 180;
const BATCH = 10_000;
const FIELDS = [
  ['Customer.phone', 'PHONE', 'partial'],
  ['Customer.name', 'NAME', 'clear'],
  ['Customer.idNumber', 'NATIONAL_ID', 'last4'],
  ['Customer.email', 'EMAIL', 'partial'],
  ['Customer.address', 'ADDRESS', 'district'],
  ['Customer.bankCard', 'BANK_CARD', 'last4'],
  ['Customer.birthDate', 'BIRTH_DATE', 'year'],
  ['Interaction.summary', 'FREE_TEXT', 'inline'],
] as const;

const store = await startBenchStore(12_288);
const client = new MongoClient(store.uri);
await client.connect();
const db = client.db(`audit_queries_bench_${Date.now()}`);
await ensureAuditIndexes(db);
const ledger = db.collection<LedgerRecord>(LEDGER_COLLECTION);

// Deterministic pseudo-random spread (no Math.random: reruns see the same data).
let state = 42;
const rand = (n: number) => {
  // mulberry32
  state = (state + 0x6d2b79f5) | 0;
  let t = Math.imul(state ^ (state >>> 15), 1 | state);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) % n;
};
const customers = Array.from({ length: CUSTOMERS }, (_, i) => new ObjectId(i.toString(16).padStart(24, '0')));
const start = Date.now() - DAYS * 86_400_000;
const heads: Record<string, ChainHead> = { 'gw-1': GENESIS, 'gw-2': GENESIS };

const seedStart = performance.now();
for (let done = 0; done < TOTAL; done += BATCH) {
  const instanceId = (done / BATCH) % 2 === 0 ? 'gw-1' : 'gw-2';
  const batch: LedgerRecord[] = [];
  for (let i = 0; i < Math.min(BATCH, TOTAL - done); i++) {
    const n = done + i;
    const [field, cls, level] = FIELDS[rand(FIELDS.length)]!;
    const customer = customers[rand(CUSTOMERS)]!;
    const subject = `user-${rand(SUBJECTS)}`;
    batch.push({
      v: RECORD_VERSION,
      instanceId,
      seq: 0,
      prevHash: '',
      hash: '',
      ts: new Date(start + Math.floor((n / TOTAL) * DAYS * 86_400_000)),
      requestId: `req-${Math.floor(n / 20)}`,
      operationName: 'CustomerCard',
      subject,
      role: 'support',
      tokenKind: 'user',
      jti: `jti-${rand(5000)}`,
      clientAddress: '10.0.0.1',
      collection: field.startsWith('Interaction') ? 'interactions' : 'customers',
      docId: customer,
      customerId: customer,
      field,
      path: field.split('.')[1]!,
      responsePath: `customer.${field.split('.')[1]}`,
      class: cls,
      level,
      decision: 'view',
      reason: null,
      policyVersion: 'default-1',
      levelBefore: null,
      levelAfter: null,
    });
  }
  heads[instanceId] = linkBatch(batch, heads[instanceId]!);
  await ledger.insertMany(batch, { ordered: true });
  if ((done / BATCH) % 20 === 0) process.stderr.write(`seeded ${done + batch.length}\n`);
}
const seedSeconds = (performance.now() - seedStart) / 1000;

const queries = createAuditQueries({ db, cursors: createCursorCodec(randomBytes(32)), pages: { default: 50, max: 1000 } });
const lastWeek = new Date(Date.now() - 7 * 86_400_000);

async function timed(label: string, runs: number, fn: (i: number) => Promise<unknown>): Promise<{ label: string; median: number; p90: number }> {
  await fn(runs); // warm
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn(i);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { label, median: times[Math.floor(runs / 2)]!, p90: times[Math.floor(runs * 0.9)]! };
}

async function explain(filter: Document, sort: Document | null, limit: number | null): Promise<string> {
  const find: Document = { find: LEDGER_COLLECTION, filter };
  if (sort) find.sort = sort;
  if (limit) find.limit = limit;
  const res = await db.command({ explain: find, verbosity: 'executionStats' });
  const stats = res.executionStats as Document;
  const stages: string[] = [];
  for (let s = res.queryPlanner.winningPlan as Document | undefined; s; s = s.inputStage ?? s.inputStages?.[0]) stages.push(s.indexName ? `${s.stage}(${s.indexName})` : s.stage);
  return `plan ${stages.join(' ← ')}; keys examined ${stats.totalKeysExamined}, docs examined ${stats.totalDocsExamined}, returned ${stats.nReturned}`;
}

const c = (i: number) => customers[(i * 7919) % CUSTOMERS]!;
const s = (i: number) => `user-${(i * 31) % SUBJECTS}`;
const results = [
  { ...(await timed('accessReport(customerId)', 20, (i) => queries.accessReport(c(i).toHexString()))), plan: await explain({ customerId: c(1), collection: { $ne: LEDGER_COLLECTION } }, null, null) },
  { ...(await timed('auditEvents(customerId, first 50)', 20, (i) => queries.events({ customerId: c(i).toHexString() }, 50, null))), plan: await explain({ customerId: c(1) }, { ts: -1, _id: -1 }, 51) },
  { ...(await timed('auditEvents(customerId + field)', 20, (i) => queries.events({ customerId: c(i).toHexString(), field: 'Customer.idNumber' }, 50, null))), plan: await explain({ customerId: c(1), field: 'Customer.idNumber' }, { ts: -1, _id: -1 }, 51) },
  { ...(await timed('auditEvents(subject, first 50)', 20, (i) => queries.events({ subject: s(i) }, 50, null))), plan: await explain({ subject: s(1) }, { ts: -1, _id: -1 }, 51) },
  { ...(await timed('auditEvents(subject, last 7 days)', 20, (i) => queries.events({ subject: s(i), since: lastWeek }, 50, null))), plan: await explain({ subject: s(1), ts: { $gte: lastWeek } }, { ts: -1, _id: -1 }, 51) },
  { ...(await timed('no index: find({ requestId })', 3, (i) => ledger.find({ requestId: `req-${i * 977}` }).toArray())), plan: await explain({ requestId: 'req-977' }, null, null) },
];
const verifyStart = performance.now();
const report = await verifyLedger(db, await loadAuditVerifyKey(ledgerConfig()));
const verifySeconds = (performance.now() - verifyStart) / 1000;

const lines = [
  `audit ledger queries over ${TOTAL.toLocaleString('en')} records (${CUSTOMERS.toLocaleString('en')} customers, ${SUBJECTS} subjects, ${DAYS} days, 2 chains); ${store.embedded ? 'embedded store (child process)' : 'MONGODB_URI'}`,
  `seeded in ${seedSeconds.toFixed(0)} s (${(TOTAL / seedSeconds).toFixed(0)} records/s, insertMany of ${BATCH})`,
  '',
  '| query | median ms | p90 ms | plan |',
  '|---|---|---|---|',
  ...results.map((r) => `| ${r.label} | ${r.median.toFixed(1)} | ${r.p90.toFixed(1)} | ${r.plan} |`),
  '',
  `audit verify over all records: ${verifySeconds.toFixed(1)} s (${(report.records / verifySeconds).toFixed(0)} records/s), ${report.ok ? 'intact' : 'BROKEN'} (no checkpoints in this synthetic ledger)`,
];
console.log(lines.join('\n'));

await db.dropDatabase();
await client.close();
await store.close();
