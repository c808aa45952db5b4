// One access-log line per GraphQL request: who asked (subject, role, token kind), what kind of
// operation, how it ended and how long it took, and how many classified values the response
// served and withheld. Never variables, query text or values, so the line is safe to ship to any
// log pipeline; the audit ledger is where each value's disclosure is recorded.
import type { Logger } from 'pino';
import type { Principal } from '../auth/principal';
import type { DisclosureRecord } from '../disclosure/records';

export interface AccessLogFacts {
  readonly requestId: string | null;
  readonly status: number;
  readonly durationMs: number;
  readonly principal: Principal | null;
  readonly operationName: string | null;
  readonly operationType: string | null;
  /** The request's disclosure records (null when no operation ran). */
  readonly records: readonly DisclosureRecord[] | null;
}

export function logAccess(logger: Logger, facts: AccessLogFacts): void {
  let served = 0;
  let withheld = 0;
  for (const r of facts.records ?? []) {
    if (r.level === 'hidden') withheld++;
    else served++;
  }
  logger.info(
    {
      requestId: facts.requestId,
      operationName: facts.operationName,
      operationType: facts.operationType,
      status: facts.status,
      durationMs: Math.round(facts.durationMs * 100) / 100,
      subject: facts.principal?.subject ?? null,
      role: facts.principal?.role ?? null,
      tokenKind: facts.principal?.kind ?? null,
      classifiedServed: served,
      classifiedWithheld: withheld,
    },
    'graphql request',
  );
}
