// A customer whose lifetimeValue is stored as a Decimal128 (as a CRM that keeps money in
// decimals does) must not empty a sorted page: the embedded store once returned no rows at all
// for `orderBy: lifetimeValue` when one sort value was not a plain JS scalar.
import { Decimal128, type ObjectId } from 'mongodb';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/gateway';

const CUSTOMERS = 30;
let gw: TestGateway;
let decimalId: string;

beforeAll(async () => {
  gw = await startTestGateway({
    customers: CUSTOMERS,
    beforeStart: async (db) => {
      const [first] = await db.collection<{ _id: ObjectId }>('customers').find({}).sort({ _id: 1 }).limit(1).toArray();
      decimalId = first!._id.toHexString();
      await db.collection<{ _id: ObjectId }>('customers').updateOne({ _id: first!._id }, { $set: { lifetimeValue: Decimal128.fromString('99999999.99') } });
    },
  });
});
afterAll(() => gw?.close());

it('admin sorting customers by lifetimeValue DESC gets every row, the Decimal128 one first', async () => {
  const admin = await gw.token({ sub: 'admin-1', role: 'admin' });
  const res = await gw.gql(admin, `{ customers(first: 100, orderBy: [{ field: lifetimeValue, direction: DESC }]) { nodes { id } } }`);
  expect(res.body.errors).toBeUndefined();
  const ids: string[] = res.body.data.customers.nodes.map((n: { id: string }) => n.id);
  expect(ids).toHaveLength(CUSTOMERS);
  expect(ids[0]).toBe(decimalId);
});

it('paging past the Decimal128 row continues with the double-valued rows after it', async () => {
  const admin = await gw.token({ sub: 'admin-1', role: 'admin' });
  const page = `query($first: Int, $after: String) { customers(first: $first, after: $after, orderBy: [{ field: lifetimeValue, direction: DESC }]) { nodes { id } pageInfo { endCursor } } }`;
  const first = await gw.gql(admin, page, { first: 1 });
  expect(first.body.errors).toBeUndefined();
  expect(first.body.data.customers.nodes).toEqual([{ id: decimalId }]);
  // The keyset filter compares the remaining doubles with the Decimal128 sort value.
  const rest = await gw.gql(admin, page, { first: 100, after: first.body.data.customers.pageInfo.endCursor });
  expect(rest.body.errors).toBeUndefined();
  const ids: string[] = rest.body.data.customers.nodes.map((n: { id: string }) => n.id);
  expect(ids).toHaveLength(CUSTOMERS - 1);
  expect(ids).not.toContain(decimalId);
});
