// A write can be a read: with a unique index on a classified field, CONFLICT or success on
// updateCustomerContact tells whether a value exists anywhere in the database. Written as an
// attacker would: a sales rep probing other customers' phone and ID numbers through an own
// customer. Such a write is an exact lookup — the lookup right for the class, one from the lookup
// budget, audited as a lookup — and without the right it is refused the same way whether the
// value exists or not. The unique indexes are created here, as a real CRM would have them.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Document } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_POLICY_FILE } from '../../src/policy/load';
import { startTestGateway, type TestGateway } from '../support/gateway';

const BUDGET = 6;
let gw: TestGateway;
let mine: Document;
let others: Document[];
beforeAll(async () => {
  const policy = JSON.parse(readFileSync(DEFAULT_POLICY_FILE, 'utf8'));
  policy.lookups.budgetPerHour = BUDGET;
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'crm-policy-')), 'policy.json');
  writeFileSync(file, JSON.stringify(policy));
  gw = await startTestGateway({
    customers: 40,
    env: { POLICY_FILE: file },
    beforeStart: async (db) => {
      // The seed's plain indexes on the same keys make way for unique ones.
      for (const spec of await db.collection('customers').listIndexes().toArray()) {
        if (spec.name !== '_id_' && ('phone' in spec.key || 'idNumber' in spec.key)) await db.collection('customers').dropIndex(spec.name);
      }
      await db.collection('customers').createIndex({ phone: 1 }, { unique: true, name: 'phone_unique' });
      await db.collection('customers').createIndex({ idNumber: 1 }, { unique: true, name: 'id_unique' });
    },
  });
  const all = await gw.mongo.db().collection('customers').find({}).toArray();
  mine = all.find((c) => c.ownerId === 'sales-east-1')!;
  others = all.filter((c) => c.ownerId !== 'sales-east-1' && /^1\d{10}$/.test(c.phone));
});
afterAll(() => gw?.close());

const UPDATE = `mutation($id: ID!, $in: CustomerContactInput!) { updateCustomerContact(id: $id, input: $in) { id } }`;
// A refused request still counts on the shared counters (docs/limits.md), so "used" is capped at the budget.
const budgetUsed = async (sub: string) =>
  Math.min(
    BUDGET,
    (
      await gw.mongo
        .db()
        .collection('gateway_rate_limits')
        .findOne({ key: `budget:lookup:${sub}` })
    )?.points ?? 0,
  );
/** A valid 18-digit ID number nobody has. */
function freshId(): string {
  const first17 = `11010119900307${Math.floor(Math.random() * 900) + 100}`;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * w[i]!;
  return first17 + '10X98765432'[sum % 11];
}

describe('probing for existing values through a unique index', () => {
  it('sales (phone lookup right): each probe is charged as a lookup and audited; the budget ends the probing', async () => {
    const sales = await gw.token({ sub: 'sales-east-1', role: 'sales', team: 'east' });
    const codes: (string | undefined)[] = [];
    // Another customer's number (exists) and numbers nobody has, alternately.
    for (let i = 0; i < BUDGET; i++) {
      const phone = i % 2 === 0 ? others[i]!.phone : `1390000${String(1000 + i)}`;
      const res = await gw.gql(sales, UPDATE, { id: mine._id.toHexString(), in: { phone } });
      codes.push(res.body.errors?.[0]?.extensions?.code);
      expect(JSON.stringify(res.body)).not.toContain(others[i]!.phone);
    }
    // Within the budget the answer is an honest lookup: CONFLICT for a taken number.
    expect(codes).toEqual(['CONFLICT', undefined, 'CONFLICT', undefined, 'CONFLICT', undefined]);
    expect(await budgetUsed('sales-east-1')).toBe(BUDGET);
    const over = await gw.gql(sales, UPDATE, { id: mine._id.toHexString(), in: { phone: others[BUDGET]!.phone } });
    expect(over.body.errors?.[0]?.extensions?.code).toBe('LOOKUP_BUDGET_EXCEEDED');
    const overFresh = await gw.gql(sales, UPDATE, { id: mine._id.toHexString(), in: { phone: '13900009999' } });
    expect(overFresh.body.errors?.[0]?.extensions?.code).toBe('LOOKUP_BUDGET_EXCEEDED');
    // Refused before the write: the value is not stored.
    expect((await gw.mongo.db().collection('customers').findOne({ _id: mine._id }))?.phone).not.toBe('13900009999');

    const auditor = await gw.token({ sub: 'auditor-1', role: 'auditor' });
    const events = await gw.gql(auditor, `{ auditEvents(filter: { subject: "sales-east-1", field: "Customer.phone" }, first: 100) { nodes { decision dataClass reason } } }`);
    const nodes = events.body.data.auditEvents.nodes as { decision: string; reason: string | null }[];
    expect(nodes.filter((n) => n.decision === 'lookup')).toHaveLength(BUDGET);
    expect(nodes.filter((n) => n.decision === 'deny' && n.reason === 'lookup budget exhausted')).toHaveLength(2);
  });

  it('sales (no ID lookup right): the same refusal whether the ID number exists or not, nothing written', async () => {
    const sales = await gw.token({ sub: 'sales-east-1', role: 'sales', team: 'east' });
    const taken = await gw.gql(sales, UPDATE, { id: mine._id.toHexString(), in: { idNumber: others[0]!.idNumber } });
    const fresh = await gw.gql(sales, UPDATE, { id: mine._id.toHexString(), in: { idNumber: freshId() } });
    expect(taken.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN_WRITE');
    expect(taken.status).toBe(fresh.status);
    expect(taken.body).toEqual(fresh.body);
    expect(JSON.stringify(taken.body)).not.toContain(others[0]!.idNumber);
    expect((await gw.mongo.db().collection('customers').findOne({ _id: mine._id }))?.idNumber).toBe(mine.idNumber);
  });

  it('manager (no phone lookup right): the same refusal whether the number exists or not', async () => {
    const manager = await gw.token({ sub: 'manager-east', role: 'manager', team: 'east' });
    const taken = await gw.gql(manager, UPDATE, { id: mine._id.toHexString(), in: { phone: others[1]!.phone } });
    const fresh = await gw.gql(manager, UPDATE, { id: mine._id.toHexString(), in: { phone: '13900007777' } });
    expect(taken.body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN_WRITE', field: 'Customer.phone' });
    expect(taken.body).toEqual(fresh.body);
  });

  it('a compound unique index counts too, and a field no unique index covers is written as before', async () => {
    await gw.mongo.db().collection('customers').createIndex({ teamId: 1, email: 1 }, { unique: true, name: 'team_email_unique' });
    try {
      const sales = await gw.token({ sub: 'sales-east-2', role: 'sales', team: 'east' });
      const own = await gw.mongo.db().collection('customers').findOne({ ownerId: 'sales-east-2' });
      expect(own).not.toBeNull();
      const res = await gw.gql(sales, UPDATE, { id: own!._id.toHexString(), in: { email: 'fresh.person@example.com' } });
      expect(res.body.errors).toBeUndefined();
      expect(await budgetUsed('sales-east-2')).toBe(1);
    } finally {
      await gw.mongo.db().collection('customers').dropIndex('team_email_unique');
    }
    const sales = await gw.token({ sub: 'sales-east-3', role: 'sales', team: 'east' });
    const own = await gw.mongo.db().collection('customers').findOne({ ownerId: 'sales-east-3' });
    expect(own).not.toBeNull();
    const res = await gw.gql(sales, UPDATE, { id: own!._id.toHexString(), in: { email: 'another.person@example.com' } });
    expect(res.body.errors).toBeUndefined();
    expect(await budgetUsed('sales-east-3')).toBe(0);
  });
});

describe('the same rule for any collection', () => {
  it('a unique index on interaction notes makes addInteraction refuse every role (nobody may look notes up), taken or not', async () => {
    const interactions = gw.mongo.db().collection('interactions');
    const existing = await interactions.findOne({ summary: { $type: 'string' } });
    expect(existing).not.toBeNull();
    // Seeded notes repeat; keep one so that the index can be built.
    await interactions.deleteMany({ _id: { $ne: existing!._id } });
    await interactions.createIndex({ summary: 1 }, { unique: true, name: 'summary_unique', partialFilterExpression: { summary: { $type: 'string' } } });
    try {
      const sales = await gw.token({ sub: 'sales-east-1', role: 'sales', team: 'east' });
      const ADD = `mutation($c: ID!, $s: String!) { addInteraction(customerId: $c, input: { channel: phone, summary: $s }) { id } }`;
      const taken = await gw.gql(sales, ADD, { c: mine._id.toHexString(), s: existing!.summary });
      const fresh = await gw.gql(sales, ADD, { c: mine._id.toHexString(), s: `a note nobody wrote ${Date.now()}` });
      expect(taken.body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN_WRITE', field: 'Interaction.summary' });
      expect(taken.body).toEqual(fresh.body);
    } finally {
      await interactions.dropIndex('summary_unique');
    }
  });
});
