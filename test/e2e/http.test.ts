// The HTTP surface: health and readiness, limits, the Sandbox landing page, introspection only for
// admins, mutations with validation, and errors that never echo stored values.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Document } from 'mongodb';
import { startTestGateway, type TestGateway } from '../support/gateway';

let gw: TestGateway;
let admin: string;
let sales: string;
let mine: Document;
beforeAll(async () => {
  gw = await startTestGateway({ customers: 30, env: { SANDBOX: 'on' } });
  admin = await gw.token({ sub: 'admin-1', role: 'admin' });
  sales = await gw.token({ sub: 'sales-east-1', role: 'sales', team: 'east' });
  mine = (await gw.mongo.db().collection('customers').findOne({ ownerId: 'sales-east-1' }))!;
});
afterAll(() => gw?.close());

const base = () => gw.url.replace(/\/graphql$/, '');

describe('operational endpoints', () => {
  it('/healthz answers, /readyz checks the store, unknown paths are 404', async () => {
    expect((await fetch(`${base()}/healthz`)).status).toBe(200);
    const ready = await fetch(`${base()}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });
    expect((await fetch(`${base()}/nope`)).status).toBe(404);
  });

  it('/metrics exposes request, auth-failure and audit counters with fixed labels and no personal data', async () => {
    await gw.gql(admin, `{ customers(first: 5) { nodes { phone } } }`);
    await gw.gql('not-a-token', `{ me { subject } }`);
    const res = await fetch(`${base()}/metrics`);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toMatch(/crm_gateway_graphql_requests_total\{status="2xx"\} \d+/);
    expect(text).toMatch(/crm_gateway_auth_failures_total\{reason="malformed"\} 1/);
    expect(text).toMatch(/crm_gateway_audit_records_committed_total\{mode="sync"\} [1-9]\d*/);
    expect(text).toContain('crm_gateway_process_cpu_seconds_total');
    const phones = (await gw.mongo.db().collection('customers').find({}).toArray()).map((c) => c.phone as string);
    for (const phone of phones) expect(text).not.toContain(phone);
    expect(text).not.toContain('admin-1');
  });

  it('refuses bodies over 1 MB with 413 before authenticating', async () => {
    const res = await fetch(gw.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `{ me { subject } }`, pad: 'x'.repeat(1_100_000) }),
    });
    expect(res.status).toBe(413);
  });

  it('serves the Sandbox landing page to a browser without a token, and nothing else', async () => {
    const page = await fetch(gw.url, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<html');
    // SANDBOX=on in production mode: no telemetry, no cookies, and no token in the page.
    expect(html).toContain('"runTelemetry":false');
    expect(html).toContain('"includeCookies":false');
    expect(html).not.toContain('Bearer');
    const query = await fetch(`${gw.url}?query=${encodeURIComponent('{ me { subject } }')}`, { headers: { accept: 'text/html', 'apollo-require-preflight': 'true' } });
    expect(query.status).toBe(401);
  });
});

describe('schema exposure', () => {
  const INTROSPECT = `{ __schema { queryType { name } } }`;
  it('admins may introspect (Sandbox); others get INTROSPECTION_DISABLED', async () => {
    expect((await gw.gql(admin, INTROSPECT)).body.data.__schema.queryType.name).toBe('Query');
    const refused = await gw.gql(sales, `query { ...F } fragment F on Query { __type(name: "Customer") { name } }`);
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('INTROSPECTION_DISABLED');
    expect(refused.body.data).toBeUndefined();
  });
  it('field suggestions are hidden from every role (graphql-armor), admins included', async () => {
    const typo = `{ customers { nodes { phon } } }`;
    for (const token of [admin, sales]) {
      const message = (await gw.gql(token, typo)).body.errors?.[0]?.message;
      expect(message).toContain('Cannot query field "phon"');
      expect(message).toContain('[Suggestion hidden]');
      expect(message).not.toContain('"phone"');
    }
  });
});

describe('disclosure extension', () => {
  it('says per field how it was served, and which values were withheld because they could not be masked', async () => {
    const coll = gw.mongo.db().collection('customers');
    const broken = await coll.findOne({ ownerId: { $ne: 'sales-east-1' } });
    await coll.updateOne({ _id: broken!._id }, { $set: { phone: 'call reception' } });
    const support = await gw.token({ sub: 'support-1', role: 'support' });
    const res = await gw.gql(support, `query($id: ID!) { customer(id: $id) { phone idNumber birthDate } }`, { id: broken!._id.toHexString() });
    expect(res.body.data.customer.phone).toBeNull();
    expect(res.body.extensions?.disclosure).toEqual({
      policyVersion: 'default-2026-11-27',
      levels: { 'Customer.phone': 'partial', 'Customer.idNumber': 'last4', 'Customer.birthDate': 'hidden' },
      withheld: ['customer.phone'],
      downgraded: {},
    });
    // The unparseable value is withheld, never passed through.
    expect(JSON.stringify(res.body)).not.toContain('reception');
  });
});

describe('mutations', () => {
  const UPDATE = `mutation($id: ID!, $in: CustomerContactInput!) { updateCustomerContact(id: $id, input: $in) { id phone email } }`;
  it('update a customer in scope with normalised values, served back at the caller level', async () => {
    const res = await gw.gql(sales, UPDATE, { id: mine._id.toHexString(), in: { phone: '+86 139-1234-5678', email: 'New.Person@Example.COM' } });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.updateCustomerContact).toEqual({ id: mine._id.toHexString(), phone: '13912345678', email: 'New.Person@example.com' });
    const stored = await gw.mongo.db().collection('customers').findOne({ _id: mine._id });
    expect(stored).toMatchObject({ phone: '13912345678', email: 'New.Person@example.com' });
  });

  it('audit a change of classified fields with the levels before and after, never the values', async () => {
    const res = await gw.gql(sales, UPDATE, { id: mine._id.toHexString(), in: { phone: '13711112222', idNumber: '110101199003071233' } });
    expect(res.body.errors).toBeUndefined();
    const auditor = await gw.token({ sub: 'auditor-1', role: 'auditor' });
    const events = await gw.gql(
      auditor,
      `query($c: ID) { auditEvents(filter: { customerId: $c, decision: update }, first: 10) { nodes { subject field dataClass level decision levelBefore levelAfter } } }`,
      { c: mine._id.toHexString() },
    );
    expect(events.body.errors).toBeUndefined();
    const nodes = events.body.data.auditEvents.nodes as Record<string, string>[];
    expect(nodes.filter((n) => n.field === 'Customer.phone' || n.field === 'Customer.idNumber')).toEqual(
      expect.arrayContaining([
        { subject: 'sales-east-1', field: 'Customer.phone', dataClass: 'PHONE', level: 'clear', decision: 'update', levelBefore: 'clear', levelAfter: 'clear' },
        { subject: 'sales-east-1', field: 'Customer.idNumber', dataClass: 'NATIONAL_ID', level: 'partial', decision: 'update', levelBefore: 'partial', levelAfter: 'partial' },
      ]),
    );
    const ledger = JSON.stringify(await gw.mongo.db().collection('audit_events').find({}).toArray());
    expect(ledger).not.toContain('13711112222');
    expect(ledger).not.toContain('110101199003071233');
  });

  it('reject invalid phone, email and ID number with typed errors that do not echo the input', async () => {
    for (const [input, errorCode] of [
      [{ phone: '12345' }, 'INVALID_PHONE'],
      [{ email: 'not-an-email@' }, 'INVALID_EMAIL'],
      [{ idNumber: '110101199003071234' }, 'INVALID_ID_NUMBER'],
    ] as const) {
      const res = await gw.gql(sales, UPDATE, { id: mine._id.toHexString(), in: input });
      expect(res.body.errors?.[0]?.extensions?.code).toBe(errorCode);
      expect(JSON.stringify(res.body)).not.toContain(Object.values(input)[0]);
    }
  });

  it('a customer out of scope reads as not found; analysts may not write', async () => {
    const foreign = await gw.mongo
      .db()
      .collection('customers')
      .findOne({ ownerId: { $ne: 'sales-east-1' } });
    expect((await gw.gql(sales, UPDATE, { id: foreign!._id.toHexString(), in: { email: 'x@example.com' } })).body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const analyst = await gw.token({ sub: 'analyst-1', role: 'analyst' });
    expect((await gw.gql(analyst, UPDATE, { id: mine._id.toHexString(), in: { email: 'x@example.com' } })).body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('a duplicate-key error is answered with CONFLICT and never quotes the stored value', async () => {
    const coll = gw.mongo.db().collection('customers');
    await coll.createIndex({ email: 1 }, { unique: true, name: 'email_unique' });
    try {
      const other = await coll.findOne({ ownerId: 'sales-east-1', _id: { $ne: mine._id } });
      const res = await gw.gql(sales, UPDATE, { id: other!._id.toHexString(), in: { email: 'New.Person@example.com' } });
      expect(res.body.errors?.[0]?.extensions?.code).toBe('CONFLICT');
      expect(JSON.stringify(res.body)).not.toMatch(/new\.person/i);
    } finally {
      await coll.dropIndex('email_unique');
    }
  });

  it('addInteraction records the caller as agent and masks the new summary by policy', async () => {
    const manager = await gw.token({ sub: 'manager-east', role: 'manager', team: 'east' });
    const res = await gw.gql(
      manager,
      `mutation($id: ID!) { addInteraction(customerId: $id, input: { channel: phone, summary: "客户来电，新号码13712345678" }) { agentId channel summary } }`,
      { id: mine._id.toHexString() },
    );
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.addInteraction).toEqual({ agentId: 'manager-east', channel: 'phone', summary: '客户来电，新号码137****5678' });
  });
});
