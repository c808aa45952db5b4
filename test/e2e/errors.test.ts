// One error path: every error a client can get — from the socket to the resolvers — has its code,
// HTTP status and message in src/errors.ts, the README lists exactly those, and responses carry
// the status of the code that decided them, in the media type the client asked for.
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERRORS } from '../../src/errors';
import { startTestGateway, type TestGateway } from '../support/gateway';
import { realServer } from '../support/mongo';

const GRAPHQL_RESPONSE_JSON = 'application/graphql-response+json';

describe('the README error table', () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const section = readme.slice(readme.indexOf('\n## Errors\n'), readme.indexOf('\n## ', readme.indexOf('\n## Errors\n') + 1));
  const documented = new Map([...section.matchAll(/^\| `([A-Z_]+)` \| (\d{3}) \|/gm)].map((m) => [m[1]!, Number(m[2])]));

  it('lists every code of src/errors.ts with its HTTP status', () => {
    for (const [code, entry] of Object.entries(ERRORS)) expect([code, documented.get(code)]).toEqual([code, entry.status]);
  });
  it('lists no code src/errors.ts does not have', () => {
    for (const code of documented.keys()) expect(Object.keys(ERRORS)).toContain(code);
  });
});

describe('gateway-made errors', () => {
  let gw: TestGateway;
  let admin: string;
  beforeAll(async () => {
    gw = await startTestGateway({ customers: 5 });
    admin = await gw.token({ sub: 'admin-1', role: 'admin' });
  });
  afterAll(() => gw?.close());

  type Case = [name: string, code: keyof typeof ERRORS, send: (accept: string) => Promise<Response>];
  const post = (accept: string, body: string, headers: Record<string, string> = {}) =>
    fetch(gw.url, { method: 'POST', headers: { accept, 'content-type': 'application/json', authorization: `Bearer ${admin}`, ...headers }, body });
  const cases: Case[] = [
    ['an unknown path', 'NOT_FOUND', (accept) => fetch(gw.url.replace('/graphql', '/nope'), { headers: { accept } })],
    ['PUT', 'METHOD_NOT_ALLOWED', (accept) => fetch(gw.url, { method: 'PUT', headers: { accept } })],
    ['a body over 1 MB', 'PAYLOAD_TOO_LARGE', (accept) => post(accept, JSON.stringify({ query: '{ me { subject } }', pad: 'x'.repeat(1_100_000) }))],
    ['a body that is not JSON', 'BAD_REQUEST', (accept) => post(accept, '{"query": ')],
    ['no token', 'UNAUTHENTICATED', (accept) => post(accept, JSON.stringify({ query: '{ me { subject } }' }), { authorization: '' })],
    ['a forged token', 'UNAUTHENTICATED', (accept) => post(accept, JSON.stringify({ query: '{ me { subject } }' }), { authorization: 'Bearer a.b.c' })],
    [
      'a preflight from an origin not allowed',
      'ORIGIN_NOT_ALLOWED',
      (accept) => fetch(gw.url, { method: 'OPTIONS', headers: { accept, origin: 'https://evil.example', 'access-control-request-method': 'POST' } }),
    ],
    ['a query that does not parse', 'GRAPHQL_PARSE_FAILED', (accept) => post(accept, JSON.stringify({ query: '{ me { ' }))],
    ['a query not valid against the schema', 'GRAPHQL_VALIDATION_FAILED', (accept) => post(accept, JSON.stringify({ query: '{ nope }' }))],
    [
      'a query too deep',
      'QUERY_TOO_DEEP',
      (accept) => post(accept, JSON.stringify({ query: `{ ${'customers { nodes { owner { '.repeat(1)}${'a { '.repeat(20)}b${' }'.repeat(20)} } } } }` })),
    ],
    [
      'a GET with a content-type other than JSON',
      'UNSUPPORTED_MEDIA_TYPE',
      (accept) => fetch(`${gw.url}?query=${encodeURIComponent('{ me { subject } }')}`, { headers: { accept, 'content-type': 'text/plain', authorization: `Bearer ${admin}` } }),
    ],
    [
      'a mutation over GET',
      'METHOD_NOT_ALLOWED',
      (accept) => fetch(`${gw.url}?query=${encodeURIComponent('mutation { __typename }')}`, { headers: { accept, authorization: `Bearer ${admin}` } }),
    ],
    ['an unknown operation name', 'OPERATION_RESOLUTION_FAILURE', (accept) => post(accept, JSON.stringify({ query: 'query A { me { subject } }', operationName: 'B' }))],
    [
      'a variable of the wrong type',
      'BAD_USER_INPUT',
      (accept) => post(accept, JSON.stringify({ query: 'query($n: Int) { customers(first: $n) { nodes { id } } }', variables: { n: 'x' } })),
    ],
  ];

  for (const [name, code, send] of cases) {
    it(`${name}: ${code}, HTTP ${ERRORS[code].status}, in the media type asked for`, async () => {
      for (const accept of ['application/json', GRAPHQL_RESPONSE_JSON]) {
        const res = await send(accept);
        expect(res.status).toBe(ERRORS[code].status);
        expect(res.headers.get('content-type')).toContain(accept);
        const body = (await res.json()) as { data?: unknown; errors: { message: string; extensions: { code: string } }[] };
        expect(body.data).toBeUndefined();
        expect(body.errors[0]!.extensions.code).toBe(code);
        expect(typeof body.errors[0]!.message).toBe('string');
      }
    });
  }

  it('a request without a token is challenged; a refused token is told it is invalid', async () => {
    const none = await post('application/json', JSON.stringify({ query: '{ me { subject } }' }), { authorization: '' });
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    const forged = await post('application/json', JSON.stringify({ query: '{ me { subject } }' }), { authorization: 'Bearer a.b.c' });
    expect(forged.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
  });

  it('production mode serves no Sandbox page: a browser GET is an ordinary request without a token', async () => {
    const res = await fetch(gw.url, { headers: { accept: 'text/html' } });
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toContain('application/json');
  });

  it('partial data is HTTP 200: an auditor gets `me` and a FORBIDDEN error for `customers`', async () => {
    const auditor = await gw.token({ sub: 'auditor-1', role: 'auditor' });
    for (const accept of ['application/json', GRAPHQL_RESPONSE_JSON]) {
      const res = await fetch(gw.url, {
        method: 'POST',
        headers: { accept, 'content-type': 'application/json', authorization: `Bearer ${auditor}` },
        body: JSON.stringify({ query: '{ me { subject role } customers(first: 1) { nodes { id } } }' }),
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain(accept);
      const body = (await res.json()) as { data: { me: unknown; customers: unknown }; errors: { path: string[]; extensions: { code: string } }[] };
      expect(body.data).toEqual({ me: { subject: 'auditor-1', role: 'auditor' }, customers: null });
      expect(body.errors.map((e) => [e.path, e.extensions.code])).toEqual([[['customers'], 'FORBIDDEN']]);
    }
  });
});

describe('JWKS endpoint unreachable', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    // Nothing listens on port 9 (discard) on a test machine: every key fetch is refused.
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    gw = await startTestGateway({
      customers: 1,
      env: {
        JWT_SECRET: '',
        JWT_JWKS_URL: 'http://127.0.0.1:9/jwks.json',
        JWT_ALGORITHMS: 'RS256',
        JWT_PRIVATE_KEY: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      },
    });
  });
  afterAll(() => gw?.close());

  it('is 503 AUTH_UNAVAILABLE with Retry-After, never 401 invalid_token: the token may be fine', async () => {
    const res = await gw.gql(await gw.token({ sub: 'admin-1', role: 'admin' }), '{ me { subject } }');
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe(String(ERRORS.AUTH_UNAVAILABLE.retryAfterSeconds));
    expect(res.headers.get('www-authenticate')).toBeNull();
    expect(res.body).toEqual({ errors: [{ message: 'token cannot be checked right now', extensions: { code: 'AUTH_UNAVAILABLE', reason: 'key_unavailable' } }] });
  });
});

describe.skipIf(realServer).each(['jit', 'graphql-js'] as const)('store unreachable while resolving (EXECUTOR=%s)', (executor) => {
  let gw: TestGateway;
  const logs: Record<string, unknown>[] = [];
  beforeAll(async () => {
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        for (const line of chunk.toString().split('\n')) if (line) logs.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    });
    gw = await startTestGateway({ customers: 5, env: { EXECUTOR: executor }, logger: pino({ level: 'info' }, sink) });
  });
  afterAll(() => gw?.close());

  it('is HTTP 503 STORE_UNAVAILABLE with Retry-After and no data, logged once with the driver error class', async () => {
    const admin = await gw.token({ sub: 'admin-1', role: 'admin' });
    const query = '{ me { subject } customers(first: 3) { nodes { id name } } deals(first: 3) { nodes { id } } }';
    expect((await gw.gql(admin, query)).status).toBe(200);
    gw.mongo.faults!.refuseConnections(true);
    gw.mongo.faults!.dropConnections();
    const res = await gw.gql(admin, query, undefined, { headers: { 'x-request-id': 'store-down-1' } });
    gw.mongo.faults!.reset();
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe(String(ERRORS.STORE_UNAVAILABLE.retryAfterSeconds));
    // The first command may be the limits step's (rate counter, bulk-access alert) or a resolver's.
    expect(res.body.data ?? null).toBeNull();
    expect(new Set(res.body.errors!.map((e) => e.extensions?.code))).toEqual(new Set(['STORE_UNAVAILABLE']));
    expect(res.body.errors![0]!.message).toBe(ERRORS.STORE_UNAVAILABLE.message);
    const logged = logs.filter((l) => l.requestId === 'store-down-1' && (l.msg === 'store unavailable while resolving' || l.msg === 'store unavailable in the limits step'));
    expect(logged).toHaveLength(1);
    expect(logged[0]!.errorClass).toMatch(/^Mongo(ServerSelection|Network|NetworkTimeout|TopologyClosed|NotConnected)Error$/);
    expect(logs.filter((l) => l.msg === 'request failed with an internal error')).toEqual([]);
  }, 30_000);

  it('any other store error is INTERNAL: the generic message, no server text or value, logged with its class and code', async () => {
    const admin = await gw.token({ sub: 'admin-1', role: 'admin' });
    const stored = (await gw.mongo.db().collection('customers').findOne({}))!;
    // A server error whose text carries a stored value: it must reach the log as a class and a
    // code only, and the client as INTERNAL only.
    gw.mongo.faults!.failCommand({ command: 'find', collection: 'customers', code: 2, errmsg: `injected ${stored.phone} ${stored.name}`, times: 1 });
    const logsBefore = logs.length;
    const res = await gw.gql(admin, '{ customers(first: 3) { nodes { id phone } } }');
    gw.mongo.faults!.reset();
    expect(res.body.errors).toEqual([{ message: ERRORS.INTERNAL.message, path: ['customers'], extensions: { code: 'INTERNAL' } }]);
    expect(res.body.data).toEqual({ customers: null });
    expect(res.status).toBe(200);
    const text = JSON.stringify(res.body);
    for (const leak of ['injected', stored.phone, stored.name, 'BadValue', 'MongoServerError']) expect(text).not.toContain(leak);
    // (formatError logs with the gateway's logger, which carries no requestId: the lines since the request.)
    const since = logs.slice(logsBefore);
    const logged = since.filter((l) => l.msg === 'request failed with an internal error');
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ errorClass: 'MongoServerError', errorCode: 2, path: ['customers'] });
    for (const leak of ['injected', stored.phone, stored.name]) expect(JSON.stringify(since)).not.toContain(leak);
  }, 30_000);
});
