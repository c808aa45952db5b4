// Inference attempts (docs/design.md, "Inference and side channels"): every one is
// rejected before any query runs, with an error naming the field.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/gateway';

let gw: TestGateway;
let support: string;
let manager: string;
let analyst: string;
beforeAll(async () => {
  gw = await startTestGateway({ customers: 40 });
  support = await gw.token({ sub: 'support-1', role: 'support' });
  manager = await gw.token({ sub: 'manager-east', role: 'manager', team: 'east' });
  analyst = await gw.token({ sub: 'analyst-1', role: 'analyst' });
});
afterAll(() => gw?.close());

async function rejected(token: string, query: string, variables: Record<string, unknown>, code: string, field: string) {
  let sent = 0;
  const events = await gw.countCommands(async () => {
    const res = await gw.gql(token, query, variables);
    expect(res.body.data?.customers ?? res.body.data?.customerStats ?? null).toBeNull();
    expect(res.body.errors?.[0]?.extensions).toMatchObject({ code, field });
    expect(res.body.errors?.[0]?.message).toContain(field);
    sent = 1;
  });
  expect(sent).toBe(1);
  // Rejected before any query: nothing touched the customers collection.
  expect(events.filter((e) => (e.command as Record<string, unknown>)[e.commandName] === 'customers')).toEqual([]);
}

const LIST = `query($f: CustomerFilter, $o: [CustomerOrder!]) { customers(filter: $f, orderBy: $o, first: 5) { nodes { id phone } } }`;

describe('rejected inference attempts', () => {
  it('a range filter on a phone the caller sees masked', async () => {
    await rejected(support, LIST, { f: { phone: { gte: '13800000000', lt: '13900000000' } } }, 'FORBIDDEN_FILTER', 'Customer.phone');
  });
  it('a prefix filter on a masked field', async () => {
    await rejected(support, LIST, { f: { phone: { startsWith: '138' } } }, 'FORBIDDEN_FILTER', 'Customer.phone');
    await rejected(manager, LIST, { f: { idNumber: { startsWith: '1101' } } }, 'FORBIDDEN_FILTER', 'Customer.idNumber');
  });
  it('any filter on a field with filter right none', async () => {
    await rejected(manager, LIST, { f: { phone: { eq: '13812345678' } } }, 'FORBIDDEN_FILTER', 'Customer.phone');
    await rejected(analyst, LIST, { f: { email: { eq: 'a@b.cn' } } }, 'FORBIDDEN_FILTER', 'Customer.email');
  });
  it('sorting by ID number or by a masked phone', async () => {
    await rejected(support, LIST, { o: [{ field: 'idNumber', direction: 'ASC' }] }, 'FORBIDDEN_SORT', 'Customer.idNumber');
    await rejected(manager, LIST, { o: [{ field: 'phone' }] }, 'FORBIDDEN_SORT', 'Customer.phone');
    await rejected(support, LIST, { o: [{ field: 'birthDate' }] }, 'FORBIDDEN_SORT', 'Customer.birthDate');
  });
  it('grouping: only roles with aggregate access, on dimensions they may group by', async () => {
    const stats = `query($g: [StatsDimension!]!) { customerStats(groupBy: $g) { groups { count } } }`;
    const admin = await gw.token({ sub: 'admin-1', role: 'admin' });
    // analyst sees ADDRESS at city level and may group: province and city are fine, ageBand too.
    const ok = await gw.gql(analyst, stats, { g: ['province', 'ageBand'] });
    expect(ok.body.errors).toBeUndefined();
    const mgr = await gw.gql(manager, stats, { g: ['city'] });
    expect(mgr.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await gw.gql(admin, stats, { g: ['city'] })).body.errors).toBeUndefined();
  });
});

describe('exact lookups', () => {
  it('support finds a caller by exact phone but cannot read the phone back, and each value is counted', async () => {
    const doc = await gw.mongo.db().collection('customers').findOne({ phone: /^1/ });
    const res = await gw.gql(
      support,
      `query($p: String!) { a: customers(filter: { phone: { eq: $p } }) { nodes { id phone } } b: customers(filter: { phone: { in: [$p, "13900000000"] } }) { nodes { id } } }`,
      { p: doc!.phone },
    );
    expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
    expect(res.body.data.a.nodes).toEqual([{ id: doc!._id.toHexString(), phone: `${doc!.phone.slice(0, 3)}****${doc!.phone.slice(7)}` }]);
    expect(res.body.data.b.nodes).toEqual([{ id: doc!._id.toHexString() }]);
    const budget = await gw.mongo.db().collection('gateway_rate_limits').findOne({ key: 'budget:lookup:support-1' });
    expect(budget?.points).toBe(3); // one value in alias a, two in alias b
  });

  it('the lookup budget is enforced per principal across requests', async () => {
    const token = await gw.token({ sub: 'support-2', role: 'support' });
    const q = `query($p: [String!]) { customers(filter: { phone: { in: $p } }) { nodes { id } } }`;
    const values = Array.from({ length: 150 }, (_, i) => `1380000${String(i).padStart(4, '0')}`);
    expect((await gw.gql(token, q, { p: values })).body.errors).toBeUndefined();
    const over = await gw.gql(token, q, { p: values.slice(0, 60) });
    expect(over.body.errors?.[0]?.extensions?.code).toBe('LOOKUP_BUDGET_EXCEEDED');
    expect(over.body.data?.customers ?? null).toBeNull();
  });
});

describe('cursors', () => {
  it('are opaque: ordering by name does not put names (or anything readable) into cursors', async () => {
    const admin = await gw.token({ sub: 'admin-1', role: 'admin' });
    const res = await gw.gql(admin, `{ customers(first: 3, orderBy: [{ field: name }]) { edges { cursor node { name } } } }`);
    for (const edge of res.body.data.customers.edges) {
      const decoded = Buffer.from(edge.cursor, 'base64url').toString('latin1');
      expect(decoded).not.toContain(Buffer.from(edge.node.name).toString('latin1'));
      expect(edge.cursor).not.toContain(edge.node.name);
    }
  });
  it('cannot be forged or replayed under another ordering', async () => {
    const admin = await gw.token({ sub: 'admin-1', role: 'admin' });
    const first = await gw.gql(admin, `{ customers(first: 2, orderBy: [{ field: name }]) { pageInfo { endCursor } } }`);
    const cursor = first.body.data.customers.pageInfo.endCursor as string;
    const replay = await gw.gql(admin, `query($a: String) { customers(first: 2, after: $a, orderBy: [{ field: lifetimeValue }]) { nodes { id } } }`, { a: cursor });
    expect(replay.body.errors?.[0]?.extensions?.code).toBe('INVALID_CURSOR');
    const tampered = cursor.slice(0, -2) + (cursor.endsWith('AA') ? 'AB' : 'AA');
    const forged = await gw.gql(admin, `query($a: String) { customers(first: 2, after: $a, orderBy: [{ field: name }]) { nodes { id } } }`, { a: tampered });
    expect(forged.body.errors?.[0]?.extensions?.code).toBe('INVALID_CURSOR');
  });
});

describe('cursors are bound to the caller and the filter, and responses are not cached', () => {
  const PAGE = `query($a: String, $f: CustomerFilter) { customers(first: 2, after: $a, filter: $f) { nodes { id ownerId } pageInfo { endCursor } } }`;

  it("an admin's cursor is refused from a sales token, and from another admin", async () => {
    const admin = await gw.token({ sub: 'admin-1', role: 'admin' });
    const first = await gw.gql(admin, PAGE, {});
    const cursor = first.body.data.customers.pageInfo.endCursor as string;
    expect((await gw.gql(admin, PAGE, { a: cursor })).body.errors).toBeUndefined();
    const sales = await gw.token({ sub: 'sales-east-1', role: 'sales', team: 'east' });
    const stolen = await gw.gql(sales, PAGE, { a: cursor });
    expect(stolen.body.errors?.[0]?.extensions?.code).toBe('INVALID_CURSOR');
    expect(stolen.body.data?.customers ?? null).toBeNull();
    const otherAdmin = await gw.token({ sub: 'admin-2', role: 'admin' });
    expect((await gw.gql(otherAdmin, PAGE, { a: cursor })).body.errors?.[0]?.extensions?.code).toBe('INVALID_CURSOR');
  });

  it('a sales cursor is refused from a colleague with the same role and team', async () => {
    const mine = await gw.token({ sub: 'sales-east-1', role: 'sales', team: 'east' });
    const cursor = (await gw.gql(mine, PAGE, {})).body.data.customers.pageInfo.endCursor as string;
    expect(cursor).toBeTruthy();
    const colleague = await gw.token({ sub: 'sales-east-2', role: 'sales', team: 'east' });
    expect((await gw.gql(colleague, PAGE, { a: cursor })).body.errors?.[0]?.extensions?.code).toBe('INVALID_CURSOR');
  });

  it('a cursor is refused under another filter', async () => {
    const admin = await gw.token({ sub: 'admin-1', role: 'admin' });
    const cursor = (await gw.gql(admin, PAGE, { f: { teamId: { eq: 'east' } } })).body.data.customers.pageInfo.endCursor as string;
    expect((await gw.gql(admin, PAGE, { a: cursor, f: { teamId: { eq: 'east' } } })).body.errors).toBeUndefined();
    expect((await gw.gql(admin, PAGE, { a: cursor, f: { teamId: { eq: 'west' } } })).body.errors?.[0]?.extensions?.code).toBe('INVALID_CURSOR');
    expect((await gw.gql(admin, PAGE, { a: cursor })).body.errors?.[0]?.extensions?.code).toBe('INVALID_CURSOR');
  });

  it('an auditEvents cursor serves only the caller it was issued to', async () => {
    const admin = await gw.token({ sub: 'admin-1', role: 'admin' });
    const auditor = await gw.token({ sub: 'auditor-1', role: 'auditor' });
    const Q = `query($a: String) { auditEvents(first: 1, after: $a) { pageInfo { endCursor } } }`;
    const cursor = (await gw.gql(admin, Q, {})).body.data.auditEvents.pageInfo.endCursor as string;
    expect((await gw.gql(admin, Q, { a: cursor })).body.errors).toBeUndefined();
    expect((await gw.gql(auditor, Q, { a: cursor })).body.errors?.[0]?.extensions?.code).toBe('INVALID_CURSOR');
  });

  it('every GraphQL response says Cache-Control: no-store, errors included', async () => {
    const support2 = await gw.token({ sub: 'support-1', role: 'support' });
    const ok = await gw.gql(support2, `{ customers(first: 1) { nodes { phone } } }`);
    expect(ok.body.errors).toBeUndefined();
    expect(ok.headers.get('cache-control')).toBe('no-store');
    const refused = await gw.gql(support2, LIST, { f: { phone: { startsWith: '138' } } });
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN_FILTER');
    expect(refused.headers.get('cache-control')).toBe('no-store');
    const get = await fetch(`${gw.url}?query=${encodeURIComponent('{ me { subject } }')}`, { headers: { authorization: `Bearer ${support2}`, 'apollo-require-preflight': '1' } });
    expect(get.status).toBe(200);
    expect(get.headers.get('cache-control')).toBe('no-store');
  });
});
