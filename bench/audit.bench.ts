// Audit overhead, in one run: the same query against a gateway with AUDIT_MODE=off, async and
// sync, at 1, 10 and 50 concurrent clients; then the records per second the group commit
// sustains on its own. `npm run bench:audit` (embedded store in a child process, or MONGODB_URI).
// BENCH_AUDIT_ROWS (default 20) sets the page size: 1000 gives the 1,000-row page (5,000 records
// per request) that one-document-per-record storage could not sustain.
//
// The gateway and the load generator share this process (and the machine's cores with the
// store), so absolute numbers are lower than on a dedicated host; the modes are measured under
// identical conditions, which is what the comparison needs.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import pino from 'pino';
import { BSON } from 'bson';
import { GENESIS, linkBatches } from '../src/audit/chain';
import { GroupCommitWriter } from '../src/audit/writer';
import { LEDGER_COLLECTION, type LedgerBatch } from '../src/audit/record';
import { ensureAuditIndexes } from '../src/audit/indexes';
import { loadSigner } from '../src/auth/signer';
import { loadConfig } from '../src/config/env';
import { seedDatabase } from '../src/data/seed';
import { startGateway } from '../src/http/gateway';
import { sampleBatch } from '../test/audit/helpers';
import { TEST_AUDIT_KEY } from '../test/support/keys';
import { startBenchStore } from './audit-store';

const DURATION_MS = Number(process.env.BENCH_DURATION_MS ?? 4_000);
const WARMUP_MS = 1_000;
const CONCURRENCY = [1, 10, 50];
const MODES = ['off', 'async', 'sync'] as const;
const ROWS = Number(process.env.BENCH_AUDIT_ROWS ?? 20);
const QUERY = `{ customers(first: ${ROWS}) { nodes { id name phone email idNumber address } } }`;
const VALUES_PER_REQUEST = ROWS * 5;

/** One request's batch as the gateway would build it: ROWS customers × 5 fields. */
function benchBatch(requestId: string): LedgerBatch[] {
  return sampleBatch('bench-writer', ROWS, { requestId, fields: ['Customer.name', 'Customer.phone', 'Customer.email', 'Customer.idNumber', 'Customer.address'] });
}

const store = await startBenchStore();
const client = new MongoClient(store.uri, { maxPoolSize: 50 });
await client.connect();
const db = client.db(`audit_bench_${Date.now()}`);
await seedDatabase(db, { customers: Math.max(300, ROWS + 100) });
const logger = pino({ level: 'silent' });

interface Row {
  mode: string;
  clients: number;
  rps: number;
  p50: number;
  p99: number;
  recordsPerSec: number;
  avgBatch: number;
}
const rows: Row[] = [];

// All three gateways run at once over the same store and take turns: each cell is ROUNDS slices
// of DURATION_MS / ROUNDS, the modes' order rotating per round, so a change in the machine's load
// (other processes on the same cores) hits every mode alike instead of whichever ran last.
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 4);
const gateways = [];
for (const mode of MODES) {
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    JWT_SECRET: 'bench-secret-0123456789-abcdefghijklmnop',
    JWT_ISSUER: 'https://idp.bench',
    JWT_AUDIENCE: 'crm-gateway-bench',
    PSEUDONYM_KEY: 'bench-pseudonym-key-0123456789-abcdefghij',
    LOCAL_DIR: mkdtempSync(path.join(tmpdir(), 'crm-audit-bench-')),
    MONGODB_DB: db.databaseName,
    AUDIT_MODE: mode,
    AUDIT_SIGNING_KEY: TEST_AUDIT_KEY,
    AUDIT_INSTANCE_ID: `bench-${mode}`,
    LOG_LEVEL: 'silent',
    NODE_ENV: 'development',
    TRUST_PROXY_TLS: '1',
  });
  const gateway = await startGateway({ config, db, logger });
  const signer = (await loadSigner(config))!;
  const token = (await signer.issue({ sub: 'support-1', role: 'support', ttlMs: 3_600_000 })).jwt;
  const send = async () => {
    const res = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: QUERY }),
    });
    const body = (await res.json()) as { errors?: unknown };
    if (res.status !== 200 || body.errors) throw new Error(`bench request failed: ${res.status} ${JSON.stringify(body.errors)}`);
  };
  gateways.push({ mode, gateway, send });
}

for (const clients of CONCURRENCY) {
  const run = async (send: () => Promise<void>, ms: number, latencies: number[] | null) => {
    const deadline = performance.now() + ms;
    await Promise.all(
      Array.from({ length: clients }, async () => {
        while (performance.now() < deadline) {
          const t = performance.now();
          await send();
          latencies?.push(performance.now() - t);
        }
      }),
    );
  };
  const cells = gateways.map((g) => ({ ...g, latencies: [] as number[], seconds: 0, records: 0, inserts: 0 }));
  for (const cell of cells) await run(cell.send, WARMUP_MS, null);
  for (let round = 0; round < ROUNDS; round++) {
    for (let k = 0; k < cells.length; k++) {
      const cell = cells[(k + round) % cells.length]!;
      const before = cell.gateway.audit.stats();
      const t0 = performance.now();
      await run(cell.send, DURATION_MS / ROUNDS, cell.latencies);
      cell.seconds += (performance.now() - t0) / 1000;
      const after = cell.gateway.audit.stats();
      cell.records += after.committedRecords - before.committedRecords;
      cell.inserts += after.inserts - before.inserts;
      // Async batches may still be queued: let the writer catch up outside the timed slices.
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  for (const cell of cells) {
    cell.latencies.sort((a, b) => a - b);
    rows.push({
      mode: cell.mode,
      clients,
      rps: cell.latencies.length / cell.seconds,
      p50: cell.latencies[Math.floor(cell.latencies.length * 0.5)]!,
      p99: cell.latencies[Math.floor(cell.latencies.length * 0.99)]!,
      recordsPerSec: cell.records / cell.seconds,
      avgBatch: cell.inserts > 0 ? cell.records / cell.inserts : 0,
    });
    process.stderr.write(`${cell.mode} × ${clients}: ${rows[rows.length - 1]!.rps.toFixed(0)} req/s\n`);
  }
}
for (const g of gateways) await g.gateway.close();

// The writer alone: 50 submitters, each a request of VALUES_PER_REQUEST records (one batch of
// ROWS documents × 5 fields), as fast as the group commit takes them.
await ensureAuditIndexes(db);
const writer = new GroupCommitWriter({ collection: db.collection<LedgerBatch>(LEDGER_COLLECTION), instanceId: 'bench-writer', mode: 'sync', logger });
await writer.loadHead();
const writerDeadline = performance.now() + DURATION_MS;
const w0 = performance.now();
await Promise.all(
  Array.from({ length: 50 }, async (_, i) => {
    while (performance.now() < writerDeadline) await writer.submit(benchBatch(`w${i}`));
  }),
);
const writerSeconds = (performance.now() - w0) / 1000;

// Where a record's cost goes in the gateway process: build (group a request's disclosure records
// into its batch), link (canonical encoding + SHA-256 of the batch), BSON-encode (what the driver
// does on insert) — per record.
const micro = (() => {
  const requests = Math.max(1, Math.floor(100_000 / VALUES_PER_REQUEST));
  const N = requests * VALUES_PER_REQUEST;
  const time = (fn: () => void) => {
    const t = performance.now();
    fn();
    return ((performance.now() - t) * 1000) / N;
  };
  let batches: LedgerBatch[] = [];
  const build = time(() => {
    for (let i = 0; i < requests; i++) batches = batches.concat(benchBatch('micro'));
  });
  const link = time(() => linkBatches(batches, GENESIS));
  const encode = time(() => {
    for (const b of batches) BSON.serialize(b);
  });
  return { build, link, encode };
})();

const byKey = new Map(rows.map((r) => [`${r.mode}/${r.clients}`, r]));
const lines = [
  `audit overhead — customers(first: ${ROWS}) × 5 classified fields = ${VALUES_PER_REQUEST} records (one ledger batch) per request; ${store.embedded ? 'embedded store (child process)' : 'MONGODB_URI'}; ${DURATION_MS / 1000}s per cell in ${ROUNDS} slices interleaved across the modes, after ${WARMUP_MS / 1000}s warm-up`,
  '',
  '| clients | off req/s | async req/s | sync req/s | sync vs off | off p50/p99 ms | async p50/p99 ms | sync p50/p99 ms | sync records/s | sync records per insert |',
  '|---|---|---|---|---|---|---|---|---|---|',
];
for (const clients of CONCURRENCY) {
  const off = byKey.get(`off/${clients}`)!;
  const asy = byKey.get(`async/${clients}`)!;
  const syn = byKey.get(`sync/${clients}`)!;
  const lat = (r: Row) => `${r.p50.toFixed(1)} / ${r.p99.toFixed(1)}`;
  lines.push(
    `| ${clients} | ${off.rps.toFixed(0)} | ${asy.rps.toFixed(0)} | ${syn.rps.toFixed(0)} | ${((syn.rps / off.rps - 1) * 100).toFixed(0)}% | ${lat(off)} | ${lat(asy)} | ${lat(syn)} | ${syn.recordsPerSec.toFixed(0)} | ${syn.avgBatch.toFixed(0)} |`,
  );
}
lines.push(
  '',
  `group commit alone (50 concurrent submitters × ${VALUES_PER_REQUEST} records, sync, majority write concern): ${(writer.stats.committedRecords / writerSeconds).toFixed(0)} records/s (${(writer.stats.committedBatches / writerSeconds).toFixed(0)} batches/s), ${writer.stats.inserts} inserts, avg ${(writer.stats.committedRecords / writer.stats.inserts).toFixed(0)} records per insert, largest ${writer.stats.largestInsert}`,
);
lines.push(
  `gateway-side cost per record: build ${micro.build.toFixed(3)} µs, hash-chain link ${micro.link.toFixed(3)} µs, BSON encode ${micro.encode.toFixed(3)} µs (batches of ${VALUES_PER_REQUEST} records)`,
);
console.log(lines.join('\n'));

await db.dropDatabase();
await client.close();
await store.close();
