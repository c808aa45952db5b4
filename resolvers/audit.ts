// The ledger queries. Thin: check the role, ask the audit queries, note the read so the audit
// plugin records it like any other disclosure (reading the ledger is itself audited).
import type { GatewayContext } from '../src/context';
import type { AuditEventFilter as FilterInput, QueryResolvers } from '../src/generated/graphql';
import { storedId } from '../src/audit/queries';
import { gatewayError } from '../src/errors';
import { callerBinding } from '../src/data/cursor';

const LEDGER_ROLES = new Set(['auditor', 'admin']);

function requireLedgerRole(ctx: GatewayContext): void {
  // graphql-shield's root rules (src/authz/rules.ts) decide first; this keeps the resolver safe
  // on its own.
  if (ctx.principal.role === null || !LEDGER_ROLES.has(ctx.principal.role) || ctx.principal.kind === 'bi') throw gatewayError('FORBIDDEN');
}

// Filter values are typed by the caller: each is cut to a length that keeps the description
// readable; the ledger masks what is stored (audit/free-text.ts).
const MAX_FILTER_VALUE = 100;

function describe(filter: FilterInput | null | undefined): Record<string, string> {
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

export const Query: QueryResolvers = {
  auditEvents: async (_root, { filter, first, after }, ctx) => {
    requireLedgerRole(ctx);
    const page = await ctx.audit.queries.events(filter, first, after, callerBinding(ctx.principal));
    ctx.audit.reads.push({
      field: 'Query.auditEvents',
      customerId: filter?.customerId != null ? storedId(filter.customerId) : null,
      reason: JSON.stringify({ filter: describe(filter), returned: page.nodes.length }),
    });
    return page;
  },
  accessReport: async (_root, { customerId }, ctx) => {
    requireLedgerRole(ctx);
    const report = await ctx.audit.queries.accessReport(customerId);
    ctx.audit.reads.push({
      field: 'Query.accessReport',
      customerId: storedId(customerId),
      reason: JSON.stringify({ entries: report.entries.length, events: report.totalEvents }),
    });
    return report;
  },
};
