// AUDIT_MODE=async and off over HTTP. async answers without waiting for the ledger — the risk
// docs/audit.md describes — and writes the records once MongoDB accepts them; off writes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expandBatch } from '../../src/audit/expand';
import { realServer } from '../support/mongo';
import { startTestGateway, type TestGateway } from '../support/gateway';

const QUERY = `{ customers(first: 3) { nodes { id phone email } } }`;

describe.skipIf(realServer)('AUDIT_MODE=async', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ customers: 20, env: { AUDIT_MODE: 'async' } });
  });
  afterAll(() => gw?.close());

  it('serves while the ledger rejects writes, and writes the records once it accepts them', async () => {
    const token = await gw.token({ sub: 'admin-1', role: 'admin' });
    gw.mongo.faults!.failCommand({ command: 'insert', collection: 'audit_events', code: 91, times: 2 });
    const res = await gw.gql(token, QUERY, {}, { headers: { 'x-request-id': 'req-async-0001' } });
    expect(res.status).toBe(200);
    expect(res.body.data.customers.nodes).toHaveLength(3);
    const events = gw.mongo.db().collection('audit_events');
    const records = async () => (await events.find({ requestId: 'req-async-0001' }).toArray()).flatMap(expandBatch);
    const deadline = Date.now() + 3_000;
    while ((await records()).length < 6 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect((await records()).map((r) => r.field).sort()).toEqual(['Customer.email', 'Customer.email', 'Customer.email', 'Customer.phone', 'Customer.phone', 'Customer.phone']);
    expect(await events.countDocuments({ requestId: 'req-async-0001' })).toBe(1);
  });
});

describe('AUDIT_MODE=off', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ customers: 10, env: { AUDIT_MODE: 'off', NODE_ENV: 'test' } });
  });
  afterAll(() => gw?.close());

  it('writes no records', async () => {
    const token = await gw.token({ sub: 'admin-1', role: 'admin' });
    expect((await gw.gql(token, QUERY)).status).toBe(200);
    expect(await gw.mongo.db().collection('audit_events').countDocuments({})).toBe(0);
  });
});
