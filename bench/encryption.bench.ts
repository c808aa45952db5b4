// What field encryption costs, in one run: the same 1,000-row page (admin: phone clear, ID number
// partial, bank card last 4 — three decryptions per row) from a gateway over a plain store and
// one over the same data stored as MongoDB client-side encryption ciphertext, side by side.
// `npm run bench:encryption` (embedded store in a child process, or MONGODB_URI).
//
// Both gateways run at once and take turns in short interleaved slices (order rotating per
// round), so a change in the machine's load hits both alike; the report quotes the median of the
// per-slice throughputs. Decryptions per second come from the gateway's own counter (/metrics).
// Both answers are checked to be identical before anything is timed.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import pino from 'pino';
import { loadSigner } from '../src/auth/signer';
import { loadConfig } from '../src/config/env';
import { seedDatabase } from '../src/data/seed';
import { createFieldCrypto } from '../src/encryption/field-crypto';
import { encryptValue } from '../src/encryption/fle-format';
import { loadKeyRing } from '../src/encryption/key-ring';
import { openKeyVault } from '../src/encryption/key-vault';
import { startGateway } from '../src/http/gateway';
import { loadPolicy } from '../src/policy/load';
import { ENCRYPTED_POLICY, encryptStore, newMasterKey, policyVariant } from '../test/encryption/helpers';
import { TEST_AUDIT_KEY } from '../test/support/keys';
import { startBenchStore } from './audit-store';

const ROWS = Number(process.env.BENCH_ENCRYPTION_ROWS ?? 1000);
const SLICE_MS = Number(process.env.BENCH_SLICE_MS ?? 1_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 8);
const CONCURRENCY = (process.env.BENCH_CONNECTIONS ?? '1,10').split(',').map(Number);
// Audit off by default: the ledger's cost is the same on both sides and would only dilute the
// ratio (BENCH_AUDIT_MODE=sync measures with it).
const AUDIT_MODE = (process.env.BENCH_AUDIT_MODE ?? 'off') as 'sync' | 'off';
const QUERY = `{ customers(first: ${ROWS}) { nodes { id name phone idNumber bankCard email } } }`;
const GOAL = 0.15;

const store = await startBenchStore();
const client = new MongoClient(store.uri, { maxPoolSize: 50 });
await client.connect();
const stamp = Date.now();
const plainDb = client.db(`enc_bench_plain_${stamp}`);
const encDb = client.db(`enc_bench_enc_${stamp}`);
const master = newMasterKey();
await Promise.all([seedDatabase(plainDb, { customers: ROWS + 100 }), seedDatabase(encDb, { customers: ROWS + 100 })]);
await encryptStore(encDb, ENCRYPTED_POLICY, master);
// Same rights on both sides: the plain gateway's policy is the encrypted one without `encryption`.
const plainPolicy = policyVariant(ENCRYPTED_POLICY, (p) => delete p.encryption);

async function gateway(name: string, dbName: string, env: Record<string, string>) {
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    JWT_SECRET: 'bench-secret-0123456789-abcdefghijklmnop',
    JWT_ISSUER: 'https://idp.bench',
    JWT_AUDIENCE: 'crm-gateway-bench',
    PSEUDONYM_KEY: 'bench-pseudonym-key-0123456789-abcdefghij',
    AUDIT_SIGNING_KEY: TEST_AUDIT_KEY,
    AUDIT_MODE,
    AUDIT_INSTANCE_ID: `bench-encryption-${name}`,
    LOCAL_DIR: mkdtempSync(path.join(tmpdir(), 'crm-enc-bench-')),
    MONGODB_DB: dbName,
    MAX_PAGE_SIZE: String(Math.max(1000, ROWS)),
    LOG_LEVEL: 'silent',
    NODE_ENV: 'development',
    TRUST_PROXY_TLS: '1',
    ...env,
  });
  const gw = await startGateway({ config, db: client.db(dbName), logger: pino({ level: 'silent' }) });
  const token = (await (await loadSigner(config))!.issue({ sub: 'admin-1', role: 'admin', ttlMs: 3_600_000 })).jwt;
  const fetchPage = async () => {
    const res = await fetch(gw.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query: QUERY }) });
    const body = (await res.json()) as { data?: unknown; errors?: unknown };
    if (res.status !== 200 || body.errors) throw new Error(`bench request failed: ${res.status} ${JSON.stringify(body.errors)}`);
    return body.data;
  };
  const decryptions = async () => {
    const text = await (await fetch(gw.url.replace('/graphql', '/metrics'))).text();
    return Number(/^crm_gateway_field_decryptions (\d+)/m.exec(text)?.[1] ?? 0);
  };
  return { name, gw, fetchPage, decryptions };
}

const plain = await gateway('plain', plainDb.databaseName, { POLICY_FILE: plainPolicy });
const encrypted = await gateway('encrypted', encDb.databaseName, {
  POLICY_FILE: ENCRYPTED_POLICY,
  ENCRYPTION_MASTER_KEY: master,
  ENCRYPTION_KEY_VAULT: `${encDb.databaseName}.__keyVault`,
});

// Checked before timed: identical answers (and the encrypted store really is encrypted).
const [a, b] = await Promise.all([plain.fetchPage(), encrypted.fetchPage()]);
if (JSON.stringify(a) !== JSON.stringify(b)) throw new Error('the encrypted gateway answers differently from the plain one');
const sample = await encDb.collection('customers').findOne({});
if ((sample?.phone as { sub_type?: number })?.sub_type !== 6) throw new Error('the encrypted store is not encrypted');

interface Cell {
  rps: number[];
  decryptsPerSec: number[];
}
const results = new Map<string, Cell>();
const median = (xs: number[]) => {
  const s = [...xs].sort((x, y) => x - y);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

for (const clients of CONCURRENCY) {
  const sides = [plain, encrypted];
  const run = async (side: (typeof sides)[number], ms: number) => {
    let n = 0;
    const deadline = performance.now() + ms;
    await Promise.all(
      Array.from({ length: clients }, async () => {
        while (performance.now() < deadline) {
          await side.fetchPage();
          n++;
        }
      }),
    );
    return n;
  };
  for (const side of sides) await run(side, SLICE_MS); // warm-up
  for (let round = 0; round < ROUNDS; round++) {
    for (let k = 0; k < sides.length; k++) {
      const side = sides[(k + round) % sides.length]!;
      const d0 = await side.decryptions();
      const t0 = performance.now();
      const n = await run(side, SLICE_MS);
      const seconds = (performance.now() - t0) / 1000;
      const d1 = await side.decryptions();
      const cell = results.get(`${side.name}/${clients}`) ?? { rps: [], decryptsPerSec: [] };
      cell.rps.push(n / seconds);
      cell.decryptsPerSec.push((d1 - d0) / seconds);
      results.set(`${side.name}/${clients}`, cell);
    }
  }
  process.stderr.write(
    `${clients} client(s): plain ${median(results.get(`plain/${clients}`)!.rps).toFixed(1)} req/s, encrypted ${median(results.get(`encrypted/${clients}`)!.rps).toFixed(1)} req/s\n`,
  );
}
await plain.gw.close();
await encrypted.gw.close();

// Decryption alone, one core, no I/O: the ceiling of what the gateway's step can do.
const micro = await (async () => {
  const vault = openKeyVault(client, `${encDb.databaseName}.__keyVault`);
  const policy = loadPolicy(ENCRYPTED_POLICY);
  const crypto = createFieldCrypto(policy, await loadKeyRing(vault, Buffer.from(master, 'base64')));
  const key = (await vault.readAll(Buffer.from(master, 'base64'))).keys.entries().next().value!;
  const values = Array.from({ length: 1000 }, (_, i) => encryptValue(`1380013${String(i).padStart(4, '0')}`, 'deterministic', Buffer.from(key[0], 'hex'), key[1]));
  const n = 200_000;
  const t = performance.now();
  for (let i = 0; i < n; i++) crypto.open(values[i % values.length]);
  return n / ((performance.now() - t) / 1000);
})();

const lines = [
  `field encryption — customers(first: ${ROWS}) as admin: phone (clear), idNumber (partial), bankCard (last4) decrypted per row = ${ROWS * 3} decryptions per request; AUDIT_MODE=${AUDIT_MODE}; ${store.embedded ? 'embedded store (child process)' : 'MONGODB_URI'}; ${ROUNDS} interleaved slices of ${SLICE_MS / 1000}s per cell after a warm-up; medians of the slices`,
  '',
  '| clients | plain req/s | encrypted req/s | throughput cost | goal ≤ 15% | decryptions/s (encrypted) |',
  '|---|---|---|---|---|---|',
];
for (const clients of CONCURRENCY) {
  const p = median(results.get(`plain/${clients}`)!.rps);
  const e = median(results.get(`encrypted/${clients}`)!.rps);
  const cost = 1 - e / p;
  lines.push(
    `| ${clients} | ${p.toFixed(1)} | ${e.toFixed(1)} | ${(cost * 100).toFixed(1)}% | ${cost <= GOAL ? 'met' : 'not met'} | ${median(results.get(`encrypted/${clients}`)!.decryptsPerSec).toFixed(0)} |`,
  );
}
lines.push('', `decryption alone (FieldCrypto.open, one core, 11-digit phone, deterministic): ${micro.toFixed(0)} decryptions/s`);
console.log(lines.join('\n'));

await plainDb.dropDatabase();
await encDb.dropDatabase();
await client.close();
await store.close();
