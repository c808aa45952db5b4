// The ledger queries. Thin: check the role, ask the audit queries, and have the read noted so the
// audit plugin records it like any other disclosure (reading the ledger is itself audited).
import { noteAccessReportRead, noteEventsRead } from '../src/audit/ledger-reads';
import type { GatewayContext } from '../src/context';
import { callerBinding } from '../src/data/cursor';
import { gatewayError } from '../src/errors';
import type { QueryResolvers } from '../src/generated/graphql';

const LEDGER_ROLES = new Set(['auditor', 'admin']);

function requireLedgerRole(ctx: GatewayContext): void {
  // graphql-shield's root rules (src/authz/rules.ts) decide first; this keeps the resolver safe
  // on its own.
  if (ctx.principal.role === null || !LEDGER_ROLES.has(ctx.principal.role) || ctx.principal.kind === 'bi') throw gatewayError('FORBIDDEN');
}

export const Query: QueryResolvers = {
  auditEvents: async (_root, { filter, first, after }, ctx) => {
    requireLedgerRole(ctx);
    const page = await ctx.audit.queries.events(filter, first, after, callerBinding(ctx.principal));
    noteEventsRead(ctx.audit, filter, page.nodes.length);
    return page;
  },
  accessReport: async (_root, { customerId }, ctx) => {
    requireLedgerRole(ctx);
    const report = await ctx.audit.queries.accessReport(customerId);
    noteAccessReportRead(ctx.audit, customerId, report);
    return report;
  },
};
