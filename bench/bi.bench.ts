// `npm run bench:bi`: rows per second and peak RSS of a 100,000-row CSV report through the BI
// endpoint (customers-pseudonymised: scope, masking to keyed tokens, sync audit per page), next
// to the floor: the driver reading the same documents with one cursor and csv-stringify writing
// them, no gateway. Store, gateway and floor run in processes of their own; the two variants are
// measured alternately over rounds (interleaved, order swapped each round) and medians quoted.
// Peak RSS is each server process's VmHWM. Options: --rows N (100000), --rounds N (3),
// --page-size N (BI_PAGE_SIZE and MAX_PAGE_SIZE of the gateway, 5000).
import { fork, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { stringify } from 'csv-stringify/sync';
import { MongoClient, ObjectId, type Db } from 'mongodb';
import pino from 'pino';
import { createTokenRegistry } from '../src/auth/registry';
import { loadSigner } from '../src/auth/signer';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config/env';
import { DEFAULT_POLICY_FILE } from '../src/policy/load';
import { startEmbeddedStore } from '../src/embedded/index';
import { startGateway } from '../src/http/gateway';
import { median } from './stats';

const SELF = fileURLToPath(import.meta.url);
const RUN_TS = fileURLToPath(new URL('../bin/run-ts.mjs', import.meta.url));
const DB = 'crm_bench_bi';
const SECRET = 'bench-bi-secret-0123456789-abcdefghijkl';

function env(storeUri: string, pageSize: number, auditKey: string): Record<string, string> {
  return {
    MONGODB_URI: storeUri,
    MONGODB_DB: DB,
    JWT_SECRET: SECRET,
    JWT_ISSUER: 'bench',
    JWT_AUDIENCE: 'bench',
    PSEUDONYM_KEY: 'bench-pseudonym-key-0123456789-abcdefgh',
    AUDIT_SIGNING_KEY: auditKey,
    MAX_PAGE_SIZE: String(pageSize),
    BI_PAGE_SIZE: String(pageSize),
    BI_MAX_ROWS: '1000000',
    // Loopback benchmark: no TLS proxy in front, and pages larger than the shipped BI cost limit.
    TRUST_PROXY_TLS: '1',
    POLICY_FILE: benchPolicy(),
    PORT: '0',
    LOG_LEVEL: 'silent',
  };
}

function benchPolicy(): string {
  const policy = JSON.parse(readFileSync(DEFAULT_POLICY_FILE, 'utf8'));
  policy.limits.bi = { ...policy.limits.bi, maxCost: 100_000_000 };
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'bench-bi-')), 'policy.json');
  writeFileSync(file, JSON.stringify(policy));
  return file;
}

async function child(role: string): Promise<void> {
  let url: string;
  if (role === 'store') {
    const store = await startEmbeddedStore();
    url = store.uri;
  } else if (role === 'gateway') {
    const config = loadConfig(process.env);
    const client = await new MongoClient(config.mongo.uri!).connect();
    const gw = await startGateway({ config, db: client.db(DB), logger: pino({ level: 'silent' }) });
    url = gw.url.replace(/\/graphql$/, '');
  } else {
    const client = await new MongoClient(process.env.MONGODB_URI!).connect();
    const customers = client.db(DB).collection('customers');
    const columns = ['customer_id', 'name', 'phone', 'email', 'city', 'birth_date', 'gender', 'segment', 'tier', 'lifetime_value', 'created_at', 'updated_at'];
    const server = createServer(async (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/csv; charset=utf-8' });
      res.write(stringify([columns], { record_delimiter: 'windows' }));
      let chunk: unknown[][] = [];
      const flush = async () => {
        if (!res.write(stringify(chunk, { record_delimiter: 'windows' }))) await once(res, 'drain');
        chunk = [];
      };
      for await (const d of customers.find({}, { sort: { createdAt: -1, _id: -1 }, batchSize: 1000 })) {
        chunk.push([
          String(d._id),
          d.name,
          d.phone,
          d.email,
          d.address?.city,
          d.birthDate?.toISOString(),
          d.gender,
          d.segment,
          d.tier,
          d.lifetimeValue,
          d.createdAt?.toISOString(),
          d.updatedAt?.toISOString(),
        ]);
        if (chunk.length === 1000) await flush();
      }
      if (chunk.length > 0) await flush();
      res.end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }
  process.send!({ url });
}

function start(role: string, extraEnv: Record<string, string> = {}): Promise<{ proc: ChildProcess; url: string }> {
  const proc = fork(RUN_TS, [SELF, '--child', role], { env: { ...process.env, ...extraEnv }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    proc.once('message', (m: { url: string }) => resolve({ proc, url: m.url }));
    proc.once('exit', (code) => reject(new Error(`${role} exited with ${code}`)));
  });
}

function peakRss(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : NaN;
}

async function seed(db: Db, rows: number): Promise<void> {
  const at = new Date('2026-01-01T00:00:00Z').getTime();
  for (let start = 0; start < rows; start += 10_000) {
    const docs = [];
    for (let i = start; i < Math.min(rows, start + 10_000); i++) {
      const n = String(i).padStart(8, '0');
      docs.push({
        _id: new ObjectId(),
        name: `客户${n}`,
        phone: `138${n}`,
        email: `c${n}@example.com`,
        address: { province: '北京市', city: '北京市', district: '海淀区', street: `${i}号` },
        birthDate: new Date(Date.UTC(1960 + (i % 40), i % 12, 1 + (i % 28))),
        gender: i % 2 ? 'M' : 'F',
        segment: 'retail',
        tier: 'silver',
        lifetimeValue: i,
        createdAt: new Date(at + i * 1000),
        updatedAt: new Date(at + i * 1000),
      });
    }
    await db.collection('customers').insertMany(docs);
  }
}

async function download(url: string, headers: Record<string, string>): Promise<{ rows: number; seconds: number }> {
  const started = performance.now();
  const res = await fetch(url, { headers });
  if (res.status !== 200) throw new Error(`${url}: HTTP ${res.status} ${await res.text()}`);
  let lines = 0;
  const reader = res.body!.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    for (let i = 0; i < value.length; i++) if (value[i] === 10) lines++;
  }
  return { rows: lines - 1, seconds: (performance.now() - started) / 1000 };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { rows: { type: 'string', default: '100000' }, rounds: { type: 'string', default: '3' }, 'page-size': { type: 'string', default: '5000' } },
  });
  const rows = Number(values.rows);
  const rounds = Number(values.rounds);
  const pageSize = Number(values['page-size']);
  const auditKey = generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();

  const store = await start('store');
  const client = await new MongoClient(store.url).connect();
  const children: ChildProcess[] = [store.proc];
  try {
    await seed(client.db(DB), rows);
    const e = env(store.url, pageSize, auditKey);
    const gateway = await start('gateway', e);
    const floor = await start('floor', e);
    children.push(gateway.proc, floor.proc);

    const config = loadConfig(e);
    const issued = await (await loadSigner(config))!.issue({ sub: 'bench-bi', role: 'analyst', kind: 'bi', name: 'bench', ttlMs: 3_600_000 });
    await createTokenRegistry(client.db(DB)).record({
      jti: issued.jti,
      name: 'bench',
      subject: 'bench-bi',
      role: 'analyst',
      scopes: [],
      expiresAt: new Date(issued.expiresAt * 1000),
      createdBy: 'bench',
      reports: ['customers-pseudonymised'],
    });

    const variants = {
      gateway: () => download(`${gateway.url}/bi/v1/reports/customers-pseudonymised.csv`, { authorization: `Bearer ${issued.jwt}` }),
      floor: () => download(floor.url, {}),
    };
    const rates: Record<'gateway' | 'floor', number[]> = { gateway: [], floor: [] };
    for (let round = 0; round < rounds; round++) {
      const order: ('gateway' | 'floor')[] = round % 2 === 0 ? ['floor', 'gateway'] : ['gateway', 'floor'];
      for (const name of order) {
        const r = await variants[name]();
        if (r.rows !== rows) throw new Error(`${name} served ${r.rows} rows, expected ${rows}`);
        rates[name].push(r.rows / r.seconds);
        console.error(`round ${round + 1} ${name}: ${Math.round(r.rows / r.seconds)} rows/s (${r.seconds.toFixed(1)} s)`);
      }
    }
    const g = median(rates.gateway);
    const f = median(rates.floor);
    const mb = (b: number) => `${Math.round(b / 1048576)} MB`;
    console.log(`\n${rows.toLocaleString('en')} rows of CSV, ${rounds} interleaved rounds, medians; gateway page size ${pageSize}, AUDIT_MODE=sync\n`);
    console.log('| variant | rows/s (median) | peak RSS |');
    console.log('|---|---|---|');
    console.log(`| floor (driver + csv-stringify) | ${Math.round(f)} | ${mb(peakRss(floor.proc.pid!))} |`);
    console.log(`| crm-gateway BI endpoint | ${Math.round(g)} | ${mb(peakRss(gateway.proc.pid!))} |`);
    console.log(`\nratio gateway / floor: ${(g / f).toFixed(2)} (goal ≥ 0.70: ${g / f >= 0.7 ? 'met' : 'not met'})`);
  } finally {
    await client.close();
    for (const c of children.reverse()) c.kill('SIGKILL');
  }
}

if (process.argv.includes('--child')) await child(process.argv[process.argv.indexOf('--child') + 1]!);
else await main();
