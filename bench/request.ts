// The HTTP request each variant is sent for a workload, and a one-off send for checks and warm-up.
import type { LoadRequest } from './load';
import type { BenchCaller } from './tokens';
import type { VariantSpec } from './variants';
import type { Workload, WorkloadTargets } from './workloads';

/** Null when the variant has no equivalent of the workload (the floor has no accessReport). */
export function requestFor(variant: VariantSpec, workload: Workload, baseUrl: string, targets: WorkloadTargets, tokens: Record<BenchCaller, string>): LoadRequest | null {
  const headers: Record<string, string> = {};
  if (variant.caller) headers.authorization = `Bearer ${tokens[variant.caller]}`;
  if (variant.protocol === 'rest') {
    const p = workload.rest(targets);
    return p === null ? null : { url: `${baseUrl}${p}`, method: 'GET', headers };
  }
  const { query, variables } = workload.graphql(targets);
  return { url: baseUrl, method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) };
}

/** One request; `bytes` is the size of the response body as sent (UTF-8). */
export async function sendOnce(req: LoadRequest): Promise<{ status: number; body: unknown; bytes: number; ms: number }> {
  const started = performance.now();
  const res = await fetch(req.url, { method: req.method, headers: req.headers, ...(req.body === undefined ? {} : { body: req.body }) });
  const text = await res.text();
  const elapsed = performance.now() - started;
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    body = null;
  }
  return { status: res.status, body, bytes: Buffer.byteLength(text), ms: elapsed };
}
