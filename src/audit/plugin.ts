// The audit step of every request, as an Apollo plugin. When the response is ready, the
// request's disclosure records (and ledger reads) become one ledger document, a disclosure batch
// (record.ts). In sync mode the response waits for the group commit that carries it; if it fails, the response is replaced
// by AUDIT_UNAVAILABLE (HTTP 503) with no data, so no sensitive value leaves unrecorded.
import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from '../context';
import { ERRORS } from '../errors';
import type { AuditLedger } from './ledger';
import { buildLedgerBatches } from './record';

export function auditPlugin(ledger: AuditLedger, clock: () => Date = () => new Date()): ApolloServerPlugin<GatewayContext> {
  const sync = ledger.mode === 'sync';
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, response }) {
          const disclosure = contextValue.disclosure;
          const reads = contextValue.audit.reads;
          if (disclosure.records.length === 0 && reads.length === 0) return;
          const batches = buildLedgerBatches(
            { principal: contextValue.principal, meta: contextValue.meta, policyVersion: disclosure.policyVersion },
            disclosure.records,
            reads,
            ledger.instanceId,
            clock(),
          );
          if (!sync) {
            void ledger.submit(batches);
            return;
          }
          try {
            await ledger.submit(batches);
          } catch {
            response.http.status = ERRORS.AUDIT_UNAVAILABLE.status;
            response.body = {
              kind: 'single',
              singleResult: { data: null, errors: [{ message: ERRORS.AUDIT_UNAVAILABLE.message, extensions: { code: 'AUDIT_UNAVAILABLE' } }] },
            };
          }
        },
      };
    },
  };
}
