// `npm run soak`: the full gateway (AUDIT_MODE=sync) under a mixed load for a long time, started
// like `npm run bench` starts it (store and gateway in processes of their own). Pages of 100 and
// 1,000 and byId as admin and as support, and accessReport as admin, at 50 clients for 10 minutes
// by default. Reports, each against its goal: non-2xx responses (none), audit records written
// against classified values served (equal), the gateway's RSS slope (flat within noise) and its
// event-loop delay. Writes docs/soak.md. Flags: --duration S, --connections N, --customers N,
// --sample S (RSS sampling interval), --out FILE.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { BenchProcess } from './child';
import type { LoadRequest } from './load';
import { machineInfo } from './machine';
import { auditedClassified, countClassified } from './served-audit';
import { checkVariant, gitCommit, logger, openSession, primeAccessReport, ROOT, startProcesses } from './session';
import { linearTrend, percentile } from './stats';
import { VARIANTS, type VariantId } from './variants';
import { WORKLOADS, type WorkloadName } from './workloads';

const log = logger('soak');

/**
 * The mix: one stream per (caller, workload); clients are dealt to the streams in turn. Support
 * has no 1,000-row page: its query cost limit (20,000 objects, policy/default.json) refuses a page
 * of 1,000 customers with 20 deals each, as it should.
 */
const STREAMS: readonly (readonly [VariantId, WorkloadName])[] = [
  ['gw-admin', 'page100'],
  ['gw-support', 'page100'],
  ['gw-admin', 'byId'],
  ['gw-support', 'byId'],
  ['gw-admin', 'page1000'],
  ['gw-admin', 'accessReport'],
];

/** RSS is "flat" when its trend is within two standard errors of zero, or under this. */
const FLAT_MB_PER_MIN = 0.5;
/** Fewer samples after warm-up decide nothing (a short run, or a long --sample). */
const MIN_RSS_SAMPLES = 10;

interface StreamResult {
  readonly label: string;
  ok: number;
  non2xx: number;
  failed: number;
  errorBodies: number;
  readonly latencies: number[];
  /** Non-2xx statuses and error bodies, by status and `extensions.code`. */
  readonly problems: Record<string, number>;
}

/**
 * `connections` clients, each sending its stream's request again as soon as the last answer is
 * read (or, after a refusal with Retry-After, once that has passed), until the deadline; then every request already sent is awaited (none is dropped), so each
 * response the gateway audited is one the soak received and counted.
 */
async function soakLoad(streams: readonly { label: string; request: LoadRequest }[], connections: number, durationS: number, served: Map<string, number>): Promise<StreamResult[]> {
  const results: StreamResult[] = streams.map((s) => ({ label: s.label, ok: 0, non2xx: 0, failed: 0, errorBodies: 0, latencies: [], problems: {} }));
  const deadline = performance.now() + durationS * 1000;
  const client = async (i: number) => {
    const { request } = streams[i % streams.length]!;
    const result = results[i % streams.length]!;
    while (performance.now() < deadline) {
      const started = performance.now();
      try {
        const res = await fetch(request.url, { method: request.method, headers: request.headers, ...(request.body === undefined ? {} : { body: request.body }) });
        const body = await res.text();
        countClassified(body, served);
        const bad = res.status < 200 || res.status >= 300;
        if (bad || body.includes('"errors":')) {
          if (bad) result.non2xx++;
          else result.errorBodies++;
          const key = `${res.status} ${/"code":"([A-Za-z_]+)"/.exec(body)?.[1] ?? 'no code'}`;
          result.problems[key] = (result.problems[key] ?? 0) + 1;
          // A client that is shed (503 OVERLOADED) or limited (429) waits as Retry-After says, as a well-behaved one does.
          const retryS = Number(res.headers.get('retry-after'));
          if (retryS > 0) await new Promise((r) => setTimeout(r, Math.min(retryS * 1000, Math.max(0, deadline - performance.now()))));
        } else {
          result.ok++;
          result.latencies.push(performance.now() - started);
        }
      } catch (err) {
        result.failed++;
        const key = `failed: ${(err as Error).cause ?? (err as Error).message}`;
        result.problems[key] = (result.problems[key] ?? 0) + 1;
      }
    }
  };
  await Promise.all(Array.from({ length: connections }, (_, i) => client(i)));
  return results;
}

function parseOptions(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      duration: { type: 'string', default: '600' },
      connections: { type: 'string', default: '50' },
      customers: { type: 'string', default: '1100' },
      sample: { type: 'string', default: '5' },
      out: { type: 'string', default: 'docs/soak.md' },
    },
    strict: true,
  });
  const num = (name: string, raw: string, min: number) => {
    const n = Number(raw);
    if (!Number.isFinite(n) || n < min) throw new Error(`--${name}: expected a number ≥ ${min}, got "${raw}"`);
    return n;
  };
  return {
    durationS: num('duration', values.duration, 5),
    connections: Math.floor(num('connections', values.connections, 1)),
    customers: Math.floor(num('customers', values.customers, 1001)),
    sampleS: num('sample', values.sample, 0.5),
    out: values.out,
  };
}

const fmt = (n: number, digits = 0) => (Number.isFinite(n) ? n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }) : '—');
const status = (ok: boolean) => (ok ? '**met**' : '**not met**');

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const startedAt = new Date();
  log(`starting the store (${options.customers} customers, seed 1)`);
  const session = await openSession(options.customers);
  let gateway: BenchProcess | undefined;
  try {
    const { started, failed } = await startProcesses(session, ['gateway']);
    if (failed.size > 0) throw new Error(`gateway: ${failed.get('gateway')}`);
    gateway = started.get('gateway')!;
    await primeAccessReport(session, gateway.url);
    const streams: { label: string; request: LoadRequest }[] = [];
    for (const [id, w] of STREAMS) {
      const variant = VARIANTS.find((v) => v.id === id)!;
      const checked = await checkVariant(session, variant, WORKLOADS[w], gateway.url);
      if (!checked?.ok) throw new Error(`${id} ${w}: ${checked?.reason ?? 'no request'}`);
      streams.push({ label: `${w} (${variant.caller})`, request: checked.request });
    }
    if (options.connections < streams.length) log(`only ${options.connections} clients for ${streams.length} streams: the last streams get none`);

    await gateway.quiesce();
    const before = await auditedClassified(session.db);
    await gateway.reset();
    log(`${options.connections} clients for ${options.durationS} s: ${streams.map((s) => s.label).join(', ')}`);
    const rss: { minutes: number; mb: number }[] = [];
    const t0 = performance.now();
    const proc = gateway;
    const sampler = setInterval(() => {
      void proc
        .stats()
        .then((s) => rss.push({ minutes: (performance.now() - t0) / 60_000, mb: s.rssBytes / 2 ** 20 }))
        .catch(() => undefined);
    }, options.sampleS * 1000);
    const progress = setInterval(() => log(`${Math.round((performance.now() - t0) / 1000)} s, RSS ${fmt(rss.at(-1)?.mb ?? Number.NaN)} MiB`), 60_000);
    const served = new Map<string, number>();
    const results = await soakLoad(streams, options.connections, options.durationS, served);
    const elapsedS = (performance.now() - t0) / 1000;
    clearInterval(sampler);
    clearInterval(progress);
    session.store.assertAlive();
    gateway.assertAlive();
    const final = await gateway.quiesce();
    const after = await auditedClassified(session.db);

    // Goals.
    const non2xx = results.reduce((n, r) => n + r.non2xx + r.failed + r.errorBodies, 0);
    const coordinates = [...new Set([...served.keys(), ...after.keys()])].sort();
    const audited = (c: string) => (after.get(c) ?? 0) - (before.get(c) ?? 0);
    const servedTotal = [...served.values()].reduce((a, b) => a + b, 0);
    const auditedTotal = coordinates.reduce((n, c) => n + audited(c), 0);
    const auditEqual = coordinates.every((c) => audited(c) === (served.get(c) ?? 0));
    // The first fifth (at most a minute) is warm-up: caches and JIT fill, RSS climbs to its plateau.
    const warm = Math.min(1, options.durationS / 5 / 60);
    const trend = linearTrend(rss.filter((s) => s.minutes >= warm).map((s) => [s.minutes, s.mb] as const));
    const flat = Number.isFinite(trend.slope) && (Math.abs(trend.slope) <= 2 * trend.standardError || Math.abs(trend.slope) < FLAT_MB_PER_MIN);
    const loop = final.eventLoopDelayMs;

    const machine = machineInfo(gitCommit());
    const lines = [
      '# Soak',
      '',
      `Generated by \`npm run soak${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}\` on ${new Date().toISOString()} (run took ${Math.round((Date.now() - startedAt.getTime()) / 1000)} s)${machine.gitCommit ? ` at commit \`${machine.gitCommit.slice(0, 12)}\`` : ''}; this file is overwritten. Machine: ${machine.cpuModel} × ${machine.cpus}, Node ${machine.node}.`,
      '',
      `The full gateway (\`AUDIT_MODE=sync\`, limits on: bench/variants/gateway.ts) on the embedded store seeded with ${fmt(options.customers)} customers, ${options.connections} clients for ${fmt(elapsedS)} s, each client sending one stream's request again as soon as it has read the last answer (after a refusal with Retry-After, once that has passed; 503 OVERLOADED is the gateway's load shedding, \`MAX_INFLIGHT\` / \`MAX_EVENT_LOOP_DELAY\`): ${streams.map((s) => s.label).join(', ')} (clients dealt to the streams in turn). At the deadline no request is dropped: every one sent is answered and read.`,
      '',
      '## Goals',
      '',
      '| goal | measured | status |',
      '|---|---|---|',
      `| no non-2xx responses, failed requests or error bodies | ${fmt(non2xx)} of ${fmt(results.reduce((n, r) => n + r.ok + r.non2xx + r.failed + r.errorBodies, 0))} | ${status(non2xx === 0)} |`,
      `| audit records written = classified values served (per field) | ${fmt(auditedTotal)} records for ${fmt(servedTotal)} values${auditEqual ? '' : `; differ on ${coordinates.filter((c) => audited(c) !== (served.get(c) ?? 0)).join(', ')}`} | ${status(auditEqual && servedTotal > 0)} |`,
      `| gateway RSS flat within noise (slope within 2 standard errors of 0, or under ${FLAT_MB_PER_MIN} MB/min) | ${fmt(trend.slope, 2)} ± ${fmt(trend.standardError, 2)} MB/min over ${trend.n} samples after ${fmt(warm * 60)} s of warm-up (${fmt(rss.find((s) => s.minutes >= warm)?.mb ?? Number.NaN)} → ${fmt(rss.at(-1)?.mb ?? Number.NaN)} MiB; peak ${fmt(final.maxRssBytes / 2 ** 20)} MiB) | ${trend.n < MIN_RSS_SAMPLES ? `**not measured** (fewer than ${MIN_RSS_SAMPLES} samples)` : status(flat)} |`,
      `| event-loop delay p99 of the gateway (reported; issue 16 sets no threshold) | p50 ${fmt(loop.p50, 1)} ms, p99 ${fmt(loop.p99, 1)} ms, max ${fmt(loop.max, 1)} ms | reported |`,
      '',
      '## Streams',
      '',
      '| stream | 2xx | req/s | p50 ms | p99 ms | non-2xx | failed | error bodies | by status and code |',
      '|---|---:|---:|---:|---:|---:|---:|---:|---|',
      ...results.map(
        (r) =>
          `| ${r.label} | ${fmt(r.ok)} | ${fmt(r.ok / elapsedS, 1)} | ${fmt(percentile(r.latencies, 50), 1)} | ${fmt(percentile(r.latencies, 99), 1)} | ${r.non2xx} | ${r.failed} | ${r.errorBodies} | ${
            Object.entries(r.problems)
              .map(([k, n]) => `${k} ×${n}`)
              .join(', ') || '—'
          } |`,
      ),
      '',
      '## Audit, per field',
      '',
      'Values served: `"field":` members of the classified fields in every response body the soak read (a null is served as hidden, and audited). Records: the ledger batches read back with the driver after the run, each group counting entries × documents, less what the ledger held before the load (the accessReport history and the checks).',
      '',
      '| field | values served | audit records |',
      '|---|---:|---:|',
      ...coordinates.map((c) => `| ${c} | ${fmt(served.get(c) ?? 0)} | ${fmt(audited(c))} |`),
      '',
      '## Method',
      '',
      `- Gateway RSS sampled every ${options.sampleS} s over the harness's IPC channel (\`process.memoryUsage.rss()\` in the gateway process); the slope is a least-squares line through the samples after warm-up, its standard error from the residuals. Event-loop delay: \`perf_hooks.monitorEventLoopDelay\` (10 ms resolution) in the gateway process, reset when the load starts.`,
      '- Before the load, each stream answers once and is checked against the store (`bench/check.ts`), as in `npm run bench`.',
      '',
    ];
    const out = path.resolve(ROOT, options.out);
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(out, lines.join('\n'));
    log(`wrote ${path.relative(ROOT, out)}`);
    process.stdout.write(`${lines.slice(lines.indexOf('## Goals'), lines.indexOf('## Streams')).join('\n')}\n`);
  } finally {
    await gateway?.close();
    await session.close();
  }
}

await main();
