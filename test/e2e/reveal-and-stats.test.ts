// revealSensitive (MFA within the window, a reason, a budget), BI aggregates with small-group
// suppression, and aliases/fragments that reach a classified field twice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Document } from 'mongodb';
import { writeManifest } from '../support/documents';
import { startTestGateway, type TestGateway } from '../support/gateway';

const STATS = `query($g: [StatsDimension!]!) { customerStats(groupBy: $g) { groups { key { segment tier province ageBand } count lifetimeValueSum } suppressedGroups minGroupSize } }`;
const ROWS = `{ customers(first: 1) { nodes { id } } }`;

let gw: TestGateway;
let customer: Document;
beforeAll(async () => {
  // BI tokens run only the trusted-document manifest's documents.
  gw = await startTestGateway({ customers: 60, env: { TRUSTED_DOCUMENTS_FILE: writeManifest([STATS, ROWS]) } });
  customer = (await gw.mongo.db().collection('customers').findOne({ phone: /^1/ }))!;
});
afterAll(() => gw?.close());

const REVEAL = `mutation($id: ID!, $f: RevealableField!, $r: String!) { revealSensitive(customerId: $id, field: $f, reason: $r) { field dataClass value } }`;
const code = (res: { body: { errors?: { extensions?: Record<string, unknown> }[] } }) => res.body.errors?.[0]?.extensions?.code;

describe('revealSensitive', () => {
  it('returns the clear value to an admin with a fresh MFA and a reason, and records the reason', async () => {
    const token = await gw.token({ sub: 'admin-1', role: 'admin', mfa: true });
    const res = await gw.gql(token, REVEAL, { id: customer._id.toHexString(), f: 'idNumber', r: 'KYC re-verification ticket 4711' });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.revealSensitive).toEqual({ field: 'idNumber', dataClass: 'NATIONAL_ID', value: customer.idNumber });
  });

  it('is refused without MFA, with a stale MFA, without a reason, and for classes the role may not reveal', async () => {
    const id = customer._id.toHexString();
    const noMfa = await gw.token({ sub: 'admin-1', role: 'admin' });
    expect(code(await gw.gql(noMfa, REVEAL, { id, f: 'idNumber', r: 'KYC re-verification' }))).toBe('REVEAL_MFA_REQUIRED');
    const mfa = await gw.token({ sub: 'admin-1', role: 'admin', mfa: true });
    const stale = await gw.gql(mfa, REVEAL, { id, f: 'idNumber', r: '   ' });
    expect(code(stale)).toBe('REVEAL_REASON_REQUIRED');
    expect(code(await gw.gql(mfa, REVEAL, { id, f: 'birthDate', r: 'curious about it' }))).toBe('REVEAL_NOT_ALLOWED');
    const sales = await gw.token({ sub: customer.ownerId, role: 'sales', team: customer.teamId, mfa: true });
    expect(code(await gw.gql(sales, REVEAL, { id, f: 'idNumber', r: 'customer asked' }))).toBe('REVEAL_NOT_ALLOWED');
    const analyst = await gw.token({ sub: 'analyst-1', role: 'analyst', mfa: true });
    expect(code(await gw.gql(analyst, REVEAL, { id, f: 'phone', r: 'customer asked' }))).toBe('FORBIDDEN');
  });

  it('treats an MFA older than the window as no MFA', async () => {
    const { SignJWT } = await import('jose');
    const now = Math.floor(Date.now() / 1000);
    const token = await new SignJWT({ roles: ['admin'], amr: ['pwd', 'mfa'], auth_time: now - 16 * 60 })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('admin-1')
      .setIssuer(gw.config.jwt.issuer)
      .setAudience(gw.config.jwt.audience)
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode((gw.config.jwt.source as { secret: string }).secret));
    expect(code(await gw.gql(token, REVEAL, { id: customer._id.toHexString(), f: 'idNumber', r: 'KYC re-verification' }))).toBe('REVEAL_MFA_REQUIRED');
  });

  it('stops at the hourly budget', async () => {
    const token = await gw.token({ sub: 'support-budget', role: 'support', mfa: true });
    const id = customer._id.toHexString();
    const budget = 20; // policy/default.json reveal.budgetPerHour
    for (let i = 0; i < budget; i++) expect(code(await gw.gql(token, REVEAL, { id, f: 'phone', r: 'caller verification' }))).toBeUndefined();
    const over = await gw.gql(token, REVEAL, { id, f: 'phone', r: 'caller verification' });
    expect(code(over)).toBe('REVEAL_BUDGET_EXCEEDED');
    expect(JSON.stringify(over.body)).not.toContain(customer.phone);
  });

  it('a customer out of scope cannot be revealed', async () => {
    const other = await gw.mongo
      .db()
      .collection('customers')
      .findOne({ teamId: { $ne: 'east' } });
    const token = await gw.token({ sub: 'manager-east', role: 'manager', team: 'east', mfa: true });
    expect(code(await gw.gql(token, REVEAL, { id: other!._id.toHexString(), f: 'phone', r: 'customer asked' }))).toBe('NOT_FOUND');
  });
});

describe('customerStats', () => {
  const STATS = `query($g: [StatsDimension!]!) { customerStats(groupBy: $g) { groups { key { segment tier province ageBand } count lifetimeValueSum } suppressedGroups minGroupSize } }`;

  it('counts by dimension, with noise, and suppresses groups under the minimum size', async () => {
    const analyst = await gw.token({ sub: 'analyst-1', role: 'analyst' });
    const res = await gw.gql(analyst, STATS, { g: ['segment', 'tier'] });
    expect(res.body.errors).toBeUndefined();
    const stats = res.body.data.customerStats;
    expect(stats.minGroupSize).toBe(5);
    const all = await gw.mongo
      .db()
      .collection('customers')
      .aggregate([{ $group: { _id: { segment: '$segment', tier: '$tier' }, n: { $sum: 1 }, ltv: { $sum: '$lifetimeValue' } } }])
      .toArray();
    const exact = new Map(all.map((g) => [`${g._id.segment}/${g._id.tier}`, g]));
    const shown = stats.groups as { key: { segment: string; tier: string }; count: number; lifetimeValueSum: number }[];
    expect(shown.length).toBeGreaterThan(0);
    for (const g of shown) {
      const truth = exact.get(`${g.key.segment}/${g.key.tier}`)!;
      // Only groups at or above the minimum size leave the database; their counts come back
      // within a few standard deviations of the policy's count noise (3), never below the minimum.
      expect(truth.n).toBeGreaterThanOrEqual(5);
      expect(g.count).toBeGreaterThanOrEqual(5);
      expect(Math.abs(g.count - truth.n)).toBeLessThanOrEqual(15);
      expect(Number.isInteger(g.lifetimeValueSum)).toBe(true);
    }
    expect(stats.suppressedGroups).toBe(all.length - shown.length);
    expect(stats.suppressedGroups).toBeGreaterThan(0);
    // Ordered by the counts served, not by the exact ones.
    expect(shown.map((g) => g.count)).toEqual([...shown.map((g) => g.count)].sort((a, b) => b - a));
  });

  it('generalises age into decade bands', async () => {
    const analyst = await gw.token({ sub: 'analyst-1', role: 'analyst' });
    const res = await gw.gql(analyst, STATS, { g: ['ageBand'] });
    expect(res.body.errors).toBeUndefined();
    for (const g of res.body.data.customerStats.groups) expect(g.key.ageBand).toMatch(/^\d0–\d9$/);
  });

  it('is refused to BI tokens as GraphQL text, like every document they send', async () => {
    const { createTokenRegistry } = await import('../../src/auth/registry');
    const token = await gw.token({ sub: 'bi-superset', role: 'analyst', kind: 'bi', name: 'superset' });
    const jti = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()).jti as string;
    await createTokenRegistry(gw.mongo.db()).record({
      jti,
      name: 'superset',
      subject: 'bi-superset',
      role: 'analyst',
      scopes: [],
      expiresAt: new Date(Date.now() + 3_600_000),
      createdBy: 'test',
    });
    // BI tokens reach aggregates through registered reports (test/bi); GraphQL text is refused.
    expect(code(await gw.gql(token, STATS, { g: ['segment'] }))).toBe('BI_QUERY_NOT_ALLOWED');
    expect(code(await gw.gql(token, `{ customers(first: 1) { nodes { id } } }`))).toBe('BI_QUERY_NOT_ALLOWED');
  });
});

describe('aliases and fragments', () => {
  it('reaching a classified field twice masks both and records both', async () => {
    const support = await gw.token({ sub: 'support-1', role: 'support' });
    const res = await gw.gql(
      support,
      `query($id: ID!) { customer(id: $id) { a: phone b: phone ...F ... on Customer { c: idNumber } } } fragment F on Customer { phone idNumber }`,
      { id: customer._id.toHexString() },
    );
    const masked = `${customer.phone.slice(0, 3)}****${customer.phone.slice(7)}`;
    expect(res.body.data.customer).toEqual({
      a: masked,
      b: masked,
      phone: masked,
      idNumber: `**************${customer.idNumber.slice(14)}`,
      c: `**************${customer.idNumber.slice(14)}`,
    });
    expect(res.body.extensions?.disclosure.levels).toEqual({ 'Customer.phone': 'partial', 'Customer.idNumber': 'last4' });
    expect(JSON.stringify(res.body)).not.toContain(customer.phone);
  });
});
