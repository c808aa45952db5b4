// The audit part of the per-request context: the ledger queries (for auditEvents and
// accessReport) and the ledger reads this request made, which the audit plugin records with the
// request's disclosure records.
import type { AuditQueries } from './queries';
import type { LedgerRead } from './record';

export interface RequestAudit {
  readonly queries: AuditQueries;
  readonly reads: LedgerRead[];
}

export function createRequestAudit(queries: AuditQueries): RequestAudit {
  return { queries, reads: [] };
}
