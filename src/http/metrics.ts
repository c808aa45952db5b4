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
  const bulkAlerts = new Counter({
    name: 'crm_gateway_bulk_access_alerts_total',
    help: 'Bulk-access alerts raised by this instance, by role',
    labelNames: ['role'] as const,
    registers: [registry],
  });
  // The ledger and the field crypto keep their own running totals; each scrape advances the
  // counter to the current one, so these are true Prometheus counters (rate() and reset
  // detection work) named *_total.
  const runningTotal = <L extends string>(name: string, help: string, labelNames: readonly L[], read: () => [Partial<Record<L, string>>, number][]) => {
    const exported = new Map<string, number>();
    return new Counter({
      name,
      help,
      labelNames,
      registers: [registry],
      collect() {
        for (const [labels, now] of read()) {
          const key = JSON.stringify(labels);
          const before = exported.get(key) ?? 0;
          this.inc(labels as never, Math.max(0, now - before));
          exported.set(key, Math.max(before, now));
        }
      },
    });
  };
  const audit = (name: string, help: string, read: () => number) => runningTotal(name, help, ['mode'] as const, () => [[{ mode: ledger.mode }, read()]]);
  audit('crm_gateway_audit_records_committed_total', 'Audit records durably written by this instance since start', () => ledger.stats().committedRecords);
  audit('crm_gateway_audit_inserts_total', 'Group-commit inserts since start', () => ledger.stats().inserts);
  audit('crm_gateway_audit_failed_inserts_total', 'Failed group-commit inserts since start', () => ledger.stats().failedInserts);
  audit('crm_gateway_audit_dropped_records_total', 'Async records dropped after an outage outlasted the buffer', () => ledger.stats().droppedRecords);

  if (crypto) {
    runningTotal('crm_gateway_field_decryptions_total', 'Stored values decrypted since start', [] as const, () => [[{}, crypto.stats().decrypted]]);
    runningTotal(
      'crm_gateway_field_decryption_failures_total',
      'Stored ciphertexts refused since start (tampered: did not verify; missing_key: data key unavailable); each was withheld',
      ['reason'] as const,
      () => Object.entries(crypto.stats().failures).map(([reason, n]) => [{ reason }, n as number]),
    );
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
