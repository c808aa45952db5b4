// /metrics follows Prometheus naming: every counter ends in _total, durations are in seconds,
// names are snake_case under the crm_gateway_ prefix.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/gateway';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway({ customers: 5 });
});
afterAll(() => gw?.close());

it('every metric is crm_gateway_-prefixed snake_case, every counter ends in _total, and the audit counters count', async () => {
  const admin = await gw.token({ sub: 'admin-1', role: 'admin' });
  await gw.gql(admin, '{ customers(first: 3) { nodes { phone } } }');
  const text = await (await fetch(gw.url.replace('/graphql', '/metrics'))).text();
  const types = [...text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map(([, name, type]) => ({ name: name!, type: type! }));
  expect(types.length).toBeGreaterThan(10);
  for (const { name, type } of types) {
    expect(name).toMatch(/^crm_gateway_[a-z0-9_]+$/);
    if (type === 'counter') expect(name).toMatch(/_total$/);
  }
  expect(types.filter((t) => t.type === 'counter').map((t) => t.name)).toEqual(
    expect.arrayContaining(['crm_gateway_graphql_requests_total', 'crm_gateway_audit_records_committed_total', 'crm_gateway_audit_inserts_total']),
  );
  const committed = Number(/^crm_gateway_audit_records_committed_total\{mode="sync"\} (\d+)$/m.exec(text)?.[1]);
  expect(committed).toBe(3);
});
