// Each query limit, as the policy sets it for a role: a document at the limit runs, one just over
// is refused with the limit's code, the limit and the measured value, HTTP 400 — and no MongoDB
// command is sent for it (command monitoring).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPolicy } from '../../src/policy/load';
import { startTestGateway, type TestGateway } from '../support/gateway';
import { aliasedFields } from '../support/hostile-documents';

const policy = loadPolicy(null);
const limits = policy.limits('sales', 'user');
let gw: TestGateway;
let sales: string;
let own: string;

beforeAll(async () => {
  gw = await startTestGateway({ customers: 40 });
  sales = await gw.token({ sub: 'sales-east-1', role: 'sales', team: 'east' });
  own = String((await gw.mongo.db().collection('customers').findOne({ ownerId: 'sales-east-1' }))!._id);
});
afterAll(() => gw?.close());

/** customer → deals → customer → … down to `id`, `depth` fields deep. */
function chainOfDepth(depth: number): string {
  let inner = 'id';
  for (let d = depth - 1; d >= 2; d--) inner = `${d % 2 === 0 ? 'deals(first: 1)' : 'customer'} { ${inner} }`;
  return `{ customer(id: "${own}") { ${inner} } }`;
}

const CASES: Record<string, { code: string; limit: number; at: (n: number) => { query: string; variables?: Record<string, unknown> }; measuredOver: number }> = {
  depth: { code: 'QUERY_TOO_DEEP', limit: limits.maxDepth, at: (n) => ({ query: chainOfDepth(n) }), measuredOver: limits.maxDepth + 1 },
  'expanded fields': {
    code: 'QUERY_TOO_LARGE',
    limit: limits.maxFields,
    at: (n) => ({ query: `{ customer(id: "${own}") { ${'id '.repeat(n - 1)} } }` }),
    measuredOver: limits.maxFields + 1,
  },
  aliases: { code: 'TOO_MANY_ALIASES', limit: limits.maxAliases, at: (n) => ({ query: aliasedFields(n) }), measuredOver: limits.maxAliases + 1 },
  directives: {
    code: 'TOO_MANY_DIRECTIVES',
    limit: limits.maxDirectives,
    at: (n) => ({ query: `{ me { ${'subject @include(if: true) '.repeat(n)} } }` }),
    measuredOver: limits.maxDirectives + 1,
  },
  tokens: {
    code: 'TOO_MANY_TOKENS',
    limit: limits.maxTokens,
    // `{ customers(first: 1, filter: { segment: { in: [ … ] } }) { nodes { id } } }` is 26 tokens plus one per string.
    at: (n) => ({ query: `{ customers(first: 1, filter: { segment: { in: [${Array.from({ length: n - 26 }, () => '"x"').join(' ')}] } }) { nodes { id } } }` }),
    measuredOver: limits.maxTokens + 1,
  },
  cost: {
    code: 'QUERY_TOO_COMPLEX',
    limit: limits.maxCost,
    // 1 + pages × (1 + deals): with first = 1000 rows, deals sizes the cost in steps of 1,000.
    at: (n) => ({
      query: 'query Q($rows: Int, $deals: Int) { customers(first: $rows) { nodes { id deals(first: $deals) { id } } } }',
      variables: { rows: 1000, deals: Math.floor((n - 1) / 1000) - 1 },
    }),
    measuredOver: 0,
  },
};

describe.each(Object.entries(CASES))('the %s limit (sales)', (_name, c) => {
  it(`a document at the limit runs`, async () => {
    const { query, variables } = c.at(c.limit);
    const res = await gw.gql(sales, query, variables);
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
  });

  it(`one just over is refused with ${c.code}, the limit and the measured value, and nothing reaches MongoDB`, async () => {
    const over = c.code === 'QUERY_TOO_COMPLEX' ? { query: c.at(c.limit).query, variables: { rows: 1000, deals: Math.floor((c.limit - 1) / 1000) } } : c.at(c.limit + 1);
    let res!: Awaited<ReturnType<TestGateway['gql']>>;
    const commands = await gw.countCommands(async () => {
      res = await gw.gql(sales, over.query, over.variables);
    });
    expect(res.status).toBe(400);
    expect(res.body.data).toBeUndefined();
    const error = res.body.errors![0]!;
    expect(error.extensions).toMatchObject({ code: c.code, limit: c.limit });
    expect(error.extensions!.measured).toBeGreaterThan(c.limit);
    if (c.measuredOver) expect(error.extensions!.measured).toBe(c.measuredOver);
    expect(error.message).toContain(String(c.limit));
    expect(commands.map((e) => e.commandName)).toEqual([]);
  });
});

describe('limits follow the caller', () => {
  it('analysts are held to their stricter profile, admins to a wider one', async () => {
    const analyst = await gw.token({ sub: 'analyst-1', role: 'analyst' });
    const admin = await gw.token({ sub: 'admin-1', role: 'admin' });
    const query = aliasedFields(policy.limits('analyst', 'user').maxAliases + 1);
    expect((await gw.gql(analyst, query)).body.errors![0]!.extensions!.code).toBe('TOO_MANY_ALIASES');
    expect((await gw.gql(admin, query)).status).toBe(200);
  });

  it('a token whose role the gateway does not know gets the strictest value of every limit', async () => {
    const unknown = await gw.token({ sub: 'who-1', role: 'janitor' as never });
    const strictest = policy.limits(null, 'user').maxAliases;
    const res = await gw.gql(unknown, aliasedFields(strictest + 1));
    expect(res.body.errors![0]!.extensions).toMatchObject({ code: 'TOO_MANY_ALIASES', limit: strictest });
  });

  it('the standard introspection query (Apollo Sandbox) fits the admin profile', async () => {
    const admin = await gw.token({ sub: 'admin-1', role: 'admin' });
    const { getIntrospectionQuery } = await import('graphql');
    const res = await gw.gql(admin, getIntrospectionQuery());
    expect(res.status).toBe(200);
    expect(res.body.data.__schema.queryType.name).toBe('Query');
  });

  it('customers(first: 1000) with deals(first: 100) costs about 100,000 objects and is refused even for admins', async () => {
    const admin = await gw.token({ sub: 'admin-1', role: 'admin' });
    const res = await gw.gql(admin, '{ customers(first: 1000) { nodes { id deals(first: 100) { id } } } }');
    expect(res.body.errors![0]!.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', measured: 101_001 });
  });

  it('a page larger than MAX_PAGE_SIZE is PAGE_SIZE_EXCEEDED with the maximum, and no customer is read', async () => {
    const admin = await gw.token({ sub: 'admin-1', role: 'admin' });
    const max = gw.config.pages.max;
    const query = 'query Q($n: Int) { customers(first: $n) { nodes { id phone } } }';
    expect((await gw.gql(admin, query, { n: max })).body.errors).toBeUndefined();
    let res!: Awaited<ReturnType<TestGateway['gql']>>;
    const commands = await gw.countCommands(async () => {
      res = await gw.gql(admin, query, { n: max + 1 });
    });
    expect(res.body.errors).toHaveLength(1);
    expect(res.body.errors![0]).toMatchObject({ path: ['customers'], message: `page size exceeds the maximum of ${max}`, extensions: { code: 'PAGE_SIZE_EXCEEDED', max } });
    // customers is nullable: the refusal leaves `{ customers: null }`, so the response is 200.
    expect(res.body.data).toEqual({ customers: null });
    expect(res.status).toBe(200);
    expect(commands.filter((e) => (e.command as Record<string, unknown>)[e.commandName] === 'customers')).toEqual([]);
  });
});
