// Bulk-access detection across two gateway instances on one database: a support agent pages
// through customers alternating between instances; past the role's threshold of distinct
// customers one alert is raised (ledger record, signed webhook, metric), and for the rest of the
// window every instance serves that agent's classified fields at the degraded levels — said in
// extensions.disclosure and in the ledger. `crm-gateway alerts list|clear` as an admin runs them.
import { execFile } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { realServer } from '../support/mongo';
import { expandBatch } from '../../src/audit/expand';
import { DEGRADED_REASON } from '../../src/disclosure/serve';
import { TEST_AUDIT_KEY } from '../support/keys';
import { startTestGateway, TEST_AUDIENCE, TEST_ISSUER, TEST_SECRET, type GraphQLResponse, type TestGateway } from '../support/gateway';

const THRESHOLD = 12;
const SECRET = 'webhook-secret-0123456789';
let a: TestGateway;
let b: TestGateway;
let hooks: Server;
const received: { headers: Record<string, string | string[] | undefined>; body: string }[] = [];

beforeAll(async () => {
  hooks = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => hooks.listen(0, '127.0.0.1', r));
  const policy = JSON.parse(readFileSync('policy/default.json', 'utf8'));
  policy.bulkAccess.roles.support = THRESHOLD;
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'bulk-')), 'policy.json');
  writeFileSync(file, JSON.stringify(policy));
  const env = { POLICY_FILE: file, ALERT_WEBHOOK_URL: `http://127.0.0.1:${(hooks.address() as AddressInfo).port}/alerts`, ALERT_WEBHOOK_SECRET: SECRET };
  a = await startTestGateway({ customers: 40, env });
  b = await startTestGateway({ env, sameDatabaseAs: a });
}, 60_000);
afterAll(async () => {
  await b?.close();
  await a?.close();
  hooks?.close();
});

const PAGE = `query($after: String) { customers(first: 5, after: $after) { nodes { id phone } pageInfo { endCursor } } }`;

async function waitFor<T>(probe: () => Promise<T | null>): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const v = await probe();
    if (v !== null) return v;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('condition not reached');
}

it('alerts once past the threshold, degrades the principal on both instances, and an admin can clear it', async () => {
  const support = await a.token({ sub: 'support-9', role: 'support' });
  let after: string | null = null;
  // 3 pages of 5 = 15 distinct customers > 12, alternating instances.
  for (let page = 0; page < 3; page++) {
    const res: GraphQLResponse = await (page % 2 ? b : a).gql(support, PAGE, { after });
    expect(res.status).toBe(200);
    expect(res.body.extensions?.disclosure?.degraded).toBeUndefined();
    for (const n of res.body.data.customers.nodes) expect(n.phone).toMatch(/^\d{3}\*{4}\d{4}|^\+/);
    after = res.body.data.customers.pageInfo.endCursor;
  }
  const alert = await waitFor(() => a.mongo.db().collection('gateway_alerts').findOne({ subject: 'support-9' }));
  expect(alert).toMatchObject({ role: 'support', threshold: THRESHOLD, distinctCustomers: 15, windowMinutes: 10 });

  // Degraded on both instances: phones as keyed tokens, and the response says why.
  for (const gw of [a, b]) {
    const res = await gw.gql(support, PAGE, { after: null });
    expect(res.body.extensions!.disclosure.degraded).toMatchObject({ reason: 'bulk_access_alert' });
    expect(res.body.extensions!.disclosure.levels['Customer.phone']).toBe('token');
    for (const n of res.body.data.customers.nodes) expect(n.phone).toMatch(/^tel_/);
  }

  // The ledger: one alert record about the principal (no customer, no value), and degraded views.
  const batches = await a.mongo.db().collection('audit_events').find({ subject: 'support-9' }).toArray();
  const records = batches.flatMap((batch) => expandBatch(batch as never));
  const alerts = records.filter((r) => r.decision === 'alert');
  expect(alerts).toHaveLength(1);
  expect(alerts[0]).toMatchObject({ class: 'BULK_ACCESS', customerId: null });
  expect(String(alerts[0]!.reason)).toContain(`threshold ${THRESHOLD}`);
  expect(records.filter((r) => r.reason === DEGRADED_REASON).length).toBeGreaterThan(0);

  // The webhook: one signed POST the receiver can check.
  const hook = await waitFor(async () => received[0] ?? null);
  expect(received).toHaveLength(1);
  const timestamp = String(hook.headers['x-crm-gateway-timestamp']);
  const expected = `sha256=${createHmac('sha256', SECRET).update(`${timestamp}.${hook.body}`).digest('hex')}`;
  expect(hook.headers['x-crm-gateway-signature']).toBe(expected);
  expect(JSON.parse(hook.body)).toMatchObject({ type: 'bulk_access_alert', subject: 'support-9', role: 'support', distinctCustomers: 15, threshold: THRESHOLD });

  const metrics = await (await fetch(a.url.replace(/\/graphql$/, '/metrics'))).text();
  const raisedHere = /crm_gateway_bulk_access_alerts_total\{role="support"\} (\d+)/.exec(metrics);
  const metricsB = await (await fetch(b.url.replace(/\/graphql$/, '/metrics'))).text();
  const raisedThere = /crm_gateway_bulk_access_alerts_total\{role="support"\} (\d+)/.exec(metricsB);
  expect(Number(raisedHere?.[1] ?? 0) + Number(raisedThere?.[1] ?? 0)).toBe(1);

  // An admin checks the case with the CLI and clears it: the agent is served normally again.
  const cli = (args: string[]) =>
    promisify(execFile)(process.execPath, ['bin/crm-gateway.mjs', 'alerts', ...args], {
      env: {
        PATH: process.env.PATH,
        MONGODB_URI: a.mongo.uri,
        MONGODB_DB: a.mongo.dbName,
        JWT_SECRET: TEST_SECRET,
        JWT_ISSUER: TEST_ISSUER,
        JWT_AUDIENCE: TEST_AUDIENCE,
        PSEUDONYM_KEY: 'test-pseudonym-key-0123456789-abcdefghij',
        AUDIT_SIGNING_KEY: TEST_AUDIT_KEY,
      },
    });
  const listed = await cli(['list']);
  expect(listed.stdout).toMatch(/^support-9\trole=support\tkind=user\tcustomers=15\tthreshold=12\twindow=10m/m);
  const cleared = await cli(['clear', '--sub', 'support-9']);
  expect(cleared.stdout).toContain('closed 1 alert(s) about support-9');
  expect((await cli(['list'])).stdout).toContain('no open alerts');
  const again = await b.gql(support, PAGE, { after: null });
  expect(again.body.extensions!.disclosure.degraded).toBeUndefined();
  expect(again.body.extensions!.disclosure.levels['Customer.phone']).toBe('partial');
}, 90_000);

it('roles the policy does not watch are never degraded (analysts see keyed tokens anyway)', async () => {
  const analyst = await a.token({ sub: 'analyst-9', role: 'analyst' });
  for (let i = 0; i < 4; i++) {
    const res = await a.gql(analyst, '{ customers(first: 20) { nodes { id phone } } }');
    expect(res.body.extensions?.disclosure?.degraded).toBeUndefined();
  }
  expect(await a.mongo.db().collection('gateway_bulk_access').countDocuments({ p: 'user:analyst-9' })).toBe(0);
});

// The alert lookup runs alongside the request's own reads (src/data/ready-gate.ts): when it
// fails, the documents already read are withheld, not served at the uncapped levels.
it.skipIf(realServer)('a failed alert lookup withholds the documents read alongside it', async () => {
  const support = await a.token({ sub: 'support-10', role: 'support' });
  a.mongo.faults!.failCommand({ command: 'find', collection: 'gateway_alerts', code: 2, times: 1 });
  const failed = await a.gql(support, '{ customers(first: 3) { nodes { id phone name } } }');
  a.mongo.faults!.reset();
  expect(failed.body.data).toEqual({ customers: null });
  expect(failed.body.errors).toEqual([expect.objectContaining({ path: ['customers'], extensions: { code: 'INTERNAL' } })]);
  expect(failed.body.extensions?.disclosure).toBeUndefined();
  // The next request is served as the policy says.
  const served = await a.gql(support, '{ customers(first: 3) { nodes { id phone name } } }');
  expect(served.body.data.customers.nodes).toHaveLength(3);
  expect(served.body.extensions!.disclosure.levels['Customer.phone']).toBe('partial');
});
