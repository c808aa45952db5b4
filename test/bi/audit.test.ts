// Every value a report serves is in the ledger: one batch per executed page, each carrying the
// report id, version, the parameters' hash and the page number, all under the HTTP request's id;
// the records add up to the classified cells served, and the chain still verifies.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAuditVerifyKey } from '../../src/audit/keys';
import { verifyLedger } from '../../src/audit/verify';
import { startTestGateway, type TestGateway } from '../support/gateway';
import { realServer } from '../support/mongo';
import { biToken, credentialHeaders, get } from './helpers';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway({ customers: 70, env: { BI_PAGE_SIZE: '20' } });
});
afterAll(() => gw?.close());

interface Batch {
  requestId: string;
  n: number;
  fields: string[];
  customerIds: unknown[];
  report?: { id: string; version: number; paramsHash: string; page: number };
}

describe('audit of report runs', () => {
  it('records one batch per page, durable before it is served, with the report facts; records = classified cells served', async () => {
    const token = await biToken(gw, ['customers-pseudonymised']);
    const res = await get(gw, '/bi/v1/reports/customers-pseudonymised.json?segment=retail', { ...credentialHeaders(token.jwt, 'api-key'), 'x-request-id': 'bi-audit-run-0001' });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { data: Record<string, unknown>[] };
    const retail = await gw.mongo.db().collection('customers').countDocuments({ segment: 'retail' });
    expect(body.data).toHaveLength(retail);

    const batches = (await gw.mongo.db().collection('audit_events').find({ requestId: 'bi-audit-run-0001' }).sort({ seq: 1 }).toArray()) as unknown as Batch[];
    const pages = Math.ceil(retail / 20);
    // Page 0 is the row count taken before the first row (no values), then one batch per page.
    expect(batches.map((b) => b.report?.page)).toEqual(Array.from({ length: pages + 1 }, (_, i) => i));
    expect(new Set(batches.map((b) => `${b.report?.id}@${b.report?.version}|${b.report?.paramsHash}`)).size).toBe(1);
    expect(batches[0]!.report).toMatchObject({ id: 'customers-pseudonymised', version: 1, paramsHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(batches[0]!.n).toBe(0);

    const classifiedColumns = ['name_token', 'phone_token', 'email_token', 'city', 'age_band'];
    const served = body.data.length * classifiedColumns.length;
    expect(batches.reduce((sum, b) => sum + b.n, 0)).toBe(served);
    const customers = new Set(batches.flatMap((b) => b.customerIds.map(String)));
    expect(customers).toEqual(new Set(body.data.map((r) => String(r.customer_id))));

    const report = await verifyLedger(gw.mongo.db(), await loadAuditVerifyKey(gw.config));
    expect(report.ok).toBe(true);
  });

  it('an aggregate run leaves one batch naming the report, although it serves no classified value', async () => {
    const token = await biToken(gw, ['deals-pipeline']);
    const res = await get(gw, '/bi/v1/reports/deals-pipeline.csv?stage=won', { ...credentialHeaders(token.jwt), 'x-request-id': 'bi-audit-run-0002' });
    expect(res.status).toBe(200);
    const batches = (await gw.mongo.db().collection('audit_events').find({ requestId: 'bi-audit-run-0002' }).toArray()) as unknown as Batch[];
    expect(batches).toHaveLength(1);
    expect(batches[0]).toMatchObject({ n: 0, report: { id: 'deals-pipeline', version: 1, page: 1 } });
  });

  it('the same parameters hash alike; other parameters differently', async () => {
    const token = await biToken(gw, ['deals-pipeline']);
    for (const [id, q] of [
      ['bi-hash-a-0001', '?stage=won'],
      ['bi-hash-b-0001', '?stage=won'],
      ['bi-hash-c-0001', '?stage=lost'],
    ] as const) {
      expect((await get(gw, `/bi/v1/reports/deals-pipeline.json${q}`, { ...credentialHeaders(token.jwt), 'x-request-id': id })).status).toBe(200);
    }
    const hash = async (id: string) => ((await gw.mongo.db().collection('audit_events').findOne({ requestId: id })) as unknown as Batch).report!.paramsHash;
    expect(await hash('bi-hash-a-0001')).toBe(await hash('bi-hash-b-0001'));
    expect(await hash('bi-hash-c-0001')).not.toBe(await hash('bi-hash-a-0001'));
  });

  it.skipIf(realServer)('serves nothing when the ledger cannot be written (sync audit)', async () => {
    const token = await biToken(gw, ['customers-pseudonymised']);
    gw.mongo.faults!.failCommand({ command: 'insert', collection: 'audit_events', code: 91, times: 1_000 });
    try {
      const res = await get(gw, '/bi/v1/reports/customers-pseudonymised.csv', credentialHeaders(token.jwt));
      expect(res.status).toBe(503);
      const text = await res.text();
      expect(JSON.parse(text).errors[0].extensions.code).toBe('AUDIT_UNAVAILABLE');
      expect(text).not.toContain('tel_');
    } finally {
      gw.mongo.faults!.reset();
    }
  });
});
