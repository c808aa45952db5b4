// Row scopes over HTTP with real signed tokens: each role sees exactly its rows (docs/design.md, "Roles and row scopes").
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Document } from 'mongodb';
import { startTestGateway, type GraphQLResponse, type TestGateway } from '../support/gateway';

let gw: TestGateway;
let all: Document[];

beforeAll(async () => {
  gw = await startTestGateway({ customers: 80 });
  all = await gw.mongo.db().collection('customers').find({}).toArray();
});
afterAll(() => gw?.close());

const PAGE = `query($first: Int, $after: String) { customers(first: $first, after: $after) { nodes { id ownerId teamId } pageInfo { hasNextPage endCursor } } }`;

async function allIdsVisibleTo(token: string): Promise<string[]> {
  const ids: string[] = [];
  let after: string | null = null;
  for (;;) {
    const res: GraphQLResponse = await gw.gql(token, PAGE, { first: 25, after });
    expect(res.body.errors).toBeUndefined();
    const page: { nodes: { id: string }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } = res.body.data.customers;
    ids.push(...page.nodes.map((n: { id: string }) => n.id));
    if (!page.pageInfo.hasNextPage) return ids.sort();
    after = page.pageInfo.endCursor;
  }
}

const idsWhere = (pred: (c: Document) => boolean) =>
  all
    .filter(pred)
    .map((c) => c._id.toHexString())
    .sort();

describe('row scope per role', () => {
  it('sales sees exactly the customers it owns', async () => {
    const token = await gw.token({ sub: 'sales-east-1', role: 'sales', team: 'east' });
    const expected = idsWhere((c) => c.ownerId === 'sales-east-1');
    expect(expected.length).toBeGreaterThan(0);
    expect(await allIdsVisibleTo(token)).toEqual(expected);
  });

  it('a manager sees exactly the customers of its team', async () => {
    const token = await gw.token({ sub: 'manager-west', role: 'manager', team: 'west' });
    const expected = idsWhere((c) => c.teamId === 'west');
    expect(expected.length).toBeGreaterThan(0);
    expect(await allIdsVisibleTo(token)).toEqual(expected);
  });

  it('support and admin see every customer', async () => {
    for (const [sub, role] of [
      ['support-1', 'support'],
      ['admin-1', 'admin'],
    ] as const) {
      expect(await allIdsVisibleTo(await gw.token({ sub, role }))).toEqual(idsWhere(() => true));
    }
  });

  it('a manager without a team sees no customers', async () => {
    expect(await allIdsVisibleTo(await gw.token({ sub: 'manager-x', role: 'manager' }))).toEqual([]);
  });

  it('auditors, BI tokens and tokens without a known role are refused customer queries with FORBIDDEN', async () => {
    // A token from the IdP whose only role is one the gateway does not know.
    const { SignJWT } = await import('jose');
    const noRole = await new SignJWT({ roles: ['intern'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('someone')
      .setIssuer(gw.config.jwt.issuer)
      .setAudience(gw.config.jwt.audience)
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode((gw.config.jwt.source as { secret: string }).secret));
    expect((await gw.gql(noRole, '{ me { role roles } }')).body.data.me).toEqual({ role: null, roles: [] });
    for (const token of [await gw.token({ sub: 'auditor-1', role: 'auditor' }), noRole]) {
      const res = await gw.gql(token, PAGE, { first: 5 });
      expect(res.body.data).toEqual({ customers: null });
      expect(res.body.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    }
  });

  it('a guessed id out of scope reads as null, exactly like a missing one', async () => {
    const token = await gw.token({ sub: 'sales-east-1', role: 'sales', team: 'east' });
    const foreign = all.find((c) => c.ownerId !== 'sales-east-1')!;
    const q = `query($id: ID!) { customer(id: $id) { id phone } }`;
    const outOfScope = await gw.gql(token, q, { id: foreign._id.toHexString() });
    const missing = await gw.gql(token, q, { id: '0123456789abcdef01234567' });
    expect(outOfScope.status).toBe(200);
    expect(outOfScope.body).toEqual({ data: { customer: null } });
    expect(missing.body).toEqual(outOfScope.body);
  });

  it('nested reads are scoped too: a deal of a foreign customer is null, its interactions empty', async () => {
    const token = await gw.token({ sub: 'sales-east-1', role: 'sales', team: 'east' });
    const foreignDeal = await gw.mongo
      .db()
      .collection('deals')
      .findOne({ ownerId: { $ne: 'sales-east-1' } });
    const foreign = all.find((c) => c.ownerId !== 'sales-east-1')!;
    const res = await gw.gql(token, `query($deal: ID!, $customer: ID!) { deal(id: $deal) { id } interactions(customerId: $customer) { nodes { id summary } } }`, {
      deal: foreignDeal!._id.toHexString(),
      customer: foreign._id.toHexString(),
    });
    expect(res.body).toEqual({ data: { deal: null, interactions: { nodes: [] } } });
  });

  it("a manager's nested deals are the team's only", async () => {
    const token = await gw.token({ sub: 'manager-east', role: 'manager', team: 'east' });
    const res = await gw.gql(token, `{ customers(first: 100) { nodes { teamId deals(first: 50) { teamId customer { teamId } } } } }`);
    expect(res.body.errors).toBeUndefined();
    const nodes = res.body.data.customers.nodes as { teamId: string; deals: { teamId: string; customer: { teamId: string } }[] }[];
    expect(nodes.length).toBeGreaterThan(0);
    for (const c of nodes) {
      expect(c.teamId).toBe('east');
      for (const d of c.deals) expect([d.teamId, d.customer.teamId]).toEqual(['east', 'east']);
    }
  });
});
