// DataLoader batching: a page of customers with their deals, owners and interactions costs a
// constant number of MongoDB commands, whatever the page size (counted by command monitoring).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/gateway';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway({ customers: 120 });
});
afterAll(() => gw?.close());

const QUERY = `query($first: Int) {
  customers(first: $first) {
    nodes {
      id name phone
      owner { id name }
      deals(first: 10) { id amount customer { id } }
      interactions(first: 10) { id summary }
    }
  }
}`;

it('a page of 100 customers with deals, owners and interactions costs as many commands as a page of 5', async () => {
  const token = await gw.token({ sub: 'admin-1', role: 'admin' });
  const commandsFor = async (first: number) => {
    let customers = 0;
    const events = await gw.countCommands(async () => {
      const res = await gw.gql(token, QUERY, { first });
      expect(res.body.errors).toBeUndefined();
      customers = res.body.data.customers.nodes.length;
    });
    expect(customers).toBe(first);
    // The data layer's commands; the limits step's counters and the bulk-access watch are priced elsewhere.
    const gatewayOwn = ['gateway_rate_limits', 'gateway_alerts', 'gateway_bulk_access'];
    return events
      .filter(
        (e) =>
          !['hello', 'isMaster', 'ping', 'endSessions', 'createIndexes'].includes(e.commandName) &&
          !gatewayOwn.includes(String((e.command as Record<string, unknown>)[e.commandName])),
      )
      .map((e) => `${e.commandName}:${(e.command as Record<string, unknown>)[e.commandName]}`);
  };
  const small = await commandsFor(5);
  const large = await commandsFor(100);
  // customers page, deals, users (owners), interactions; Deal.customer is served from the
  // already-loaded customers, and no getMore is needed. The audit records of all the page's
  // classified values go out in one group-commit insert.
  expect(large.sort()).toEqual(['find:customers', 'find:deals', 'find:interactions', 'find:users', 'insert:audit_events']);
  expect(large.length).toBe(small.length);
});
