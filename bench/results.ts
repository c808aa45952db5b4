// Timed runs → per-cell medians (variant × workload × clients) and ratios. Raw runs are kept for
// the report; every summary number is a median over rounds, never a single run.
import type { LoadResult } from './load';
import { median } from './stats';
import type { VariantId } from './variants';
import type { WorkloadName } from './workloads';

export interface RunSample {
  readonly round: number;
  readonly variant: VariantId;
  readonly workload: WorkloadName;
  readonly connections: number;
  readonly load: LoadResult;
  /** HTTP requests the server started during the run (completed or abandoned at the deadline). */
  readonly serverRequests: number;
  readonly commands: number;
  readonly commandsByName: Record<string, number>;
  /** Audit records durably written during the run; null for variants that write none. */
  readonly auditRecords: number | null;
}

export interface Cell {
  readonly variant: VariantId;
  readonly workload: WorkloadName;
  readonly connections: number;
  readonly runs: number;
  /** Runs with errors, non-2xx or error bodies; their numbers are excluded. */
  readonly invalidRuns: number;
  readonly rps: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Bytes received per 2xx response under load (headers included). */
  readonly bytesPerResponse: number;
  readonly commandsPerRequest: number;
  readonly auditRecordsPerS: number | null;
  /** Error codes seen in the bodies of invalid runs, counted. */
  readonly errorCodes: Record<string, number>;
}

export const cellKey = (variant: VariantId, workload: WorkloadName, connections: number): string => `${variant}|${workload}|${connections}`;

export function isValidRun(s: RunSample): boolean {
  return s.load.completed > 0 && s.load.non2xx === 0 && s.load.errors === 0 && s.load.mismatches === 0;
}

export function commandsPerRequest(s: RunSample): number {
  return s.serverRequests === 0 ? Number.NaN : s.commands / s.serverRequests;
}

export function auditRecordsPerS(s: RunSample): number | null {
  return s.auditRecords === null ? null : s.auditRecords / s.load.durationS;
}

export function aggregate(samples: readonly RunSample[]): Map<string, Cell> {
  const groups = new Map<string, RunSample[]>();
  for (const s of samples) {
    const key = cellKey(s.variant, s.workload, s.connections);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = []));
    group.push(s);
  }
  const cells = new Map<string, Cell>();
  for (const [key, group] of groups) {
    const valid = group.filter(isValidRun);
    const first = group[0]!;
    const audit = valid.map(auditRecordsPerS);
    cells.set(key, {
      variant: first.variant,
      workload: first.workload,
      connections: first.connections,
      runs: group.length,
      invalidRuns: group.length - valid.length,
      rps: median(valid.map((s) => s.load.rps)),
      p50Ms: median(valid.map((s) => s.load.p50Ms)),
      p99Ms: median(valid.map((s) => s.load.p99Ms)),
      bytesPerResponse: median(valid.map((s) => s.load.bytesPerResponse)),
      commandsPerRequest: median(valid.map(commandsPerRequest)),
      auditRecordsPerS: audit.some((a) => a === null) || audit.length === 0 ? null : median(audit as number[]),
      errorCodes: mergeCounts(group.map((s) => s.load.errorCodes)),
    });
  }
  return cells;
}

/** Ratio of median throughputs, NaN when either side was not measured. */
export function throughputRatio(cells: ReadonlyMap<string, Cell>, a: VariantId, b: VariantId, workload: WorkloadName, connections: number): number {
  const x = cells.get(cellKey(a, workload, connections));
  const y = cells.get(cellKey(b, workload, connections));
  if (!x || !y) return Number.NaN;
  return x.rps / y.rps;
}

function mergeCounts(counts: readonly Record<string, number>[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of counts) for (const [k, n] of Object.entries(c)) out[k] = (out[k] ?? 0) + n;
  return out;
}
