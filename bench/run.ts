// `npm run bench`: starts the shared store and every variant in its own process, checks each
// variant's answer to each workload once, warms up, then runs the interleaved rounds with
// autocannon and writes docs/benchmarks.md. Flags: --quick, --duration S, --max-duration S,
// --rounds N, --connections 1,10,50, --connections-1000 1,10,50, --warmup S, --customers N,
// --workloads a,b, --variants a,b, --out FILE.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { MongoClient } from 'mongodb';
import { loadPolicy } from '../src/policy/load';
import { BenchProcess } from './child';
import { checkResponse, loadExpectations } from './check';
import { evaluateGoals } from './goals';
import { runLoad, type LoadRequest } from './load';
import { requestFor, sendOnce } from './request';
import { machineInfo } from './machine';
import { renderReport, type ReportInput, type RunOptions } from './report';
import { aggregate, cellKey, type RunSample } from './results';
import { pruneRunArtifacts } from './prune';
import { median } from './stats';
import { BENCH_DB } from './store-process';
import { createBenchSecrets, signBenchTokens } from './tokens';
import { PROCESSES, VARIANTS, type ProcessName, type VariantSpec } from './variants';
import { WORKLOAD_ORDER, WORKLOADS, type Workload, type WorkloadName, type WorkloadTargets } from './workloads';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function parseOptions(argv: string[]): RunOptions & { out: string } {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      duration: { type: 'string' },
      'max-duration': { type: 'string' },
      rounds: { type: 'string' },
      connections: { type: 'string' },
      'connections-1000': { type: 'string' },
      warmup: { type: 'string' },
      customers: { type: 'string' },
      workloads: { type: 'string' },
      variants: { type: 'string' },
      out: { type: 'string', default: 'docs/benchmarks.md' },
    },
    strict: true,
  });
  const quick = values.quick ?? false;
  const num = (name: string, raw: string | undefined, fallback: number, min: number): number => {
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < min) throw new Error(`--${name}: expected a number ≥ ${min}, got "${raw}"`);
    return n;
  };
  const list = <T extends string>(name: string, raw: string | undefined, all: readonly T[]): T[] => {
    if (raw === undefined) return [...all];
    const picked = raw.split(',').map((s) => s.trim()) as T[];
    const unknown = picked.filter((p) => !all.includes(p));
    if (unknown.length > 0) throw new Error(`--${name}: unknown ${unknown.join(', ')} (known: ${all.join(', ')})`);
    return picked;
  };
  const rounds = num('rounds', values.rounds, 2, 1);
  const clients = (name: string, raw: string | undefined, fallback: number[]) => (raw === undefined ? fallback : raw.split(',').map((c) => Math.floor(num(name, c, 1, 1))));
  const connections = clients('connections', values.connections, quick ? [1, 50] : [1, 10, 50]);
  // At 1,000 rows one request takes a few hundred ms, so 50 clients means ~50 × that per
  // response: only a long run sees enough of them. --quick keeps the 1,000-row page at 1 client.
  const connections1000 = clients('connections-1000', values['connections-1000'], values.connections !== undefined ? connections : quick ? [1] : connections);
  return {
    quick,
    durationS: num('duration', values.duration, quick ? 1 : 5, 0.5),
    maxDurationS: num('max-duration', values['max-duration'], quick ? 3 : 30, 0.5),
    warmupS: num('warmup', values.warmup, quick ? 0.3 : 2, 0),
    rounds: Math.floor(rounds),
    connections: Object.fromEntries(WORKLOAD_ORDER.map((w) => [w, w === 'page1000' ? connections1000 : connections])) as Record<WorkloadName, number[]>,
    customers: Math.floor(num('customers', values.customers, 1100, 1001)),
    workloads: list('workloads', values.workloads, WORKLOAD_ORDER),
    variants: list(
      'variants',
      values.variants,
      VARIANTS.map((v) => v.id),
    ),
    out: values.out ?? 'docs/benchmarks.md',
  };
}

const T0 = performance.now();
function log(message: string): void {
  process.stderr.write(`[bench ${((performance.now() - T0) / 1000).toFixed(0).padStart(4)} s] ${message}\n`);
}

function gitCommit(): string | null {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const startedAt = new Date();
  const secrets = createBenchSecrets();
  const variants = VARIANTS.filter((v) => options.variants.includes(v.id));
  const workloads = options.workloads;
  const notTimed: ReportInput['notTimed'][number][] = [];
  const peakRss: ReportInput['peakRss'] = {};

  log(`starting the store (${options.customers} customers, seed 1)`);
  // The heap limit is headroom only: the ledger is pruned between runs (pruneRunArtifacts).
  const store = await BenchProcess.start('store', 'bench/store-process.ts', { BENCH_CUSTOMERS: String(options.customers) }, ['--max-old-space-size=6144']);
  const processes = new Map<ProcessName, BenchProcess>();
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
    const expectations = await loadExpectations(db, loadPolicy(null), targets);
    const tokens = await signBenchTokens(secrets);

    const childEnv = { BENCH_MONGO_URI: store.url, BENCH_DB, ...secrets };
    const names = [...new Set(variants.map((v) => v.process))];
    log(`starting ${names.join(', ')}`);
    const started = await Promise.allSettled(names.map((name) => BenchProcess.start(name, PROCESSES[name].file, { ...childEnv, ...PROCESSES[name].env })));
    started.forEach((result, i) => {
      const name = names[i]!;
      if (result.status === 'fulfilled') {
        processes.set(name, result.value);
        return;
      }
      const reason = `process did not start: ${String((result.reason as Error)?.message ?? result.reason).split('\n')[0]}`;
      log(`${name}: ${reason}`);
      for (const v of variants.filter((x) => x.process === name)) notTimed.push({ variant: v.id, workload: '*', reason });
      peakRss[name] = null;
    });

    // accessReport's customer gets an audit history: both callers read it through the gateway.
    const gateway = processes.get('gateway');
    if (gateway && workloads.includes('accessReport')) {
      for (const reader of VARIANTS.filter((v) => v.process === 'gateway')) {
        const read = requestFor(reader, WORKLOADS.byId, gateway.url, { ...targets, byId: targets.accessReport }, tokens)!;
        for (let i = 0; i < 3; i++) await sendOnce(read);
      }
    }

    // Check each variant × workload once, then warm it up; only checked pairs are timed.
    const timed: { variant: VariantSpec; workload: Workload; proc: BenchProcess; request: LoadRequest }[] = [];
    const singleLatencyMs = new Map<string, number>();
    for (const w of workloads) {
      for (const v of variants) {
        const proc = processes.get(v.process);
        if (!proc || !v.workloads.includes(w)) continue;
        const request = requestFor(v, WORKLOADS[w], proc.url, targets, tokens);
        if (!request) continue;
        const first = await sendOnce(request);
        const code = (first.body as { errors?: { extensions?: { code?: string } }[] } | null)?.errors?.[0]?.extensions?.code;
        if (w === 'accessReport' && code === 'GRAPHQL_VALIDATION_FAILED') {
          notTimed.push({ variant: v.id, workload: w, reason: 'not available yet (accessReport is not in the schema)' });
          continue;
        }
        const problems = checkResponse(v, WORKLOADS[w], first, expectations);
        if (problems.length > 0) {
          log(`${v.id} ${w}: check FAILED: ${problems.slice(0, 3).join('; ')}`);
          notTimed.push({ variant: v.id, workload: w, reason: `response check failed: ${problems.slice(0, 3).join('; ')}` });
          continue;
        }
        const lat: number[] = [];
        const until = performance.now() + options.warmupS * 1000;
        do lat.push((await sendOnce(request)).ms);
        while (performance.now() < until || lat.length < 3);
        singleLatencyMs.set(cellKey(v.id, w, 1), median(lat.slice(Math.floor(lat.length / 2))));
        log(`${v.id} ${w}: checked; ${lat.length} warm-up requests, ${singleLatencyMs.get(cellKey(v.id, w, 1))!.toFixed(1)} ms each`);
        timed.push({ variant: v, workload: WORKLOADS[w], proc, request });
      }
    }

    const samples: RunSample[] = [];
    const total = options.rounds * workloads.reduce((n, w) => n + options.connections[w].length, 0);
    let step = 0;
    for (let round = 1; round <= options.rounds; round++) {
      for (const w of workloads) {
        for (const c of options.connections[w]) {
          step++;
          for (const t of timed.filter((x) => x.workload.name === w)) {
            const single = singleLatencyMs.get(cellKey(t.variant.id, w, 1)) ?? 0;
            const durationS = Math.min(options.maxDurationS, Math.max(options.durationS, (3 * single * c) / 1000));
            store.assertAlive();
            t.proc.assertAlive();
            await t.proc.reset();
            const load = await runLoad(t.request, c, durationS, options.maxDurationS + 30);
            const stats = await t.proc.quiesce();
            await pruneRunArtifacts(db, targets);
            samples.push({
              round,
              variant: t.variant.id,
              workload: w,
              connections: c,
              load,
              serverRequests: stats.requests,
              commands: stats.commands,
              commandsByName: stats.commandsByName,
              auditRecords: stats.auditRecords,
            });
            log(
              `[${step}/${total}] round ${round} ${w} ${c}c ${t.variant.id}: ${load.rps.toFixed(1)} req/s, p50 ${load.p50Ms.toFixed(1)} ms, p99 ${load.p99Ms.toFixed(1)} ms, ${(stats.commands / Math.max(1, stats.requests)).toFixed(2)} cmds/req${load.non2xx + load.errors + load.mismatches > 0 ? ` (non-2xx ${load.non2xx}, errors ${load.errors}, error bodies ${load.mismatches} ${JSON.stringify(load.errorCodes)})` : ''}`,
            );
          }
        }
      }
    }

    for (const [name, proc] of processes) peakRss[name] = (await proc.close())?.maxRssBytes ?? null;
    peakRss.store = (await store.stats()).maxRssBytes;
    processes.clear();

    const cells = aggregate(samples);
    const report = renderReport({
      machine: machineInfo(gitCommit()),
      options,
      command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
      startedAt,
      finishedAt: new Date(),
      cells,
      samples,
      goals: evaluateGoals(cells, options.connections),
      peakRss,
      notTimed,
      singleLatencyMs,
    });
    const out = path.resolve(ROOT, options.out);
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(out, report);
    log(`wrote ${path.relative(ROOT, out)}`);
    const goalsStart = report.indexOf('## Goals');
    process.stdout.write(`${report.slice(goalsStart, report.indexOf('## Results'))}`);
  } finally {
    for (const proc of processes.values()) await proc.close();
    await client.close().catch(() => undefined);
    await store.close();
  }
}

await main();
