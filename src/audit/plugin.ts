// The audit step of every request, as an Apollo plugin. When execution ends, the request's
// disclosure records (and ledger reads) become one ledger document, a disclosure batch
// (record.ts), handed to the group-commit writer.
//
// sync: the commit starts right away and runs while Apollo formats and serializes the response;
// the HTTP layer (http/server.ts) writes the body only after the commit resolves, and answers
// AUDIT_UNAVAILABLE (HTTP 503, no data) when it fails, so no sensitive value leaves unrecorded.
// async: the batch is queued and the response goes out at once (docs/audit.md).
import type { ApolloServerPlugin } from '@apollo/server';
import type { Principal } from '../auth/principal';
import type { RequestDisclosure, RequestMeta } from '../disclosure/disclosure';
import type { AuditLedger } from './ledger';
import { buildLedgerBatches } from './record';
import type { RequestAudit } from './request-audit';

/** What the audit step reads of a request's context (the GraphQL context fits). */
export interface AuditedRequest {
  readonly principal: Principal;
  readonly meta: RequestMeta;
  readonly disclosure: Pick<RequestDisclosure, 'records' | 'policyVersion'>;
  readonly audit: RequestAudit;
}

export function auditPlugin<TContext extends AuditedRequest>(ledger: AuditLedger, clock: () => Date = () => new Date()): ApolloServerPlugin<TContext> {
  const sync = ledger.mode === 'sync';

  const submitted = new WeakSet<AuditedRequest>();
  const submit = (ctx: AuditedRequest): void => {
    if (submitted.has(ctx)) return;
    submitted.add(ctx);
    const disclosure = ctx.disclosure;
    const reads = ctx.audit.reads;
    if (disclosure.records.length === 0 && reads.length === 0 && !ctx.meta.report) return;
    const batches = buildLedgerBatches(
      { principal: ctx.principal, meta: ctx.meta, policyVersion: disclosure.policyVersion },
      disclosure.records,
      reads,
      ledger.instanceId,
      clock(),
    );
    const done = ledger.submit(batches);
    if (!sync) {
      done.catch(() => undefined);
      return;
    }
    ctx.audit.commit = done;
    // The HTTP layer awaits it; until then keep an unobserved rejection from crashing the process.
    ctx.audit.commit.catch(() => undefined);
  };

  return {
    async requestDidStart() {
      return {
        async executionDidStart({ contextValue }) {
          return {
            // Records are complete once execution ends (they are made as fields resolve).
            async executionDidEnd() {
              submit(contextValue);
            },
          };
        },
        async willSendResponse({ contextValue }) {
          // Requests that never executed (or anything recorded outside execution).
          submit(contextValue);
        },
      };
    },
  };
}
