// What `npm run bench` and `npm run soak` share: the seeded store in its own process, the variant
// processes, the accessReport customer's primed history, and the one checked answer every
// variant × workload gives before it is put under load.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MongoClient, type Db } from 'mongodb';
import { loadPolicy } from '../src/policy/load';
import { BenchProcess } from './child';
import { checkResponse, loadExpectations, type Expectations } from './check';
import type { LoadRequest } from './load';
import { requestFor, sendOnce } from './request';
import { BENCH_DB } from './store-process';
import { createBenchSecrets, signBenchTokens, type BenchCaller, type BenchSecrets } from './tokens';
import { PROCESSES, VARIANTS, type ProcessName, type VariantSpec } from './variants';
import { PAGE_SORT } from './variants/crm-reads';
import { WORKLOADS, type Workload, type WorkloadTargets } from './workloads';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** A progress line on stderr, stamped with seconds since `t0`. */
export function logger(tag: string, t0 = performance.now()): (message: string) => void {
  return (message) => process.stderr.write(`[${tag} ${((performance.now() - t0) / 1000).toFixed(0).padStart(4)} s] ${message}\n`);
}

export function gitCommit(): string | null {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
}

export interface BenchSession {
  readonly store: BenchProcess;
  readonly client: MongoClient;
  readonly db: Db;
  readonly targets: WorkloadTargets;
  readonly expectations: Expectations;
  readonly secrets: BenchSecrets;
  readonly tokens: Record<BenchCaller, string>;
  /** Environment every variant process gets: the store's address and the run's keys. */
  readonly childEnv: Record<string, string>;
  close(): Promise<void>;
}

/** byId reads the customer at `byIdRank` (newest first, inside every page); accessReport the oldest, outside every page. */
export async function pickTargets(db: Db, byIdRank: number): Promise<WorkloadTargets> {
  const ids = (
    await db
      .collection('customers')
      .find({}, { projection: { _id: 1 } })
      .sort(PAGE_SORT)
      .toArray()
  ).map((d) => d._id.toHexString());
  return { byId: ids[byIdRank]!, accessReport: ids[ids.length - 1]! };
}

/** Starts the store seeded with `customers` (seed 1), picks the id workloads' customers, signs the tokens. */
export async function openSession(customers: number): Promise<BenchSession> {
  const secrets = createBenchSecrets();
  // The heap limit is headroom only: the bench prunes the ledger between runs (pruneRunArtifacts).
  const store = await BenchProcess.start('store', 'bench/store-process.ts', { BENCH_CUSTOMERS: String(customers) }, ['--max-old-space-size=6144']);
  const client = new MongoClient(store.url);
  try {
    await client.connect();
    const db = client.db(BENCH_DB);
    const targets = await pickTargets(db, 499);
    const expectations = await loadExpectations(db, loadPolicy(null), targets);
    const tokens = await signBenchTokens(secrets);
    return {
      store,
      client,
      db,
      targets,
      expectations,
      secrets,
      tokens,
      childEnv: { BENCH_MONGO_URI: store.url, BENCH_DB, ...secrets },
      async close() {
        await client.close().catch(() => undefined);
        await store.close();
      },
    };
  } catch (err) {
    await client.close().catch(() => undefined);
    await store.close();
    throw err;
  }
}

/** Starts the processes in parallel; the ones that fail are returned with the reason instead. */
export async function startProcesses(session: BenchSession, names: readonly ProcessName[]): Promise<{ started: Map<ProcessName, BenchProcess>; failed: Map<ProcessName, string> }> {
  const started = new Map<ProcessName, BenchProcess>();
  const failed = new Map<ProcessName, string>();
  const results = await Promise.allSettled(names.map((name) => BenchProcess.start(name, PROCESSES[name].file, { ...session.childEnv, ...PROCESSES[name].env })));
  results.forEach((result, i) => {
    if (result.status === 'fulfilled') started.set(names[i]!, result.value);
    else failed.set(names[i]!, `process did not start: ${String((result.reason as Error)?.message ?? result.reason).split('\n')[0]}`);
  });
  return { started, failed };
}

/** accessReport's customer gets an audit history: both gateway callers read it a few times. */
export async function primeAccessReport(session: BenchSession, gatewayUrl: string): Promise<void> {
  for (const reader of VARIANTS.filter((v) => v.process === 'gateway')) {
    const read = requestFor(reader, WORKLOADS.byId, gatewayUrl, { ...session.targets, byId: session.targets.accessReport }, session.tokens)!;
    for (let i = 0; i < 3; i++) await sendOnce(read);
  }
}

export type Checked = { readonly ok: true; readonly request: LoadRequest; readonly bytes: number } | { readonly ok: false; readonly reason: string };

/** One request, checked against the store; only a variant × workload that passes is put under load. */
export async function checkVariant(session: BenchSession, variant: VariantSpec, workload: Workload, baseUrl: string): Promise<Checked | null> {
  const request = requestFor(variant, workload, baseUrl, session.targets, session.tokens);
  if (!request) return null;
  const first = await sendOnce(request);
  const code = (first.body as { errors?: { extensions?: { code?: string } }[] } | null)?.errors?.[0]?.extensions?.code;
  if (workload.name === 'accessReport' && code === 'GRAPHQL_VALIDATION_FAILED') return { ok: false, reason: 'not available yet (accessReport is not in the schema)' };
  const problems = checkResponse(variant, workload, first, session.expectations);
  if (problems.length > 0) return { ok: false, reason: `response check failed: ${problems.slice(0, 3).join('; ')}` };
  return { ok: true, request, bytes: first.bytes };
}
