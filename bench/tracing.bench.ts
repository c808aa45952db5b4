// What tracing costs: the same 100-row page (admin, every classified field in clear, so every
// value is audited) through two gateway processes, each over its own embedded store seeded with
// the same data: one without tracing, one exporting every span over OTLP/HTTP (protobuf) to a
// local sink that accepts and discards them, so span creation, context propagation, batching and
// serialisation are all paid. Separate processes matter: tracing keeps the active span in an
// AsyncLocalStorage, which on Node 20 turns on promise hooks for the whole process.
// Sequential requests, the two interleaved block by block; medians of per-request latency and of
// each gateway process's CPU time per request (steadier than latency on a shared machine).
//   npm run bench:tracing -- [--rounds 7] [--requests 100]
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { MongoClient } from 'mongodb';
import pino from 'pino';
import { loadSigner } from '../src/auth/signer';
import { loadConfig } from '../src/config/env';
import { DEMO_USERS, seedDatabase } from '../src/data/seed';
import { startEmbeddedStore } from '../src/embedded';
import { startGateway } from '../src/http/gateway';
import { createTracing } from '../src/telemetry/tracing';
import { median } from './stats';
import { createBenchSecrets } from './tokens';

const arg = (name: string, fallback: number) => Number(process.argv[process.argv.indexOf(name) + 1]) || fallback;
const PAGE = '{ customers(first: 100) { nodes { id name phone email idNumber bankCard address birthDate segment tier } } }';

/** A child: one gateway (traced or not), its store, and /cpu reporting this process's CPU time. */
async function child(traced: boolean): Promise<void> {
  let exportedBytes = 0;
  const sink = createServer((req, res) => {
    req.on('data', (chunk: Buffer) => (exportedBytes += chunk.length));
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end());
  });
  await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
  const store = await startEmbeddedStore({ logger: pino({ level: 'silent' }) });
  const config = loadConfig({ ...JSON.parse(process.env.BENCH_SECRETS ?? '{}'), PORT: '0', MONGODB_DB: 'bench', LOG_LEVEL: 'silent', AUDIT_MODE: 'sync' });
  const tracing = await createTracing(traced ? { endpoint: `http://127.0.0.1:${(sink.address() as AddressInfo).port}/v1/traces`, serviceName: 'crm-gateway-bench' } : null);
  const client = new MongoClient(store.uri, { monitorCommands: tracing.enabled });
  tracing.monitorMongo(client);
  await client.connect();
  await seedDatabase(client.db('bench'), { customers: 1000 });
  const gateway = await startGateway({ config, db: client.db('bench'), logger: pino({ level: 'silent' }), tracing });
  const control = createServer((_req, res) => {
    void tracing.flush().then(() => {
      const cpu = process.cpuUsage();
      res.end(JSON.stringify({ cpuMs: (cpu.user + cpu.system) / 1000, exportedBytes }));
    });
  });
  await new Promise<void>((resolve) => control.listen(0, '127.0.0.1', resolve));
  console.log(JSON.stringify({ url: gateway.url, control: `http://127.0.0.1:${(control.address() as AddressInfo).port}` }));
}

async function parent(): Promise<void> {
  const rounds = arg('--rounds', 7);
  const requests = arg('--requests', 100);
  const secrets = createBenchSecrets();
  const signer = await loadSigner(loadConfig({ ...secrets, MONGODB_DB: 'bench' }));
  const { jwt: token } = await signer!.issue({ sub: DEMO_USERS.admin.sub, role: 'admin', ttlMs: 3_600_000 });
  const start = (traced: boolean) =>
    new Promise<{ name: string; url: string; control: string; kill(): void }>((resolve, reject) => {
      const proc = spawn(process.execPath, [fileURLToPath(new URL('../bin/run-ts.mjs', import.meta.url)), fileURLToPath(import.meta.url), '--child', traced ? 'on' : 'off'], {
        env: { ...process.env, BENCH_SECRETS: JSON.stringify(secrets) },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      proc.stdout.once('data', (line: Buffer) =>
        resolve({ name: traced ? 'tracing on (OTLP export)' : 'tracing off', ...JSON.parse(line.toString('utf8')), kill: () => proc.kill() }),
      );
      proc.once('exit', (code) => reject(new Error(`child exited with ${code}`)));
    });
  const variants = [await start(false), await start(true)];
  const cpuOf = async (control: string) => (await (await fetch(control)).json()) as { cpuMs: number; exportedBytes: number };
  async function once(url: string): Promise<number> {
    const started = performance.now();
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query: PAGE }) });
    const body = (await res.json()) as { data?: { customers: { nodes: unknown[] } } };
    if (res.status !== 200 || body.data?.customers.nodes.length !== 100) throw new Error(`unexpected answer ${res.status}`);
    return performance.now() - started;
  }

  for (const v of variants) for (let i = 0; i < 50; i++) await once(v.url); // warm-up: JIT, caches, connections
  const latency = new Map<string, number[]>(variants.map((v) => [v.name, []]));
  const cpu = new Map<string, number[]>(variants.map((v) => [v.name, []]));
  for (let round = 0; round < rounds; round++) {
    for (const v of round % 2 === 0 ? variants : [...variants].reverse()) {
      const before = await cpuOf(v.control);
      const samples: number[] = [];
      for (let i = 0; i < requests; i++) samples.push(await once(v.url));
      const after = await cpuOf(v.control); // flushes the spans first, so their export is counted
      latency.get(v.name)!.push(median(samples));
      cpu.get(v.name)!.push((after.cpuMs - before.cpuMs) / requests);
    }
  }
  const exported = (await cpuOf(variants[1]!.control)).exportedBytes;
  console.log(`100-row page, admin, AUDIT_MODE=sync; ${rounds} interleaved rounds × ${requests} sequential requests; one process per gateway; Node ${process.version}`);
  console.log('| variant | median latency (ms) | gateway CPU per request (ms) |\n|---|---:|---:|');
  for (const v of variants) console.log(`| ${v.name} | ${median(latency.get(v.name)!).toFixed(2)} | ${median(cpu.get(v.name)!).toFixed(2)} |`);
  const [off, on] = variants.map((v) => ({ lat: median(latency.get(v.name)!), cpu: median(cpu.get(v.name)!) }));
  console.log(
    `\ntracing on / off: latency ${(on!.lat / off!.lat).toFixed(3)}×, CPU per request ${(on!.cpu / off!.cpu).toFixed(3)}× (+${(on!.cpu - off!.cpu).toFixed(2)} ms); ${(exported / 1024).toFixed(0)} KiB of spans exported`,
  );
  for (const v of variants) v.kill();
}

const childFlag = process.argv.indexOf('--child');
if (childFlag >= 0) await child(process.argv[childFlag + 1] === 'on');
else await parent();
