// The audit ledger over HTTP (docs/design.md, "The audit ledger"): every classified value a response carries produces
// exactly one record with who/what/where/how — and never the value — stored in the request's one
// ledger document (a disclosure batch); sync mode withholds the response when the ledger cannot
// be written; concurrent requests lose no record; the ledger queries are for auditors and admins
// and are audited themselves.
import { decodeJwt } from 'jose';
import type { ObjectId, Document } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expandBatch } from '../../src/audit/expand';
import { loadAuditVerifyKey } from '../../src/audit/keys';
import { verifyLedger } from '../../src/audit/verify';
import type { DataClass } from '../../src/policy/classes';
import type { Role } from '../../src/policy/roles';
import { realServer } from '../support/mongo';
import { startTestGateway, type TestGateway } from '../support/gateway';

let gw: TestGateway;
let customers: Document[];
beforeAll(async () => {
  gw = await startTestGateway({ customers: 60 });
  customers = await gw.mongo.db().collection('customers').find({}).toArray();
});
afterAll(() => gw?.close());

const ledger = () => gw.mongo.db().collection('audit_events');
const batchesOf = (requestId: string) => ledger().find({ requestId }).sort({ seq: 1 }).toArray();
const recordsOf = async (requestId: string) => (await batchesOf(requestId)).flatMap(expandBatch);

const CUSTOMER_FIELDS: Record<string, DataClass> = {
  name: 'NAME',
  phone: 'PHONE',
  idNumber: 'NATIONAL_ID',
  email: 'EMAIL',
  address: 'ADDRESS',
  birthDate: 'BIRTH_DATE',
  bankCard: 'BANK_CARD',
};

// Every classified field, one of them twice under an alias, one repeated under the same name
// (merged by GraphQL into one response field), and a nested classified field.
const QUERY = `query AuditProbe {
  customers(first: 4) {
    nodes {
      id name phone mobile: phone idNumber email address birthDate bankCard phone
      interactions(first: 2) { id customerId summary }
    }
  }
}`;

const USERS: { sub: string; role: Role; team?: string }[] = [
  { sub: 'admin-1', role: 'admin' },
  { sub: 'manager-east', role: 'manager', team: 'east' },
  { sub: 'sales-east-1', role: 'sales', team: 'east' },
  { sub: 'support-1', role: 'support' },
  { sub: 'analyst-1', role: 'analyst' },
  { sub: 'auditor-1', role: 'auditor' },
];

describe('records match the sensitive selections exactly', () => {
  it.each(USERS)('for $role', async (user) => {
    const token = await gw.token(user);
    const jti = decodeJwt(token).jti;
    const requestId = `req-${user.role}-0001`;
    const res = await gw.gql(token, QUERY, {}, { headers: { 'x-request-id': requestId } });
    if (user.role === 'auditor') {
      // No customer data at all for auditors: refused before anything is resolved or recorded.
      expect(res.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(await recordsOf(requestId)).toEqual([]);
      return;
    }
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();

    // One record per selection served: `mobile: phone` is a second Customer.phone record for the
    // same document (the response path is not stored, so records compare as a multiset).
    const expected: Record<string, unknown>[] = [];
    res.body.data.customers.nodes.forEach((c: Record<string, any>) => {
      for (const [alias, field] of [
        ['name', 'name'],
        ['phone', 'phone'],
        ['mobile', 'phone'],
        ['idNumber', 'idNumber'],
        ['email', 'email'],
        ['address', 'address'],
        ['birthDate', 'birthDate'],
        ['bankCard', 'bankCard'],
      ] as const) {
        const cls = CUSTOMER_FIELDS[field]!;
        expected.push({
          field: `Customer.${field}`,
          collection: 'customers',
          docId: c.id,
          customerId: c.id,
          class: cls,
          level: c[alias] === null ? 'hidden' : gw.gateway.policy.level(user.role, cls, false),
        });
      }
      c.interactions.forEach((it: Record<string, any>) => {
        expected.push({
          field: 'Interaction.summary',
          collection: 'interactions',
          docId: it.id,
          customerId: c.id,
          class: 'FREE_TEXT',
          level: it.summary === null ? 'hidden' : gw.gateway.policy.level(user.role, 'FREE_TEXT', false),
        });
      });
    });

    const batches = await batchesOf(requestId);
    expect(batches).toHaveLength(1);
    const records = batches.flatMap(expandBatch);
    expect(batches[0]!.n).toBe(records.length);
    const key = (r: Record<string, unknown>) => JSON.stringify(r);
    const actual = records.map((r) => ({
      field: r.field,
      collection: r.collection,
      docId: (r.docId as ObjectId).toHexString(),
      customerId: (r.customerId as ObjectId).toHexString(),
      class: r.class,
      level: r.level,
    }));
    expect(actual.sort((a, b) => key(a).localeCompare(key(b)))).toEqual(expected.sort((a, b) => key(a).localeCompare(key(b))));
    expect(records.length).toBeGreaterThan(0);

    for (const r of records) {
      expect(r).toMatchObject({
        v: 2,
        instanceId: gw.config.audit.instanceId,
        requestId,
        operationName: 'AuditProbe',
        subject: user.sub,
        role: user.role,
        tokenKind: 'user',
        jti,
        decision: 'view',
        reason: null,
        policyVersion: res.body.extensions?.disclosure?.policyVersion,
        levelBefore: null,
        levelAfter: null,
      });
      expect(r.clientAddress).toMatch(/127\.0\.0\.1$/);
      expect(r.ts).toBeInstanceOf(Date);
      expect(r.hash).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  it('no raw value reaches the ledger', async () => {
    const token = await gw.token({ sub: 'admin-1', role: 'admin' });
    const res = await gw.gql(token, QUERY, {}, { headers: { 'x-request-id': 'req-raw-values-01' } });
    expect(res.body.errors).toBeUndefined();
    const batches = await batchesOf('req-raw-values-01');
    expect(batches).toHaveLength(1);
    const stored = JSON.stringify(batches);
    const shown = res.body.data.customers.nodes.map((n: { id: string }) => customers.find((c) => c._id.toHexString() === n.id)!);
    expect(shown.length).toBe(4);
    for (const c of shown) {
      for (const value of [c.phone, c.idNumber, c.email, c.bankCard, c.name, c.address?.street]) {
        if (typeof value === 'string' && value.length > 0) expect(stored).not.toContain(value);
      }
    }
  });

  it('a response without classified fields writes nothing', async () => {
    const token = await gw.token({ sub: 'admin-1', role: 'admin' });
    const res = await gw.gql(token, '{ me { subject } customers(first: 3) { nodes { id tier } } }', {}, { headers: { 'x-request-id': 'req-no-sensitive-1' } });
    expect(res.body.errors).toBeUndefined();
    expect(await batchesOf('req-no-sensitive-1')).toEqual([]);
  });
});

describe('ledger queries', () => {
  const target = () => customers[7]!._id.toHexString();

  it('accessReport tells who saw which fields of a customer, in which form, how often', async () => {
    const admin = await gw.token({ sub: 'admin-1', role: 'admin' });
    const support = await gw.token({ sub: 'support-1', role: 'support' });
    const q = `query($id: ID!) { customer(id: $id) { phone idNumber } }`;
    const auditor = await gw.token({ sub: 'auditor-1', role: 'auditor' });
    const reportQuery = `query($id: ID!) { accessReport(customerId: $id) { customerId totalEvents entries { subject role field dataClass level decision count firstSeen lastSeen } } }`;
    const countOf = (report: any, subject: string, field: string) => report.entries.find((e: any) => e.subject === subject && e.field === field)?.count ?? 0;
    const earlier = (await gw.gql(auditor, reportQuery, { id: target() })).body.data.accessReport;
    for (let i = 0; i < 3; i++) expect((await gw.gql(admin, q, { id: target() })).body.errors).toBeUndefined();
    expect((await gw.gql(support, q, { id: target() })).body.errors).toBeUndefined();

    const res = await gw.gql(auditor, reportQuery, { id: target() });
    expect(res.body.errors).toBeUndefined();
    const report = res.body.data.accessReport;
    const entry = (subject: string, field: string) => report.entries.find((e: any) => e.subject === subject && e.field === field);
    expect(entry('admin-1', 'Customer.phone')).toMatchObject({
      role: 'admin',
      dataClass: 'PHONE',
      level: 'clear',
      decision: 'view',
      count: countOf(earlier, 'admin-1', 'Customer.phone') + 3,
    });
    expect(entry('admin-1', 'Customer.idNumber')).toMatchObject({ level: 'partial', count: countOf(earlier, 'admin-1', 'Customer.idNumber') + 3 });
    expect(entry('support-1', 'Customer.phone')).toMatchObject({ role: 'support', level: 'partial', count: countOf(earlier, 'support-1', 'Customer.phone') + 1 });
    expect(entry('support-1', 'Customer.idNumber')).toMatchObject({ level: 'last4', count: countOf(earlier, 'support-1', 'Customer.idNumber') + 1 });
    expect(Date.parse(entry('admin-1', 'Customer.phone').firstSeen)).toBeLessThanOrEqual(Date.parse(entry('admin-1', 'Customer.phone').lastSeen));
    expect(report.totalEvents).toBe(report.entries.reduce((n: number, e: any) => n + e.count, 0));
  });

  it('auditEvents filters and pages with opaque cursors', async () => {
    const auditor = await gw.token({ sub: 'auditor-1', role: 'auditor' });
    const q = `query($f: AuditEventFilter, $after: String) { auditEvents(filter: $f, first: 3, after: $after) { nodes { id seq subject field level decision customerId time } pageInfo { hasNextPage endCursor } } }`;
    const filter = { customerId: target(), subject: 'admin-1', field: 'Customer.phone' };
    const first = await gw.gql(auditor, q, { f: filter });
    expect(first.body.errors).toBeUndefined();
    const page1 = first.body.data.auditEvents;
    expect(page1.nodes.length).toBe(3);
    expect(page1.pageInfo.hasNextPage).toBe(true);
    for (const n of page1.nodes) expect(n).toMatchObject({ subject: 'admin-1', field: 'Customer.phone', customerId: target(), level: 'clear', decision: 'view' });
    expect(page1.pageInfo.endCursor).not.toContain(target());

    const second = await gw.gql(auditor, q, { f: filter, after: page1.pageInfo.endCursor });
    expect(second.body.errors, JSON.stringify(second.body.errors)).toBeUndefined();
    const page2 = second.body.data.auditEvents;
    expect(page2.nodes.map((n: any) => n.id)).not.toContain(page1.nodes[0].id);
    const times = [...page1.nodes, ...page2.nodes].map((n: any) => Date.parse(n.time));
    expect(times).toEqual([...times].sort((a, b) => b - a));

    const otherFilter = await gw.gql(auditor, q, { f: { subject: 'support-1' }, after: page1.pageInfo.endCursor });
    expect(otherFilter.body.errors?.[0]?.extensions?.code).toBe('INVALID_CURSOR');
  });

  it('reading the ledger is itself audited', async () => {
    const admin = await gw.token({ sub: 'admin-1', role: 'admin' });
    const res = await gw.gql(
      admin,
      `query Reads($id: ID!) { auditEvents(filter: { customerId: $id }, first: 2) { nodes { id } } accessReport(customerId: $id) { totalEvents } }`,
      { id: target() },
      { headers: { 'x-request-id': 'req-ledger-read-1' } },
    );
    expect(res.body.errors).toBeUndefined();
    const reads = await recordsOf('req-ledger-read-1');
    // The two root fields resolve concurrently: their records come in either order.
    expect(reads.map((r) => [r.field, r.collection, r.class, r.decision, r.subject, (r.customerId as ObjectId).toHexString()]).sort()).toEqual([
      ['Query.accessReport', 'audit_events', 'AUDIT_LEDGER', 'view', 'admin-1', target()],
      ['Query.auditEvents', 'audit_events', 'AUDIT_LEDGER', 'view', 'admin-1', target()],
    ]);
    expect(JSON.parse(reads.find((r) => r.field === 'Query.auditEvents')!.reason as string)).toEqual({ filter: { customerId: target() }, returned: 2 });
  });

  it('other roles and BI tokens are refused', async () => {
    for (const user of USERS.filter((u) => u.role !== 'admin' && u.role !== 'auditor')) {
      const res = await gw.gql(await gw.token(user), '{ auditEvents { nodes { id } } }');
      expect(res.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(res.body.data?.auditEvents).toBeNull();
    }
  });
});

describe.skipIf(realServer)('sync mode fails closed', () => {
  it('withholds sensitive data while audit_events rejects writes, and recovers when it accepts them', async () => {
    const token = await gw.token({ sub: 'admin-1', role: 'admin' });
    const readyz = async () => (await fetch(gw.url.replace('/graphql', '/readyz'))).status;
    const before = await ledger().countDocuments({});

    gw.mongo.faults!.failCommand({ command: 'insert', collection: 'audit_events', code: 91, times: 1_000 });
    const refused = await fetch(gw.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: QUERY }),
    });
    const text = await refused.text();
    expect(refused.status).toBe(503);
    expect(JSON.parse(text)).toEqual({ errors: [{ message: 'the audit ledger cannot be written; sensitive data withheld', extensions: { code: 'AUDIT_UNAVAILABLE' } }] });
    expect(refused.headers.get('retry-after')).toBe('5');
    for (const c of customers) expect(text).not.toContain(c.phone);
    // Nothing sensitive, nothing to wait for.
    expect((await gw.gql(token, '{ me { subject } }')).status).toBe(200);
    expect(await readyz()).toBe(503);
    expect(await ledger().countDocuments({})).toBe(before);

    gw.mongo.faults!.reset();
    expect(await readyz()).toBe(200);
    const ok = await gw.gql(token, QUERY, {}, { headers: { 'x-request-id': 'req-after-recovery' } });
    expect(ok.status).toBe(200);
    expect(ok.body.data.customers.nodes.length).toBe(4);
    expect((await recordsOf('req-after-recovery')).length).toBeGreaterThan(0);
    const report = await verifyLedger(gw.mongo.db(), await loadAuditVerifyKey(gw.config));
    expect(report.ok).toBe(true);
  });
});

describe('group commit under load', () => {
  it('50 concurrent clients sending 4 requests each lose no record', async () => {
    const subjects = Array.from({ length: 50 }, (_, i) => `load-${i}`);
    const tokens = await Promise.all(subjects.map((sub) => gw.token({ sub, role: 'support' })));
    const q = `{ customers(first: 3) { nodes { id name phone p: phone email } } }`;
    const before = gw.gateway.audit.stats();
    let served = 0;
    let requests = 0;
    await Promise.all(
      tokens.map(async (token) => {
        // A fixed count, not a duration: the test means the same on a loaded machine.
        for (let i = 0; i < 4; i++) {
          const res = await gw.gql(token, q);
          expect(res.status).toBe(200);
          served += res.body.data.customers.nodes.length * 4;
          requests++;
        }
      }),
    );
    const batches = await ledger()
      .find({ subject: { $in: subjects } })
      .toArray();
    expect(batches.reduce((n, b) => n + expandBatch(b).length, 0)).toBe(served);
    // One ledger document per request.
    expect(batches.length).toBe(requests);
    const after = gw.gateway.audit.stats();
    // Many requests per insert: the group commit did its job.
    expect(requests).toBe(200);
    expect(after.inserts - before.inserts).toBeLessThan(requests);
    const report = await verifyLedger(gw.mongo.db(), await loadAuditVerifyKey(gw.config));
    expect(report.ok).toBe(true);
  });
});
