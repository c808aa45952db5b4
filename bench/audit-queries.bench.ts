// The ledger's queries over 1,000,000 audit records: accessReport and auditEvents filtered by
// customer, subject, field, decision and time, with their answer time and the plan MongoDB chose
// (index, keys and documents examined), plus a non-indexed filter for contrast and `audit verify`
// over everything. Records are stored as disclosure batches (one ledger document per request), so
// the million records are ~10^4 documents: the request mix below is card views (8 records),
// list pages of 20 customers (100) and exports of 200 (1,000), plus a few reveals.
// `npm run bench:audit-queries` (embedded store in a child process, or MONGODB_URI for a real
// server). Not part of `npm test`.
import { randomBytes } from 'node:crypto';
import { MongoClient, ObjectId, type Document } from 'mongodb';
import { linkBatches, GENESIS, type ChainHead } from '../src/audit/chain';
import { ensureAuditIndexes } from '../src/audit/indexes';
import { createAuditQueries } from '../src/audit/queries';
import { buildLedgerBatches, LEDGER_COLLECTION, type LedgerBatch } from '../src/audit/record';
import { verifyLedger } from '../src/audit/verify';
import { loadAuditVerifyKey } from '../src/audit/keys';
import type { Principal } from '../src/auth/principal';
import { createCursorCodec } from '../src/data/cursor';
import type { DisclosureRecord } from '../src/disclosure/records';
import type { DataClass, Level } from '../src/policy/classes';
import { ledgerConfig } from '../test/audit/helpers';
import { startBenchStore } from './audit-store';

const TOTAL = Number(process.env.BENCH_RECORDS ?? 1_000_000);
const CUSTOMERS = 20_000;
const SUBJECTS = 400;
const DAYS = 180;
const INSERT_RECORDS = 10_000;
const FIELDS = [
  ['Customer.phone', 'PHONE', 'partial'],
  ['Customer.name', 'NAME', 'clear'],
  ['Customer.idNumber', 'NATIONAL_ID', 'last4'],
  ['Customer.email', 'EMAIL', 'partial'],
  ['Customer.address', 'ADDRESS', 'district'],
  ['Customer.bankCard', 'BANK_CARD', 'last4'],
  ['Customer.birthDate', 'BIRTH_DATE', 'year'],
] as const;
const LIST_FIELDS = FIELDS.slice(0, 5);

const store = await startBenchStore(12_288);
const client = new MongoClient(store.uri);
await client.connect();
const db = client.db(`audit_queries_bench_${Date.now()}`);
await ensureAuditIndexes(db);
const ledger = db.collection<LedgerBatch>(LEDGER_COLLECTION);

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
const interactions = Array.from({ length: CUSTOMERS }, (_, i) => new ObjectId((CUSTOMERS + i).toString(16).padStart(24, '0')));
const start = Date.now() - DAYS * 86_400_000;
const heads: Record<string, ChainHead> = { 'gw-1': GENESIS, 'gw-2': GENESIS };

const served = (docId: ObjectId, [coordinate, cls, level]: readonly [string, string, string], extra: Partial<DisclosureRecord> = {}): DisclosureRecord => ({
  coordinate,
  collection: 'customers',
  docId,
  path: coordinate.split('.')[1]!,
  responsePath: undefined,
  dataClass: cls as DataClass,
  level: level as Level,
  decision: 'view',
  reason: null,
  ...extra,
});

/** One request's disclosure records: a card view, a list page, an export page or a reveal. */
function request(): DisclosureRecord[] {
  const kind = rand(100);
  if (kind < 2) {
    const c = customers[rand(CUSTOMERS)]!;
    return [served(c, FIELDS[2], { level: 'clear', decision: 'reveal', reason: `ticket ${rand(100_000)}` })];
  }
  if (kind < 62) {
    const i = rand(CUSTOMERS);
    return [
      ...FIELDS.map((f) => served(customers[i]!, f)),
      { ...served(interactions[i]!, ['Interaction.summary', 'FREE_TEXT', 'inline']), collection: 'interactions', customerId: customers[i]! },
    ];
  }
  const rows = kind < 97 ? 20 : 200;
  const from = rand(CUSTOMERS - rows);
  const out: DisclosureRecord[] = [];
  for (let r = 0; r < rows; r++) for (const f of LIST_FIELDS) out.push(served(customers[from + r]!, f));
  return out;
}

const seedStart = performance.now();
let seeded = 0;
let batchCount = 0;
let requestNo = 0;
while (seeded < TOTAL) {
  const instanceId = batchCount % 2 === 0 ? 'gw-1' : 'gw-2';
  const pending: LedgerBatch[] = [];
  let records = 0;
  while (records < INSERT_RECORDS && seeded + records < TOTAL) {
    const subject = `user-${rand(SUBJECTS)}`;
    const principal: Principal = {
      subject,
      role: 'support',
      roles: ['support'],
      team: null,
      kind: 'user',
      mfa: false,
      authTime: null,
      scopes: [],
      jti: `jti-${rand(5000)}`,
      tokenName: null,
      expiresAt: 0,
    };
    const ts = new Date(start + Math.floor(((seeded + records) / TOTAL) * DAYS * 86_400_000));
    for (const b of buildLedgerBatches(
      { principal, meta: { requestId: `req-${requestNo++}`, clientAddress: '10.0.0.1', operationName: 'CustomerCard' }, policyVersion: 'default-1' },
      request(),
      [],
      instanceId,
      ts,
    )) {
      pending.push(b);
      records += b.n;
    }
  }
  heads[instanceId] = linkBatches(pending, heads[instanceId]!);
  await ledger.insertMany(pending, { ordered: true });
  batchCount++;
  seeded += records;
  if (batchCount % 20 === 0) process.stderr.write(`seeded ${seeded}\n`);
}
const seedSeconds = (performance.now() - seedStart) / 1000;
const documents = await ledger.countDocuments({});

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
  { ...(await timed('accessReport(customerId)', 20, (i) => queries.accessReport(c(i).toHexString()))), plan: await explain({ customerIds: c(1) }, null, null) },
  {
    ...(await timed('auditEvents(customerId, first 50)', 20, (i) => queries.events({ customerId: c(i).toHexString() }, 50, null))),
    plan: await explain({ customerIds: c(1) }, { ts: -1, _id: -1 }, 51),
  },
  {
    ...(await timed('auditEvents(customerId + field)', 20, (i) => queries.events({ customerId: c(i).toHexString(), field: 'Customer.idNumber' }, 50, null))),
    plan: await explain({ customerIds: c(1), fields: 'Customer.idNumber' }, { ts: -1, _id: -1 }, 51),
  },
  { ...(await timed('auditEvents(subject, first 50)', 20, (i) => queries.events({ subject: s(i) }, 50, null))), plan: await explain({ subject: s(1) }, { ts: -1, _id: -1 }, 51) },
  {
    ...(await timed('auditEvents(subject, last 7 days)', 20, (i) => queries.events({ subject: s(i), since: lastWeek }, 50, null))),
    plan: await explain({ subject: s(1), ts: { $gte: lastWeek } }, { ts: -1, _id: -1 }, 51),
  },
  {
    ...(await timed('auditEvents(field: bankCard, first 50)', 20, () => queries.events({ field: 'Customer.bankCard' }, 50, null))),
    plan: await explain({ fields: 'Customer.bankCard' }, { ts: -1, _id: -1 }, 51),
  },
  {
    ...(await timed('auditEvents(decision: reveal, first 50)', 5, () => queries.events({ decision: 'reveal' }, 50, null))),
    plan: await explain({ 'groups.entries.decision': 'reveal' }, { ts: -1, _id: -1 }, 51),
  },
  {
    ...(await timed('no index: find({ requestId })', 3, (i) => ledger.find({ requestId: `req-${i * 977}` }).toArray())),
    plan: await explain({ requestId: 'req-977' }, null, null),
  },
];
const verifyStart = performance.now();
const report = await verifyLedger(db, await loadAuditVerifyKey(ledgerConfig()));
const verifySeconds = (performance.now() - verifyStart) / 1000;

const lines = [
  `audit ledger queries over ${seeded.toLocaleString('en')} records in ${documents.toLocaleString('en')} ledger documents (batches; ${(seeded / documents).toFixed(0)} records each on average; ${CUSTOMERS.toLocaleString('en')} customers, ${SUBJECTS} subjects, ${DAYS} days, 2 chains); ${store.embedded ? 'embedded store (child process)' : 'MONGODB_URI'}`,
  `seeded in ${seedSeconds.toFixed(1)} s (${(seeded / seedSeconds).toFixed(0)} records/s, ${(documents / seedSeconds).toFixed(0)} batches/s, insertMany of ~${INSERT_RECORDS.toLocaleString('en')} records)`,
  '',
  '| query | median ms | p90 ms | plan |',
  '|---|---|---|---|',
  ...results.map((r) => `| ${r.label} | ${r.median.toFixed(1)} | ${r.p90.toFixed(1)} | ${r.plan} |`),
  '',
  `audit verify over all records: ${verifySeconds.toFixed(1)} s (${report.batches.toLocaleString('en')} batches, ${(report.records / verifySeconds).toFixed(0)} records/s), ${report.ok ? 'intact' : 'BROKEN'} (no checkpoints in this synthetic ledger)`,
];
console.log(lines.join('\n'));

await db.dropDatabase();
await client.close();
await store.close();
