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
  /** How many classified values the response served and withheld (null when no operation ran). */
  readonly classified: ClassifiedCounts | null;
}

export interface ClassifiedCounts {
  readonly served: number;
  readonly withheld: number;
}

/** Counted from a request's disclosure records, so the records themselves need not be kept for the log line. */
export function classifiedCounts(records: readonly DisclosureRecord[]): ClassifiedCounts {
  let withheld = 0;
  for (const r of records) if (r.level === 'hidden') withheld++;
  return { served: records.length - withheld, withheld };
}

export function logAccess(logger: Logger, facts: AccessLogFacts): void {
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
      classifiedServed: facts.classified?.served ?? 0,
      classifiedWithheld: facts.classified?.withheld ?? 0,
    },
    'graphql request',
  );
}
