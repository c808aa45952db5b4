// `npm run bench:profile`: CPU profiles of one variant's process under one workload, for reading
// where the time goes (docs/benchmarks.md, "Profiles"). Starts the shared store and the variant
// with `--cpu-prof`, loads it with autocannon, stops it (the profile is written at exit) and
// prints the heaviest functions by self time and the share of time by package/folder.
// Flags: --variant gw-admin, --workload byId, --connections 10, --duration 15, --out DIR,
// --node-arg FLAG (repeatable: a Node option for the variant's process).
import { readdirSync, readFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { MongoClient } from 'mongodb';
import { BenchProcess } from './child';
import { cpuSeconds } from './machine';
import { runLoad } from './load';
import { requestFor } from './request';
import { BENCH_DB } from './store-process';
import { createBenchSecrets, signBenchTokens } from './tokens';
import { PROCESSES, VARIANTS } from './variants';
import { WORKLOADS, type WorkloadName, type WorkloadTargets } from './workloads';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Where a frame belongs: a package under node_modules, a folder of ours, or node itself. */
function bucket(url: string): string {
  if (url === '') return '(native/gc/idle)';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 'node_modules/'.length).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  if (url.startsWith('node:')) return 'node';
  const m = /\/(src\/[^/]+|resolvers|bench)\//.exec(url);
  return m ? m[1]! : url;
}

export function summarise(profile: CpuProfile, top = 30): string {
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const byFn = new Map<string, number>();
  const byBucket = new Map<string, number>();
  for (const node of profile.nodes) {
    const t = self.get(node.id) ?? 0;
    if (t === 0) continue;
    const f = node.callFrame;
    const key = `${f.functionName || '(anonymous)'} ${f.url.replace(/^.*\/(node_modules|src|resolvers)\//, '$1/')}:${f.lineNumber + 1}`;
    byFn.set(key, (byFn.get(key) ?? 0) + t);
    const b = bucket(f.url);
    byBucket.set(b, (byBucket.get(b) ?? 0) + t);
  }
  const pct = (t: number) => `${((100 * t) / total).toFixed(1).padStart(5)}%`;
  const rows = (m: Map<string, number>, n: number) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, t]) => `${pct(t)}  ${k}`)
      .join('\n');
  return `self time by package/folder:\n${rows(byBucket, 25)}\n\nheaviest functions (self):\n${rows(byFn, top)}\n`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      variant: { type: 'string', default: 'gw-admin' },
      workload: { type: 'string', default: 'byId' },
      connections: { type: 'string', default: '10' },
      duration: { type: 'string', default: '15' },
      customers: { type: 'string', default: '1000' },
      out: { type: 'string', default: 'bench-profiles' },
      'node-arg': { type: 'string', multiple: true, default: [] },
      // Profiles the store process too (its summary follows the variant's).
      'profile-store': { type: 'boolean', default: false },
    },
  });
  const variant = VARIANTS.find((v) => v.id === values.variant);
  if (!variant) throw new Error(`--variant: unknown ${values.variant} (known: ${VARIANTS.map((v) => v.id).join(', ')})`);
  const workload = WORKLOADS[values.workload as WorkloadName];
  if (!workload) throw new Error(`--workload: unknown ${values.workload}`);
  const outDir = path.resolve(values.out!, `${variant.id}-${workload.name}-${Date.now()}`);
  mkdirSync(outDir, { recursive: true });
  const secrets = createBenchSecrets();
  const storeOut = path.join(outDir, 'store');
  const storeArgs = values['profile-store'] ? ['--cpu-prof', `--cpu-prof-dir=${storeOut}`] : [];
  const store = await BenchProcess.start('store', 'bench/store-process.ts', { BENCH_CUSTOMERS: values.customers! }, ['--max-old-space-size=6144', ...storeArgs]);
  const client = new MongoClient(store.url);
  try {
    await client.connect();
    const db = client.db(BENCH_DB);
    const page = await db
      .collection('customers')
      .find({}, { projection: { _id: 1 } })
      .sort({ createdAt: -1, _id: -1 })
      .toArray();
    const targets: WorkloadTargets = { byId: page[499]!._id.toHexString(), accessReport: page[page.length - 1]!._id.toHexString() };
    const tokens = await signBenchTokens(secrets);
    const spec = PROCESSES[variant.process];
    const proc = await BenchProcess.start(variant.process, spec.file, { BENCH_MONGO_URI: store.url, BENCH_DB, ...secrets, ...spec.env }, [
      '--cpu-prof',
      `--cpu-prof-dir=${outDir}`,
      ...(values['node-arg'] ?? []),
    ]);
    const request = requestFor(variant as never, workload, proc.url, targets, tokens);
    if (!request) throw new Error(`${variant.id} has no ${workload.name}`);
    const connections = Number(values.connections);
    await runLoad(request, connections, 3, 30); // warm-up, not profiled separately
    const warm = await proc.quiesce();
    await proc.reset();
    const cpuBefore = [cpuSeconds(proc.pid!), cpuSeconds(store.pid!)];
    const result = await runLoad(request, connections, Number(values.duration), 30);
    const cpuAfter = [cpuSeconds(proc.pid!), cpuSeconds(store.pid!)];
    console.log(
      `${variant.id} ${workload.name} c=${connections}: ${result.rps.toFixed(0)} req/s, p50 ${result.p50Ms.toFixed(1)} ms, p99 ${result.p99Ms.toFixed(1)} ms, non-2xx ${result.non2xx}, mismatches ${result.mismatches}`,
    );
    const stats = await proc.quiesce();
    const perRequest = Object.entries(stats.commandsByName).map(([name, n]) => `${name} ${(n / Math.max(1, stats.requests)).toFixed(2)}`);
    const perReq = (i: number) => ((1000 * (cpuAfter[i]! - cpuBefore[i]!)) / Math.max(1, stats.requests)).toFixed(2);
    console.log(`CPU per request: ${variant.id} ${perReq(0)} ms, store ${perReq(1)} ms (${stats.requests} requests)`);
    console.log(`MongoDB commands per request: ${perRequest.join(', ')}; peak RSS ${(stats.maxRssBytes / 2 ** 20).toFixed(0)} MiB`);
    await proc.close();
    await new Promise((r) => setTimeout(r, 1500));
    const file = readdirSync(outDir).find((f) => f.endsWith('.cpuprofile'));
    if (!file) throw new Error(`no profile written in ${outDir}`);
    console.log(`profile: ${path.join(outDir, file)} (${warm.requests + stats.requests} requests in it, warm-up included)\n`);
    console.log(summarise(JSON.parse(readFileSync(path.join(outDir, file), 'utf8')) as CpuProfile));
  } finally {
    await client.close();
    await store.close();
  }
  if (values['profile-store']) {
    await new Promise((r) => setTimeout(r, 1500));
    const file = readdirSync(storeOut).find((f) => f.endsWith('.cpuprofile'));
    if (!file) throw new Error(`no store profile written in ${storeOut}`);
    console.log(`store profile: ${path.join(storeOut, file)} (start-up and seeding included)\n`);
    console.log(summarise(JSON.parse(readFileSync(path.join(storeOut, file), 'utf8')) as CpuProfile));
  }
}

await main();
