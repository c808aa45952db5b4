// Who may call which root field and mutation (graphql-shield rules). Every root field has an
// explicit entry; a field without one is denied (shield.ts sets the fallback to deny and refuses
// to start when an entry is missing). Rules read only the principal, so they are checked once per
// root field and cached per request ('contextual' keys on the rule name — safe only because
// nothing here depends on the parent or the arguments).
import { and, rule, type IRules } from 'graphql-shield';
import type { GatewayContext } from '../context';
import type { Role } from '../policy/roles';

const hasRole = (...roles: Role[]) =>
  rule(`role:${roles.join('|')}`, { cache: 'contextual' })((_parent, _args, ctx: GatewayContext) => ctx.principal.role !== null && roles.includes(ctx.principal.role));

/** BI tokens (issued to tools, revocable) reach aggregates only, never row-level queries. */
const userToken = rule('kind:not-bi', { cache: 'contextual' })((_parent, _args, ctx: GatewayContext) => ctx.principal.kind !== 'bi');

/**
 * Row-level reads: interactive tokens, or a BI token running a registered report it is allowed
 * to run (the report runner sets ctx.report; text sent by a BI token never gets that far, the
 * HTTP layer refuses it). Masking, scope and audit are the same as for anyone else.
 */
const userTokenOrReport = rule('kind:not-bi-or-report', { cache: 'contextual' })((_parent, _args, ctx: GatewayContext) => ctx.principal.kind !== 'bi' || ctx.report !== null);

const anyVerifiedToken = rule('verified', { cache: 'contextual' })(() => true);

// graphql-shield requires one rule object per name: each role set is built once.
const staff = hasRole('admin', 'manager', 'sales', 'support');
const customerReaders = and(hasRole('admin', 'manager', 'sales', 'support', 'analyst'), userTokenOrReport);
const customerWriters = and(staff, userToken);
const ledgerReaders = and(hasRole('auditor', 'admin'), userToken);
const aggregateReaders = hasRole('analyst', 'admin');

export const ROOT_RULES: IRules = {
  Query: {
    me: anyVerifiedToken,
    customer: customerReaders,
    customers: customerReaders,
    deal: customerReaders,
    deals: customerReaders,
    interactions: customerReaders,
    // Aggregates are the analyst's (and BI tools') way in; admins may check them.
    customerStats: aggregateReaders,
    dealStats: aggregateReaders,
    interactionStats: aggregateReaders,
    // The audit ledger: compliance (auditor, DPO) and admins, with interactive tokens only.
    auditEvents: ledgerReaders,
    accessReport: ledgerReaders,
  },
  Mutation: {
    updateCustomerContact: customerWriters,
    addInteraction: customerWriters,
    // Who may reveal what is the policy's decision (mayReveal, MFA, budget), checked in the resolver.
    revealSensitive: customerWriters,
  },
};

export { hasRole, userToken };
