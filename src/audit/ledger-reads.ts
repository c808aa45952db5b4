// Reading the ledger is itself audited: each auditEvents or accessReport answer is noted in the
// request's audit state and recorded with its disclosure records (plugin.ts). A note says what was
// asked and how much came back: identifiers and counts only, never the records themselves.
import { parseId } from '../data/ids';
import type { LedgerRead } from './record';

// Filter values are typed by the caller: each is cut to a length that keeps the description
// readable; the ledger masks what is stored (free-text.ts).
const MAX_FILTER_VALUE = 100;

/** Where a request keeps its ledger reads (its RequestAudit). */
export interface LedgerReads {
  readonly reads: LedgerRead[];
}

export function noteEventsRead(audit: LedgerReads, filter: { readonly customerId?: string | null } | null | undefined, returned: number): void {
  audit.reads.push({
    field: 'Query.auditEvents',
    customerId: filter?.customerId != null ? parseId(filter.customerId) : null,
    reason: JSON.stringify({ filter: describe(filter), returned }),
  });
}

export function noteAccessReportRead(audit: LedgerReads, customerId: string, report: { readonly entries: readonly unknown[]; readonly totalEvents: number }): void {
  audit.reads.push({
    field: 'Query.accessReport',
    customerId: parseId(customerId),
    reason: JSON.stringify({ entries: report.entries.length, events: report.totalEvents }),
  });
}

function describe(filter: object | null | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(filter ?? {})) {
    if (v === null || v === undefined) continue;
    const text = v instanceof Date ? v.toISOString() : String(v);
    out[k] =
      text.length > MAX_FILTER_VALUE
        ? `${Array.from(text)
            .slice(0, MAX_FILTER_VALUE - 1)
            .join('')}…`
        : text;
  }
  return out;
}
