// The audit part of the per-request context: the ledger queries (for auditEvents and
// accessReport), the ledger reads this request made (recorded with its disclosure records), and
// in sync mode the commit of this request's ledger batch, which the HTTP layer awaits before it
// writes the response body.
import type { AuditQueries } from './queries';
import type { LedgerRead } from './record';

export interface RequestAudit {
  readonly queries: AuditQueries;
  readonly reads: LedgerRead[];
  /**
   * sync mode: resolves when this request's records are durable, rejects when they cannot be
   * written. Null when the request recorded nothing. Started as soon as execution ends, so the
   * write overlaps response formatting and serialization; the body waits for it (awaitDurable).
   */
  commit: Promise<void> | null;
}

export function createRequestAudit(queries: AuditQueries): RequestAudit {
  return { queries, reads: [], commit: null };
}

/**
 * AUDIT_MODE=sync: waits until this request's ledger batch is durable. True once it is, or when
 * the request recorded nothing; false when it cannot be written, and then no data may leave
 * (the caller answers AUDIT_UNAVAILABLE). `around` wraps the wait, e.g. in a tracing span.
 */
export async function awaitDurable(
  audit: { readonly commit?: Promise<void> | null } | null | undefined,
  around: (wait: () => Promise<void>) => Promise<void> = (wait) => wait(),
): Promise<boolean> {
  const commit = audit?.commit;
  if (commit === null || commit === undefined) return true;
  try {
    await around(() => commit);
    return true;
  } catch {
    return false;
  }
}
