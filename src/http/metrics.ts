// GET /metrics (Prometheus). One registry per gateway instance, no module state. Labels are
// fixed vocabularies (outcome, reason, mode): never subjects, ids, queries or values, so nothing
// personal can reach a metrics pipeline.
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { AuditLedger } from '../audit/ledger';
import type { FieldCrypto } from '../encryption/field-crypto';

export interface GatewayMetrics {
  /** A finished GraphQL request: its HTTP status and how long it took. */
  request(status: number, seconds: number): void;
  authFailure(reason: string): void;
  /** A bulk-access alert raised by this instance, by the principal's role. */
  bulkAccessAlert(role: string | null): void;
  render(): Promise<{ contentType: string; body: string }>;
}

export function createMetrics(ledger: AuditLedger, crypto: FieldCrypto | null = null): GatewayMetrics {
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
  const bulkAlerts = new Counter({ name: 'crm_gateway_bulk_access_alerts_total', help: 'Bulk-access alerts raised by this instance, by role', labelNames: ['role'] as const, registers: [registry] });
  const auditGauge = (name: string, help: string, read: () => number) =>
    new Gauge({ name, help, labelNames: ['mode'] as const, registers: [registry], collect() { this.set({ mode: ledger.mode }, read()); } });
  auditGauge('crm_gateway_audit_records_committed', 'Audit records durably written by this instance since start', () => ledger.stats().committedRecords);
  auditGauge('crm_gateway_audit_inserts', 'Group-commit inserts since start', () => ledger.stats().inserts);
  auditGauge('crm_gateway_audit_failed_inserts', 'Failed group-commit inserts since start', () => ledger.stats().failedInserts);
  auditGauge('crm_gateway_audit_dropped_records', 'Async records dropped after an outage outlasted the buffer', () => ledger.stats().droppedRecords);

  if (crypto) {
    new Gauge({ name: 'crm_gateway_field_decryptions', help: 'Stored values decrypted since start', registers: [registry], collect() { this.set(crypto.stats().decrypted); } });
    new Gauge({
      name: 'crm_gateway_field_decryption_failures',
      help: 'Stored ciphertexts refused since start (tampered: did not verify; missing_key: data key unavailable); each was withheld',
      labelNames: ['reason'] as const,
      registers: [registry],
      collect() {
        const { failures } = crypto.stats();
        for (const [reason, n] of Object.entries(failures)) this.set({ reason }, n);
      },
    });
  }

  return {
    request(status, seconds) {
      requests.inc({ status: `${Math.floor(status / 100)}xx` });
      duration.observe(seconds);
    },
    authFailure(reason) {
      authFailures.inc({ reason });
    },
    bulkAccessAlert(role) {
      bulkAlerts.inc({ role: role ?? 'unknown' });
    },
    async render() {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}
