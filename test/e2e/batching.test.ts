// DataLoader batching: a page of customers with their deals, owners and interactions costs a
// constant number of MongoDB commands, whatever the page size (counted by command monitoring).
import type { CommandStartedEvent, CommandSucceededEvent } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

describe('one customer by id with its deals', () => {
  /** The data layer's finds on customers and deals, in the order they were sent and answered. */
  async function findOrder(run: () => Promise<void>): Promise<string[]> {
    const order: string[] = [];
    const collections = new Map<number, string>();
    const started = (e: CommandStartedEvent) => {
      const coll = String((e.command as Record<string, unknown>).find ?? '');
      if (e.commandName !== 'find' || !['customers', 'deals'].includes(coll)) return;
      collections.set(e.requestId, coll);
      order.push(`sent ${coll}`);
    };
    const succeeded = (e: CommandSucceededEvent) => {
      const coll = collections.get(e.requestId);
      if (coll) order.push(`answered ${coll}`);
    };
    gw.mongo.client.on('commandStarted', started);
    gw.mongo.client.on('commandSucceeded', succeeded);
    try {
      await run();
    } finally {
      gw.mongo.client.off('commandStarted', started);
      gw.mongo.client.off('commandSucceeded', succeeded);
    }
    return order;
  }

  const BY_ID = `query($id: ID!, $skipDeals: Boolean = false) {
    customer(id: $id) { id name ...Deals }
  }
  fragment Deals on Customer { latest: deals(first: 3) @skip(if: $skipDeals) { id amount } }`;

  it('reads the deals alongside the customer (lookahead through fragments and aliases), and serves the same deals', async () => {
    const token = await gw.token({ sub: 'admin-1', role: 'admin' });
    const customer = (await gw.mongo
      .db()
      .collection('customers')
      .findOne({}, { sort: { _id: 1 } }))!;
    const expected = (await gw.mongo.db().collection('deals').find({ customerId: customer._id }).sort({ createdAt: -1, _id: -1 }).limit(3).toArray()).map((d) =>
      d._id.toHexString(),
    );
    expect(expected.length).toBeGreaterThan(0);
    let served: string[] = [];
    const order = await findOrder(async () => {
      const res = await gw.gql(token, BY_ID, { id: customer._id.toHexString() });
      expect(res.body.errors).toBeUndefined();
      served = res.body.data.customer.latest.map((d: { id: string }) => d.id);
    });
    expect(served).toEqual(expected);
    expect(order.filter((o) => o.startsWith('sent')).sort()).toEqual(['sent customers', 'sent deals']);
    // The deals find left before the customer's answer came back.
    expect(order.indexOf('sent deals')).toBeLessThan(order.indexOf('answered customers'));
  });

  it('reads no deals when the operation skips them', async () => {
    const token = await gw.token({ sub: 'admin-1', role: 'admin' });
    const customer = (await gw.mongo
      .db()
      .collection('customers')
      .findOne({}, { sort: { _id: -1 } }))!;
    const order = await findOrder(async () => {
      const res = await gw.gql(token, BY_ID, { id: customer._id.toHexString(), skipDeals: true });
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data.customer.latest).toBeUndefined();
    });
    expect(order).toEqual(['sent customers', 'answered customers']);
  });

  it('a customer out of the caller’s scope is still null, with no error, when its deals were read ahead', async () => {
    const token = await gw.token({ sub: 'sales-east-1', role: 'sales', team: 'east' });
    const foreign = (await gw.mongo
      .db()
      .collection('customers')
      .findOne({ ownerId: { $ne: 'sales-east-1' } }))!;
    const res = await gw.gql(token, `query($id: ID!) { customer(id: $id) { id deals(first: 5) { id title amount } } }`, { id: foreign._id.toHexString() });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data).toEqual({ customer: null });
  });
});
