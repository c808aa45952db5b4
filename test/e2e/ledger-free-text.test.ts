// Text users type that lands in the audit ledger — reveal reasons, ledger-read filters, operation
// names, request ids — is masked before it is stored and capped in length: an auditor reading
// the ledger back never gets a phone, ID or card number or an email address in clear, and
// neither does anyone reading the collection itself.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Document } from 'mongodb';
import { startTestGateway, type TestGateway } from '../support/gateway';

let gw: TestGateway;
let customer: Document;
let auditor: string;
beforeAll(async () => {
  gw = await startTestGateway({ customers: 20 });
  customer = (await gw.mongo.db().collection('customers').findOne({}))!;
  auditor = await gw.token({ sub: 'auditor-1', role: 'auditor' });
});
afterAll(() => gw?.close());

const REVEAL = `mutation($id: ID!, $r: String!) { revealSensitive(customerId: $id, field: idNumber, reason: $r) { value } }`;
const EVENTS = `query($f: AuditEventFilter) { auditEvents(filter: $f, first: 50) { nodes { field decision reason requestId operationName } } }`;
const PHONE = '13987654321';
const ID = '110101199003071233';
const CARD = '6222020200012345670';

async function ledgerText(): Promise<string> {
  return JSON.stringify(await gw.mongo.db().collection('audit_events').find({}).toArray());
}

/** Every way the values below could still be read: as typed, full-width folded, digits only. */
function expectNoValue(text: string): void {
  const folded = text.normalize('NFKC');
  for (const v of [PHONE, ID, CARD, 'li.lei@example.com']) expect(folded).not.toContain(v);
  expect(folded.replace(/\D/g, '')).not.toContain(PHONE.slice(3));
}

describe('reveal reasons', () => {
  it('are stored masked, so the auditor reading them back sees no number in clear', async () => {
    const admin = await gw.token({ sub: 'admin-1', role: 'admin', mfa: true });
    const reason = `客户来电 ${PHONE} 核实身份证 ${ID}，卡 ${CARD}，邮箱 li.lei@example.com，备用 １３９８７６５４３２１`;
    const res = await gw.gql(admin, REVEAL, { id: customer._id.toHexString(), r: reason });
    expect(res.body.errors).toBeUndefined();
    const read = await gw.gql(auditor, EVENTS, { f: { decision: 'reveal' } });
    expect(read.body.errors).toBeUndefined();
    const reasons = (read.body.data.auditEvents.nodes as { reason: string }[]).map((n) => n.reason);
    expect(reasons).toContain('客户来电 *********** 核实身份证 ******************，卡 **** ****，邮箱 ***@***，备用 ***********');
    expectNoValue(JSON.stringify(read.body));
    expectNoValue(await ledgerText());
  });

  it('are capped at 500 characters once masked, masked before the cut', async () => {
    const admin = await gw.token({ sub: 'admin-2', role: 'admin', mfa: true });
    // 490 characters as typed; each address masks one character longer (a@b.cn → ***@***).
    const reason = `${PHONE} ${'a@b.cn '.repeat(68)}`.trim();
    expect(reason.length).toBeLessThanOrEqual(500);
    expect((await gw.gql(admin, REVEAL, { id: customer._id.toHexString(), r: reason })).body.errors).toBeUndefined();
    const read = await gw.gql(auditor, EVENTS, { f: { decision: 'reveal', subject: 'admin-2' } });
    const stored = (read.body.data.auditEvents.nodes as { reason: string }[])[0]!.reason;
    expect(Array.from(stored)).toHaveLength(500);
    expect(stored.startsWith('*********** ***@*** ***@***')).toBe(true);
    expect(stored.endsWith('…')).toBe(true);
    expect(stored).not.toContain('a@b.cn');
    expectNoValue(await ledgerText());
  });
});

describe('ledger reads, operation names and request ids', () => {
  it('a filter value typed by an auditor is stored masked in the record of that read', async () => {
    expect((await gw.gql(auditor, EVENTS, { f: { subject: `caller ${PHONE}`, field: `Customer.phone ${ID}` } })).body.errors).toBeUndefined();
    const reads = await gw.gql(auditor, EVENTS, { f: { field: 'Query.auditEvents' } });
    const described = (reads.body.data.auditEvents.nodes as { reason: string }[]).map((n) => JSON.parse(n.reason) as { filter: Record<string, string> });
    expect(described.map((d) => d.filter)).toContainEqual({ subject: 'caller ***********', field: 'Customer.phone ******************' });
    expectNoValue(JSON.stringify(reads.body));
    expectNoValue(await ledgerText());
  });

  it('a filter value is cut to 100 characters before it is stored', async () => {
    const long = 'x'.repeat(300);
    expect((await gw.gql(auditor, EVENTS, { f: { subject: long } })).body.errors).toBeUndefined();
    const reads = await gw.gql(auditor, EVENTS, { f: { field: 'Query.auditEvents' } });
    const subjects = (reads.body.data.auditEvents.nodes as { reason: string }[]).map((n) => (JSON.parse(n.reason) as { filter: { subject?: string } }).filter.subject ?? '');
    expect(subjects).toContain(`${'x'.repeat(99)}…`);
  });

  it('an operation name or a request id made of a phone number is stored masked', async () => {
    const support = await gw.token({ sub: 'support-1', role: 'support' });
    const res = await gw.gql(support, `query call${PHONE} { customers(first: 1) { nodes { phone } } }`, {}, { headers: { 'x-request-id': `req-${PHONE}` } });
    expect(res.body.errors).toBeUndefined();
    const read = await gw.gql(auditor, EVENTS, { f: { subject: 'support-1' } });
    const nodes = read.body.data.auditEvents.nodes as { operationName: string; requestId: string }[];
    expect(nodes.length).toBeGreaterThan(0);
    expect(nodes[0]).toMatchObject({ operationName: 'call***********', requestId: 'req-***********' });
    expectNoValue(await ledgerText());
  });
});
