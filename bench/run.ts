// `npm run bench`: starts the shared store and every variant in its own process, checks each
// variant's answer to each workload once, warms up, then runs the interleaved rounds with
// autocannon and writes docs/benchmarks.md. Flags: --quick, --duration S, --max-duration S,
// --rounds N, --connections 1,10,50, --connections-1000 1,10,50, --warmup S, --customers N,
// --workloads a,b, --variants a,b, --out FILE (charts go to FILE without .md, one SVG per workload).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { workloadChart } from './chart';
import type { BenchProcess } from './child';
import { evaluateGoals } from './goals';
import { runLoad, type LoadRequest } from './load';
import { sendOnce } from './request';
import { machineInfo } from './machine';
import { renderReport, type ReportInput, type RunOptions } from './report';
import { aggregate, cellKey, type RunSample } from './results';
import { pruneRunArtifacts } from './prune';
import { checkVariant, gitCommit, logger, openSession, primeAccessReport, ROOT, startProcesses } from './session';
import { median } from './stats';
import { VARIANTS, type ProcessName, type VariantSpec } from './variants';
import { WORKLOAD_ORDER, WORKLOADS, type Workload, type WorkloadName } from './workloads';

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

const log = logger('bench');

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const startedAt = new Date();
  const variants = VARIANTS.filter((v) => options.variants.includes(v.id));
  const workloads = options.workloads;
  const notTimed: ReportInput['notTimed'][number][] = [];
  const peakRss: ReportInput['peakRss'] = {};

  log(`starting the store (${options.customers} customers, seed 1)`);
  const session = await openSession(options.customers);
  const { store, db, targets } = session;
  let processes = new Map<ProcessName, BenchProcess>();
  try {
    const names = [...new Set(variants.map((v) => v.process))];
    log(`starting ${names.join(', ')}`);
    const { started, failed } = await startProcesses(session, names);
    processes = started;
    for (const [name, reason] of failed) {
      log(`${name}: ${reason}`);
      for (const v of variants.filter((x) => x.process === name)) notTimed.push({ variant: v.id, workload: '*', reason });
      peakRss[name] = null;
    }

    const gateway = processes.get('gateway');
    if (gateway && workloads.includes('accessReport')) await primeAccessReport(session, gateway.url);

    // Check each variant × workload once, then warm it up; only checked pairs are timed.
    const timed: { variant: VariantSpec; workload: Workload; proc: BenchProcess; request: LoadRequest }[] = [];
    const singleLatencyMs = new Map<string, number>();
    const bodyBytes = new Map<string, number>();
    for (const w of workloads) {
      for (const v of variants) {
        const proc = processes.get(v.process);
        if (!proc || !v.workloads.includes(w)) continue;
        const checked = await checkVariant(session, v, WORKLOADS[w], proc.url);
        if (checked === null) continue;
        if (!checked.ok) {
          log(`${v.id} ${w}: ${checked.reason}`);
          notTimed.push({ variant: v.id, workload: w, reason: checked.reason });
          continue;
        }
        const { request } = checked;
        bodyBytes.set(cellKey(v.id, w, 1), checked.bytes);
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
    const out = path.resolve(ROOT, options.out);
    const chartDir = out.replace(/\.md$/, '');
    mkdirSync(chartDir, { recursive: true });
    const charts: { workload: WorkloadName; href: string }[] = [];
    for (const w of workloads) {
      const file = path.join(chartDir, `${w}.svg`);
      const chart = workloadChart(cells, w, variants, options.connections[w]);
      if (chart === null) continue;
      writeFileSync(file, chart);
      charts.push({ workload: w, href: path.relative(path.dirname(out), file).split(path.sep).join('/') });
    }
    const report = renderReport({
      machine: machineInfo(gitCommit()),
      options,
      command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
      startedAt,
      finishedAt: new Date(),
      cells,
      samples,
      goals: evaluateGoals(cells, options.connections, peakRss),
      peakRss,
      notTimed,
      singleLatencyMs,
      bodyBytes,
      charts,
    });
    writeFileSync(out, report);
    log(`wrote ${path.relative(ROOT, out)}`);
    const goalsStart = report.indexOf('## Goals');
    process.stdout.write(`${report.slice(goalsStart, report.indexOf('## Results'))}`);
  } finally {
    for (const proc of processes.values()) await proc.close();
    await session.close();
  }
}

await main();
