// The harness's guard against measuring the wrong thing: before a variant is timed on a workload,
// one response is checked against what the store holds, shown the way that variant must show it
// (as stored, or masked by the policy for the caller). An error response, a missing row, a value
// that should be masked and is not: each is a problem, and a variant with problems is not timed.
import { isDeepStrictEqual } from 'node:util';
import type { Db, Document, ObjectId } from 'mongodb';
import { applyMask, type MaskContext } from '../src/masking';
import type { DataClass, Level } from '../src/policy/classes';
import type { CompiledPolicy } from '../src/policy/compile';
import { BENCH_CALLERS, type BenchCaller } from './tokens';
import { customerPage, DEALS_PER_CUSTOMER, dealsForCustomers } from './variants/crm-reads';
import type { VariantSpec } from './variants';
import type { Workload, WorkloadTargets } from './workloads';

export const CLASSIFIED: Readonly<Record<string, DataClass>> = {
  name: 'NAME',
  birthDate: 'BIRTH_DATE',
  phone: 'PHONE',
  email: 'EMAIL',
  idNumber: 'NATIONAL_ID',
  address: 'ADDRESS',
  bankCard: 'BANK_CARD',
};

/** What the store holds for the workloads: the largest page (newest first) and its deals. */
export interface Expectations {
  readonly policy: CompiledPolicy;
  readonly targets: WorkloadTargets;
  readonly page: readonly Document[];
  readonly byId: Document;
  readonly deals: ReadonlyMap<string, readonly Document[]>;
}

export async function loadExpectations(db: Db, policy: CompiledPolicy, targets: WorkloadTargets, rows = 1000): Promise<Expectations> {
  const page = await customerPage(db, rows);
  const byId = page.find((d) => hex(d._id) === targets.byId);
  if (!byId) throw new Error(`bench: byId target ${targets.byId} is not among the newest ${rows} customers`);
  const deals = await dealsForCustomers(
    db,
    page.map((d) => d._id as ObjectId),
  );
  return { policy, targets, page, byId, deals };
}

const hex = (id: unknown): string => (id as ObjectId).toHexString();
const FIXED_CONTEXT: Omit<MaskContext, 'gender'> = { tokenKey: Buffer.alloc(32), now: new Date(0) };

function levelFor(view: VariantSpec['view'], cls: DataClass, policy: CompiledPolicy): Level {
  return view === 'raw' ? 'clear' : policy.level(BENCH_CALLERS[view].role, cls, false);
}

/** One customer as a variant with this view must serve it. */
export function expectedCustomer(doc: Document, deals: readonly Document[], view: VariantSpec['view'], policy: CompiledPolicy): Record<string, unknown> {
  const ctx: MaskContext = { ...FIXED_CONTEXT, gender: doc.gender === 'M' || doc.gender === 'F' ? doc.gender : null };
  const out: Record<string, unknown> = { id: hex(doc._id) };
  for (const field of ['name', 'gender', 'birthDate', 'phone', 'email', 'idNumber', 'address', 'bankCard', 'segment', 'tier', 'lifetimeValue']) {
    const cls = CLASSIFIED[field];
    out[field] = cls ? applyMask(cls, doc[field], levelFor(view, cls, policy), ctx).value : (doc[field] ?? null);
  }
  out.deals = deals
    .slice(0, DEALS_PER_CUSTOMER)
    .map((d) => ({ id: hex(d._id), title: d.title ?? null, amount: d.amount ?? null, currency: d.currency ?? null, stage: d.stage ?? null }));
  return out;
}

export interface CheckedResponse {
  readonly status: number;
  readonly body: unknown;
}

/** Problems with one response of `variant` to `workload`; empty when it is what it must be. */
export function checkResponse(variant: VariantSpec, workload: Workload, response: CheckedResponse, exp: Expectations): string[] {
  const problems: string[] = [];
  if (response.status !== 200) problems.push(`HTTP ${response.status}`);
  const body = response.body as { data?: Record<string, unknown> | null; errors?: { message?: string; extensions?: { code?: string } }[] } | null;
  if (body === null || typeof body !== 'object') return [...problems, 'the body is not a JSON object'];
  if (body.errors !== undefined) {
    const first = body.errors[0];
    problems.push(`GraphQL errors: ${body.errors.length} (first: ${first?.extensions?.code ?? 'no code'}: ${first?.message ?? ''})`);
  }
  if (!body.data) return [...problems, 'no data'];

  if (workload.name === 'accessReport') return [...problems, ...checkAccessReport(body.data.accessReport, exp)];

  let nodes: unknown[];
  let docs: readonly Document[];
  if (workload.name === 'byId') {
    nodes = [body.data.customer];
    docs = [exp.byId];
  } else {
    const page = body.data.customers as { nodes?: unknown[] } | null | undefined;
    nodes = page?.nodes ?? [];
    docs = exp.page.slice(0, workload.rows);
  }
  if (nodes.length !== docs.length) return [...problems, `expected ${docs.length} customers, got ${nodes.length}`];
  for (let i = 0; i < docs.length; i++) {
    const doc = docs[i]!;
    const want = expectedCustomer(doc, exp.deals.get(hex(doc._id)) ?? [], variant.view, exp.policy);
    const got = nodes[i];
    if (!isDeepStrictEqual(got, want)) {
      problems.push(`customer #${i} (${hex(doc._id)}): ${firstDifference(got, want)}`);
      if (problems.length >= 5) break;
    }
    problems.push(...maskingProblems(variant, doc, got as Record<string, unknown> | null, exp.policy, i));
  }
  return problems;
}

/**
 * Independent of the maskers: a field the policy masks for this caller must not arrive as the
 * stored value, and a field served clear must. (Catches a masker that passes values through.)
 */
function maskingProblems(variant: VariantSpec, doc: Document, got: Record<string, unknown> | null, policy: CompiledPolicy, i: number): string[] {
  if (got === null || typeof got !== 'object') return [];
  const problems: string[] = [];
  for (const [field, cls] of Object.entries(CLASSIFIED)) {
    const raw = doc[field];
    if (typeof raw !== 'string') continue;
    const level = levelFor(variant.view, cls, policy);
    if (level !== 'clear' && got[field] === raw) problems.push(`customer #${i}: ${field} must be ${level} for ${variant.view} but arrived as stored`);
    if (level === 'clear' && got[field] !== raw) problems.push(`customer #${i}: ${field} must arrive as stored`);
  }
  return problems;
}

/** The report must name the customer and show both callers' reads at the levels they were served. */
function checkAccessReport(report: unknown, exp: Expectations): string[] {
  const r = report as { customerId?: string; totalEvents?: number; entries?: { subject: string; field: string; level: string; count: number }[] } | null;
  if (!r || typeof r !== 'object') return ['no accessReport'];
  const problems: string[] = [];
  if (r.customerId !== exp.targets.accessReport) problems.push(`accessReport for ${r.customerId}, expected ${exp.targets.accessReport}`);
  if (!Array.isArray(r.entries) || r.entries.length === 0) return [...problems, 'accessReport has no entries'];
  for (const caller of Object.keys(BENCH_CALLERS) as BenchCaller[]) {
    const { sub, role } = BENCH_CALLERS[caller];
    const level = exp.policy.level(role, 'PHONE', false);
    if (!r.entries.some((e) => e.subject === sub && e.field === 'Customer.phone' && e.level === level && e.count > 0)) {
      problems.push(`accessReport lacks ${sub} reading Customer.phone at ${level}`);
    }
  }
  return problems;
}

function firstDifference(got: unknown, want: unknown, path = ''): string {
  if (isDeepStrictEqual(got, want)) return 'equal';
  if (typeof got !== 'object' || typeof want !== 'object' || got === null || want === null || Array.isArray(got) !== Array.isArray(want)) {
    return `${path || 'value'}: got ${JSON.stringify(got)?.slice(0, 80)}, expected ${JSON.stringify(want)?.slice(0, 80)}`;
  }
  const keys = new Set([...Object.keys(got), ...Object.keys(want)]);
  for (const key of keys) {
    const a = (got as Record<string, unknown>)[key];
    const b = (want as Record<string, unknown>)[key];
    if (!isDeepStrictEqual(a, b)) return firstDifference(a, b, path ? `${path}.${key}` : key);
  }
  return `${path}: differs`;
}
