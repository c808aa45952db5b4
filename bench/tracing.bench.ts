// What tracing costs: the same 100-row page (admin, every classified field in clear, so every
// value is audited) through two gateways over one seeded embedded store, one without tracing and
// one exporting every span over OTLP/HTTP (protobuf) to a local sink that accepts and discards
// them, so span creation, batching and serialisation are all paid. Sequential requests, the two
// gateways interleaved round by round; medians of per-request latency and the ratio.
//   npm run bench:tracing -- [--rounds 7] [--requests 200]
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
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
const rounds = arg('--rounds', 7);
const requests = arg('--requests', 200);
const PAGE = '{ customers(first: 100) { nodes { id name phone email idNumber bankCard address birthDate segment tier } } }';

// The collector stand-in: reads each export and answers 200, like an OTLP receiver.
let exportedBytes = 0;
const sink = createServer((req, res) => {
  req.on('data', (chunk: Buffer) => (exportedBytes += chunk.length));
  req.on('end', () => res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end());
});
await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
const sinkUrl = `http://127.0.0.1:${(sink.address() as AddressInfo).port}`;

const store = await startEmbeddedStore({ logger: pino({ level: 'silent' }) });
const secrets = createBenchSecrets();
const logger = pino({ level: 'silent' });
// Each gateway writes its own audit chain, as separate instances do.
const configFor = (instance: string) => loadConfig({ ...secrets, PORT: '0', MONGODB_DB: 'bench', LOG_LEVEL: 'silent', AUDIT_MODE: 'sync', AUDIT_INSTANCE_ID: instance });
const config = configFor('bench-signer');
const seeder = new MongoClient(store.uri);
await seeder.connect();
await seedDatabase(seeder.db('bench'), { customers: 1000 });

async function gateway(traced: boolean) {
  const tracing = await createTracing(traced ? { endpoint: `${sinkUrl}/v1/traces`, serviceName: 'crm-gateway-bench' } : null);
  const client = new MongoClient(store.uri, { monitorCommands: tracing.enabled });
  tracing.monitorMongo(client);
  await client.connect();
  const running = await startGateway({ config: configFor(traced ? 'bench-traced' : 'bench-plain'), db: client.db('bench'), logger, tracing });
  return {
    name: traced ? 'tracing on (OTLP export)' : 'tracing off',
    url: running.url,
    tracing,
    async close() {
      await running.close();
      await tracing.shutdown();
      await client.close();
    },
  };
}

const signer = await loadSigner(config);
const { jwt: token } = await signer!.issue({ sub: DEMO_USERS.admin.sub, role: 'admin', ttlMs: 3_600_000 });
const variants = [await gateway(false), await gateway(true)];

async function once(url: string): Promise<number> {
  const started = performance.now();
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query: PAGE }) });
  const body = (await res.json()) as { data?: { customers: { nodes: unknown[] } } };
  if (res.status !== 200 || body.data?.customers.nodes.length !== 100) throw new Error(`unexpected answer ${res.status}`);
  return performance.now() - started;
}

for (const v of variants) for (let i = 0; i < 50; i++) await once(v.url); // warm-up: JIT, caches, connections
// Wall-clock latency on a shared machine moves with everyone else's load; the process's CPU time
// per request (client and gateway share this process; the traced block includes flushing its
// spans) is the steadier measure of what tracing adds.
const perRound = new Map<string, number[]>(variants.map((v) => [v.name, []]));
const cpuPerRound = new Map<string, number[]>(variants.map((v) => [v.name, []]));
for (let round = 0; round < rounds; round++) {
  for (const v of round % 2 === 0 ? variants : [...variants].reverse()) {
    const samples: number[] = [];
    const cpu = process.cpuUsage();
    for (let i = 0; i < requests; i++) samples.push(await once(v.url));
    await v.tracing.flush();
    const used = process.cpuUsage(cpu);
    perRound.get(v.name)!.push(median(samples));
    cpuPerRound.get(v.name)!.push((used.user + used.system) / 1000 / requests);
  }
}
await variants[1]!.tracing.flush();

const off = median(perRound.get(variants[0]!.name)!);
const on = median(perRound.get(variants[1]!.name)!);
console.log(`100-row page, admin, AUDIT_MODE=sync; ${rounds} interleaved rounds × ${requests} sequential requests; Node ${process.version}`);
console.log('| variant | median latency (ms) | CPU per request (ms) |\n|---|---:|---:|');
for (const [name, medians] of perRound) console.log(`| ${name} | ${median(medians).toFixed(2)} | ${median(cpuPerRound.get(name)!).toFixed(2)} |`);
const cpuOff = median(cpuPerRound.get(variants[0]!.name)!);
const cpuOn = median(cpuPerRound.get(variants[1]!.name)!);
console.log(
  `\ntracing on / off: latency ${(on / off).toFixed(3)}×, CPU per request ${(cpuOn / cpuOff).toFixed(3)}× (+${(cpuOn - cpuOff).toFixed(2)} ms); ${(exportedBytes / 1024).toFixed(0)} KiB of spans exported`,
);

for (const v of variants) await v.close();
await seeder.close();
await store.close();
sink.close();
