// The golden table: the exact string each role receives for every classified field of the same
// seeded customer (seed 1, 40 customers), including free-text notes with embedded phone, ID and
// card numbers. test/e2e/golden/customer-by-role.json is reviewed by hand against docs/design.md, "Data classes and levels";
// a change to a masker or to the default policy shows up here as a diff to review.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/gateway';

const golden = JSON.parse(readFileSync(new URL('./golden/customer-by-role.json', import.meta.url), 'utf8')) as {
  customerId: string;
  roles: Record<string, Record<string, unknown>>;
};

const PRINCIPALS = {
  admin: { sub: 'admin-1' },
  manager: { sub: 'manager-east', team: 'east' },
  sales: { sub: 'sales-east-1', team: 'east' },
  support: { sub: 'support-1' },
  analyst: { sub: 'analyst-1' },
  auditor: { sub: 'auditor-1' },
} as const;

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway({ customers: 40 });
});
afterAll(() => gw?.close());

it.each(Object.keys(PRINCIPALS) as (keyof typeof PRINCIPALS)[])('%s receives exactly the golden strings', async (role) => {
  const token = await gw.token({ role, ...PRINCIPALS[role] });
  const res = await gw.gql(token, `query($id: ID!) { customer(id: $id) { name phone email idNumber address bankCard birthDate interactions(first: 20) { summary } } }`, {
    id: golden.customerId,
  });
  const c = res.body.data?.customer;
  const got = c
    ? { ...c, interactions: undefined, summaries: c.interactions.map((i: { summary: string | null }) => i.summary) }
    : { error: res.body.errors?.[0]?.extensions?.code };
  expect(JSON.parse(JSON.stringify(got))).toEqual(golden.roles[role]);
});

it('the golden customer is the one the raw data says (clear values appear only where the policy says clear)', async () => {
  const raw = await gw.mongo
    .db()
    .collection('customers')
    .findOne({ _id: (await import('mongodb')).ObjectId.createFromHexString(golden.customerId) });
  expect(golden.roles.admin!.phone).toBe(raw!.phone);
  expect(golden.roles.sales!.email).toBe(raw!.email);
  const everything = JSON.stringify(golden.roles);
  // The ID number and card number are never served in clear in a field by the default policy.
  expect(JSON.stringify({ ...golden.roles, admin: { ...golden.roles.admin, summaries: [] } })).not.toContain(raw!.idNumber);
  expect(everything.match(new RegExp(raw!.bankCard, 'g'))?.length ?? 0).toBe(1); // only in admin's clear notes
});

it('graphql-js execution (EXECUTOR=graphql-js) serves exactly what graphql-jit serves', async () => {
  const interpreted = await startTestGateway({ customers: 40, env: { EXECUTOR: 'graphql-js' } });
  try {
    const q = `query($id: ID!) { customer(id: $id) { name phone email idNumber address bankCard birthDate deals(first: 3) { title amount } interactions(first: 20) { summary } } customers(first: 3, orderBy: [{ field: lifetimeValue, direction: DESC }]) { edges { node { id } } pageInfo { hasNextPage } } }`;
    for (const role of ['support', 'manager'] as const) {
      const input = { role, ...PRINCIPALS[role] };
      const [a, b] = await Promise.all([
        gw.gql(await gw.token(input), q, { id: golden.customerId }),
        interpreted.gql(await interpreted.token(input), q, { id: golden.customerId }),
      ]);
      expect(a.body.errors).toBeUndefined();
      expect(b.body).toEqual(a.body);
    }
    // Errors come out the same way too (support may not sort by name).
    const support = { role: 'support' as const, ...PRINCIPALS.support };
    const refused = `{ customers(first: 3, orderBy: [{ field: name }]) { nodes { id } } }`;
    const [a, b] = await Promise.all([gw.gql(await gw.token(support), refused), interpreted.gql(await interpreted.token(support), refused)]);
    expect(a.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN_SORT');
    expect(b.body).toEqual(a.body);
  } finally {
    await interpreted.close();
  }
});
