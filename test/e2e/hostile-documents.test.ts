// Requests that crashed or froze the gateway (nesting 450 levels deep, doubled fragment spreads,
// graphql-jit's error handling) and the corpus of bad requests that both executors must answer
// identically: status, extensions.code and message. After each, a normal request is answered.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { realServer } from '../support/mongo';
import { startTestGateway, type GraphQLResponse, type TestGateway } from '../support/gateway';
import { aliasedFields, doubledFragments, nestedDeals } from '../support/hostile-documents';
import { loadPolicy } from '../../src/policy/load';

const policy = loadPolicy(null);

interface Sent {
  token: 'sales' | 'support' | 'unknownRole';
  body: Record<string, unknown>;
}

const EXECUTORS = ['jit', 'graphql-js'] as const;
const gateways = new Map<(typeof EXECUTORS)[number], { gw: TestGateway; tokens: Record<Sent['token'], string> }>();
let ownCustomerId: string;

beforeAll(async () => {
  for (const executor of EXECUTORS) {
    const gw = await startTestGateway({ customers: 30, env: { EXECUTOR: executor } });
    const tokens = {
      sales: await gw.token({ sub: 'sales-east-1', role: 'sales', team: 'east' }),
      support: await gw.token({ sub: 'support-1', role: 'support' }),
      unknownRole: await gw.token({ sub: 'who-1', role: 'janitor' as never }),
    };
    gateways.set(executor, { gw, tokens });
  }
  const { gw } = gateways.get('jit')!;
  const deal = await gw.mongo.db().collection('deals').findOne({ ownerId: 'sales-east-1' });
  ownCustomerId = String(deal!.customerId);
}, 60_000);
afterAll(async () => {
  for (const { gw } of gateways.values()) await gw.close();
});

async function send(executor: (typeof EXECUTORS)[number], sent: Sent): Promise<{ status: number; body: GraphQLResponse['body'] }> {
  const { gw, tokens } = gateways.get(executor)!;
  const res = await fetch(gw.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[sent.token]}` },
    body: JSON.stringify(sent.body),
  });
  return { status: res.status, body: (await res.json()) as GraphQLResponse['body'] };
}

async function stillServes(executor: (typeof EXECUTORS)[number]): Promise<void> {
  const res = await send(executor, { token: 'sales', body: { query: '{ me { subject } }' } });
  expect(res).toMatchObject({ status: 200, body: { data: { me: { subject: 'sales-east-1' } } } });
}

describe.each(EXECUTORS)('the reproductions, under %s', (executor) => {
  it('nesting 300, 400, 450 and 2,000 levels is refused before execution, and the process keeps serving', async () => {
    const { gw } = gateways.get(executor)!;
    for (const levels of [300, 400, 450, 2000]) {
      const commands = await gw.countCommands(async () => {
        const res = await send(executor, { token: 'sales', body: { query: nestedDeals(ownCustomerId, levels) } });
        expect(res.status).toBe(400);
        expect(res.body.errors![0]!.extensions!.code).toMatch(/^(QUERY_TOO_DEEP|TOO_MANY_TOKENS)$/);
      });
      expect(commands.filter((c) => c.commandName !== 'insert')).toEqual([]);
      await stillServes(executor);
    }
  });

  it('a nesting within the token limit but over the depth limit is QUERY_TOO_DEEP with the limit and the measured depth', async () => {
    const res = await send(executor, { token: 'sales', body: { query: nestedDeals(ownCustomerId, 20) } });
    expect(res.status).toBe(400);
    const limit = policy.limits('sales', 'user').maxDepth;
    expect(res.body.errors![0]).toMatchObject({ message: `query depth 42 exceeds the limit of ${limit}`, extensions: { code: 'QUERY_TOO_DEEP', limit, measured: 42 } });
  });

  it('doubled fragment spreads (24 and 30 levels, any valid token, even an unknown role) are QUERY_TOO_LARGE at once', async () => {
    for (const token of ['support', 'unknownRole'] as const) {
      for (const levels of [24, 30]) {
        const res = await send(executor, { token, body: { query: doubledFragments(levels) } });
        expect(res.status).toBe(400);
        const limit = policy.limits(token === 'support' ? 'support' : null, 'user').maxFields;
        expect(res.body.errors![0]!.extensions).toMatchObject({ code: 'QUERY_TOO_LARGE', limit, measured: 2 ** (levels + 1) });
      }
    }
    await stillServes(executor);
  });

  it('a document just under the limits runs', async () => {
    const res = await send(executor, { token: 'support', body: { query: doubledFragments(7) } });
    expect(res).toMatchObject({ status: 200, body: { data: { me: { subject: 'support-1', role: 'support' } } } });
    const deep = await send(executor, { token: 'sales', body: { query: nestedDeals(ownCustomerId, 4) } });
    expect(deep.status).toBe(200);
    expect(deep.body.data.customer.id).toBe(ownCustomerId);
  });
});

// The corpus both executors must answer byte-for-byte alike (status, code, message).
const CORPUS: Record<string, Sent> = {
  'variable of the wrong type': { token: 'sales', body: { query: 'query Q($n: Int) { customers(first: $n) { nodes { id } } }', variables: { n: 'abc' } } },
  'variable of the wrong type inside an input object': {
    token: 'sales',
    body: {
      query: 'mutation M($id: ID!, $input: ContactInput!) { updateCustomerContact(id: $id, input: $input) { id } }',
      variables: { id: '65cf7cb3b6cc9d32bf000005', input: { phone: 13812345678 } },
    },
  },
  'missing required variable': { token: 'sales', body: { query: 'query Q($id: ID!) { customer(id: $id) { id } }' } },
  'unknown operationName': { token: 'sales', body: { query: 'query A { me { subject } } query B { me { role } }', operationName: 'C' } },
  'empty operationName': { token: 'sales', body: { query: 'query A { me { subject } } query B { me { role } }', operationName: '' } },
  'several operations, no operationName': { token: 'sales', body: { query: 'query A { me { subject } } query B { me { role } }' } },
  'syntax error': { token: 'sales', body: { query: '{ me { subject }' } },
  'unknown field': { token: 'sales', body: { query: '{ me { nope } }' } },
  'fragment cycle': { token: 'sales', body: { query: '{ me { ...A } } fragment A on Me { subject ...B } fragment B on Me { role ...A }' } },
  'invalid cursor': { token: 'sales', body: { query: '{ customers(first: 2, after: "bm90LWEtY3Vyc29y") { nodes { id } } }' } },
  'page size over the maximum': { token: 'sales', body: { query: '{ customers(first: 100000) { nodes { id } } }' } },
  'forbidden root field': { token: 'unknownRole', body: { query: '{ customers(first: 1) { nodes { id } } }' } },
  'partial data with a forbidden field': { token: 'unknownRole', body: { query: '{ me { subject } customers(first: 1) { nodes { id } } }' } },
  'filter right refused': { token: 'sales', body: { query: '{ customers(first: 1, filter: { idNumber: { eq: "110101199003077777" } }) { nodes { id } } }' } },
  'too many tokens': { token: 'sales', body: { query: aliasedFields(800) } },
  'too deep': {
    token: 'sales',
    body: {
      query:
        '{ customer(id: "x") { deals { customer { deals { customer { deals { customer { deals { customer { deals { customer { deals { customer { deals { customer { deals { id } } } } } } } } } } } } } } } } }',
    },
  },
  'introspection as sales': { token: 'sales', body: { query: '{ __schema { queryType { name } } }' } },
  'mutation with an invalid phone': {
    token: 'sales',
    body: { query: 'mutation M($id: ID!) { updateCustomerContact(id: $id, input: { phone: "12" }) { id } }', variables: { id: '65cf7cb3b6cc9d32bf000005' } },
  },
  'no query at all': { token: 'sales', body: { variables: {} } },
};

describe('the corpus of bad requests', () => {
  it.each(Object.entries(CORPUS))('%s: jit and graphql-js answer with the same status, codes and messages', async (_name, sent) => {
    const [jit, js] = [await send('jit', sent), await send('graphql-js', sent)];
    const summary = (r: typeof jit) => ({
      status: r.status,
      errors: r.body.errors?.map((e) => ({ code: e.extensions?.code, message: e.message, path: e.path })),
      data: r.body.data,
    });
    expect(summary(jit)).toEqual(summary(js));
    expect(jit.status).not.toBe(500);
    for (const e of jit.body.errors ?? []) {
      expect(e.extensions?.code).toBeTypeOf('string');
      expect(JSON.stringify(e)).not.toMatch(/\n\s+at |node_modules|13812345678|abc"/);
    }
  });

  it('a variable the client typed is never quoted back in the error message', async () => {
    const res = await send('jit', { token: 'sales', body: { query: 'query Q($n: Int) { customers(first: $n) { nodes { id } } }', variables: { n: '13812345678' } } });
    expect(res.status).toBe(400);
    expect(res.body.errors![0]).toMatchObject({ message: 'Variable "$n" got an invalid value; expected type Int.', extensions: { code: 'BAD_USER_INPUT' } });
  });
});

describe.skipIf(realServer)('the store unreachable', () => {
  it('answers the same error under both executors, and both recover when the store is back', async () => {
    const answers = [];
    for (const executor of EXECUTORS) {
      const { gw } = gateways.get(executor)!;
      gw.mongo.faults!.refuseConnections(true);
      gw.mongo.faults!.dropConnections();
      try {
        const res = await send(executor, { token: 'support', body: { query: '{ customers(first: 2) { nodes { id } } }' } });
        answers.push({ status: res.status, errors: res.body.errors?.map((e) => ({ code: e.extensions?.code, message: e.message })) });
      } finally {
        gw.mongo.faults!.refuseConnections(false);
      }
    }
    expect(answers[0]).toEqual(answers[1]);
    expect(answers[0]).toEqual({ status: 503, errors: [{ code: 'STORE_UNAVAILABLE', message: 'the data store is unavailable' }] });
    for (const executor of EXECUTORS) await stillServes(executor);
  }, 30_000);
});
