// GET /metrics (Prometheus). One registry per gateway instance, no module state. Labels are
// fixed vocabularies (outcome, reason, mode): never subjects, ids, queries or values, so nothing
// personal can reach a metrics pipeline.
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { AuditLedger } from '../audit/ledger';

export interface GatewayMetrics {
  /** A finished GraphQL request: its HTTP status and how long it took. */
  request(status: number, seconds: number): void;
  authFailure(reason: string): void;
  render(): Promise<{ contentType: string; body: string }>;
}

export function createMetrics(ledger: AuditLedger): GatewayMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'crm_gateway_' });
  const requests = new Counter({
    name: 'crm_gateway_graphql_requests_total',
    help: 'GraphQL HTTP requests by status class',
    labelNames: ['status'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'crm_gateway_graphql_request_duration_seconds',
    help: 'GraphQL request duration, authentication to last byte',
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const authFailures = new Counter({ name: 'crm_gateway_auth_failures_total', help: 'Refused tokens by general reason', labelNames: ['reason'] as const, registers: [registry] });
  // The ledger keeps its own running totals; each scrape advances the counter to the current one,
  // so these are true Prometheus counters (rate() and reset detection work) named *_total.
  const auditCounter = (name: string, help: string, read: () => number) => {
    let exported = 0;
    return new Counter({
      name,
      help,
      labelNames: ['mode'] as const,
      registers: [registry],
      collect() {
        const now = read();
        if (now > exported) this.inc({ mode: ledger.mode }, now - exported);
        else this.inc({ mode: ledger.mode }, 0);
        exported = Math.max(exported, now);
      },
    });
  };
  auditCounter('crm_gateway_audit_records_committed_total', 'Audit records durably written by this instance since start', () => ledger.stats().committedRecords);
  auditCounter('crm_gateway_audit_inserts_total', 'Group-commit inserts since start', () => ledger.stats().inserts);
  auditCounter('crm_gateway_audit_failed_inserts_total', 'Failed group-commit inserts since start', () => ledger.stats().failedInserts);
  auditCounter('crm_gateway_audit_dropped_records_total', 'Async records dropped after an outage outlasted the buffer', () => ledger.stats().droppedRecords);

  return {
    request(status, seconds) {
      requests.inc({ status: `${Math.floor(status / 100)}xx` });
      duration.observe(seconds);
    },
    authFailure(reason) {
      authFailures.inc({ reason });
    },
    async render() {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}
