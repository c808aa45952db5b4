// Field encryption at rest through the public interface: GraphQL over HTTP with real tokens,
// against a store whose PHONE, NATIONAL_ID and BANK_CARD values are MongoDB client-side
// encryption ciphertext. Callers see exactly what they would see of the plain store; lookups
// still find exact values; writes store ciphertext; a tampered value or one under an unknown key
// is withheld with DECRYPTION_FAILED, counted, and never served as garbage.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Binary, type Document } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encryptValue } from '../../src/encryption/fle-format';
import { startTestGateway, type TestGateway } from '../support/gateway';
import { ENCRYPTED_POLICY, encryptStore, isCiphertext, newMasterKey, policyVariant } from '../encryption/helpers';

const MASTER = newMasterKey();
const encryptedEnv = (dbName: string) => ({ POLICY_FILE: ENCRYPTED_POLICY, ENCRYPTION_MASTER_KEY: MASTER, ENCRYPTION_KEY_VAULT: `${dbName}.__keyVault` });

const PAGE = `query Page($first: Int) { customers(first: $first) { nodes { id name phone idNumber bankCard email address birthDate } } }`;

describe('a store encrypted with policy/encrypted.json', () => {
  let gw: TestGateway;
  let plain: Map<string, Document>;

  beforeAll(async () => {
    gw = await startTestGateway({
      customers: 40,
      env: encryptedEnv,
      beforeStart: async (db) => {
        const docs = await db.collection('customers').find({}).toArray();
        plain = new Map(docs.map((d) => [d._id.toHexString(), d]));
        await encryptStore(db, ENCRYPTED_POLICY, MASTER);
      },
    });
  });
  afterAll(() => gw?.close());

  const admin = () => gw.token({ sub: 'admin-1', role: 'admin' });
  const support = () => gw.token({ sub: 'support-1', role: 'support' });

  it('stores phone and ID number as deterministic and bank card as random subtype-6 ciphertext', async () => {
    const doc = await gw.mongo.db().collection('customers').findOne({});
    for (const [field, algorithm] of [
      ['phone', 1],
      ['idNumber', 1],
      ['bankCard', 2],
    ] as const) {
      expect(isCiphertext(doc![field])).toBe(true);
      expect((doc![field] as Binary).buffer[0]).toBe(algorithm);
      expect((doc![field] as Binary).buffer[17]).toBe(0x02); // original BSON type: string
    }
    expect(typeof doc!.name).toBe('string');
  });

  it('admin sees the clear phone and support the masked forms, exactly as of the plain values', async () => {
    const a = await gw.gql(await admin(), PAGE, { first: 40 });
    expect(a.body.errors).toBeUndefined();
    expect(a.body.data.customers.nodes).toHaveLength(40);
    for (const node of a.body.data.customers.nodes) {
      const p = plain.get(node.id)!;
      expect(node.phone).toBe(p.phone);
      expect(node.idNumber).toBe(`${p.idNumber[0]}${'*'.repeat(13)}${p.idNumber.slice(-4)}`);
      expect(node.bankCard).toBe(`**** ${p.bankCard.slice(-4)}`);
    }
    const s = await gw.gql(await support(), PAGE, { first: 40 });
    for (const node of s.body.data.customers.nodes) {
      const p = plain.get(node.id)!;
      if (/^1\d{10}$/.test(p.phone)) expect(node.phone).toBe(`${p.phone.slice(0, 3)}****${p.phone.slice(7)}`);
      expect(node.idNumber).toBe(`${'*'.repeat(14)}${p.idNumber.slice(-4)}`);
    }
    expect(s.body.extensions!.disclosure.levels).toMatchObject({ 'Customer.phone': 'partial', 'Customer.idNumber': 'last4', 'Customer.bankCard': 'last4' });
  });

  it('exact lookups on deterministic fields find the customer, and only ciphertext reaches MongoDB', async () => {
    const [target] = [...plain.values()];
    const token = await support();
    const q = `query($phone: String!, $ids: [String!]) { byPhone: customers(filter: { phone: { eq: $phone } }) { nodes { id } } byId: customers(filter: { idNumber: { in: $ids } }) { nodes { id } } }`;
    const commands = await gw.countCommands(() => gw.gql(token, q, { phone: target!.phone, ids: [target!.idNumber, '110101199001011237'] }));
    const res = await gw.gql(token, q, { phone: target!.phone, ids: [target!.idNumber] });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.byPhone.nodes).toEqual([{ id: target!._id.toHexString() }]);
    expect(res.body.data.byId.nodes).toEqual([{ id: target!._id.toHexString() }]);
    const finds = commands.filter((c) => c.commandName === 'find' && c.command.find === 'customers');
    expect(finds.length).toBeGreaterThan(0);
    const sent = JSON.stringify(finds.map((c) => c.command.filter));
    expect(sent).not.toContain(target!.phone);
    expect(sent).not.toContain(target!.idNumber);
  });

  it('refuses prefix and range filters on an encrypted field for every role', async () => {
    const res = await gw.gql(await admin(), `{ customers(filter: { phone: { startsWith: "138" } }) { nodes { id } } }`);
    expect(res.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN_FILTER');
    const sort = await gw.gql(await admin(), `{ customers(orderBy: [{ field: phone }]) { nodes { id } } }`);
    expect(sort.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN_SORT');
  });

  it('a mutation encrypts before writing; an invalid value writes nothing', async () => {
    const target = [...plain.values()][1]!;
    const id = target._id.toHexString();
    const res = await gw.gql(
      await admin(),
      `mutation($id: ID!) { updateCustomerContact(id: $id, input: { phone: "139 0000 1234", idNumber: "11010519491231002X" }) { phone idNumber } }`,
      { id },
    );
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.updateCustomerContact.phone).toBe('13900001234');
    const stored = await gw.mongo.db().collection('customers').findOne({ _id: target._id });
    expect(isCiphertext(stored!.phone)).toBe(true);
    expect(isCiphertext(stored!.idNumber)).toBe(true);
    const found = await gw.gql(await support(), `{ customers(filter: { phone: { eq: "13900001234" } }) { nodes { id } } }`);
    expect(found.body.data.customers.nodes).toEqual([{ id }]);

    const bad = await gw.gql(await admin(), `mutation($id: ID!) { updateCustomerContact(id: $id, input: { phone: "13900005678", idNumber: "110105194912310021" }) { phone } }`, {
      id,
    });
    expect(bad.body.errors?.[0]?.extensions?.code).toBe('INVALID_ID_NUMBER');
    const unchanged = await gw.mongo.db().collection('customers').findOne({ _id: target._id });
    expect(unchanged!.phone).toEqual(stored!.phone);
    expect(unchanged!.idNumber).toEqual(stored!.idNumber);
  });

  it('reveal decrypts the one value it returns', async () => {
    const target = [...plain.values()][2]!;
    const token = await gw.token({ sub: 'admin-1', role: 'admin', mfa: true });
    const res = await gw.gql(token, `mutation($id: ID!) { revealSensitive(customerId: $id, field: idNumber, reason: "identity check on a call") { value } }`, {
      id: target._id.toHexString(),
    });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.revealSensitive.value).toBe(target.idNumber);
  });

  it('a tampered ciphertext or one under an unknown key is withheld with DECRYPTION_FAILED, counted, and the rest is served', async () => {
    const [, , , tampered, foreign] = [...plain.values()];
    const coll = gw.mongo.db().collection('customers');
    const stored = (await coll.findOne({ _id: tampered!._id }))!.phone as Binary;
    const bytes = Buffer.from(stored.buffer.subarray(0, stored.position));
    bytes[40]! ^= 0x01;
    expect((await coll.updateOne({ _id: tampered!._id }, { $set: { phone: new Binary(bytes, 6) } })).modifiedCount).toBe(1);
    // Well-formed ciphertext under a data key the vault does not hold.
    await coll.updateOne({ _id: foreign!._id }, { $set: { idNumber: encryptValue(foreign!.idNumber, 'deterministic', randomBytes(16), randomBytes(96)) } });

    const q = `query($a: ID!, $b: ID!) { a: customer(id: $a) { name phone idNumber } b: customer(id: $b) { name phone idNumber } }`;
    const res = await gw.gql(await admin(), q, { a: tampered!._id.toHexString(), b: foreign!._id.toHexString() });
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({
      a: { name: tampered!.name, phone: null, idNumber: expect.stringMatching(/^\d\*{13}\d{3}[\dX]$/) },
      b: { name: foreign!.name, phone: foreign!.phone, idNumber: null },
    });
    const errors = res.body.errors!.map((e) => ({ path: e.path, ...e.extensions }));
    expect(errors).toEqual([
      { path: ['a', 'phone'], code: 'DECRYPTION_FAILED', field: 'Customer.phone', reason: 'tampered' },
      { path: ['b', 'idNumber'], code: 'DECRYPTION_FAILED', field: 'Customer.idNumber', reason: 'missing_key' },
    ]);
    expect(JSON.stringify(res.body)).not.toContain(tampered!.phone);
    expect(res.body.extensions!.disclosure.withheld).toEqual(expect.arrayContaining(['a.phone', 'b.idNumber']));

    const metrics = await (await fetch(gw.url.replace('/graphql', '/metrics'))).text();
    expect(metrics).toMatch(/crm_gateway_field_decryption_failures_total\{reason="tampered"\} [1-9]/);
    expect(metrics).toMatch(/crm_gateway_field_decryption_failures_total\{reason="missing_key"\} [1-9]/);
    expect(metrics).toMatch(/crm_gateway_field_decryptions_total [1-9]/);
  });

  it('a role that sees a class hidden never decrypts it, so an unreadable value costs it nothing', async () => {
    const foreign = [...plain.values()][4]!; // its idNumber is under an unknown key (test above)
    const analyst = await gw.token({ sub: 'analyst-1', role: 'analyst' });
    const before = await (await fetch(gw.url.replace('/graphql', '/metrics'))).text();
    const res = await gw.gql(analyst, `query($id: ID!) { customer(id: $id) { idNumber bankCard } }`, { id: foreign._id.toHexString() });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.customer).toEqual({ idNumber: null, bankCard: null });
    const after = await (await fetch(gw.url.replace('/graphql', '/metrics'))).text();
    const failures = (text: string) => /crm_gateway_field_decryption_failures_total\{reason="missing_key"\} (\d+)/.exec(text)![1];
    expect(failures(after)).toBe(failures(before));
  });
});

describe('every class encrypted: responses are identical to the plain store', () => {
  // All eight classes encrypted (documents, dates and strings); rights that ciphertext cannot
  // serve are reduced to exact lookups in both policies so that only storage differs.
  const exactOnly = (policy: any) => {
    for (const role of Object.values<any>(policy.roles)) {
      for (const [cls, q] of Object.entries<any>(role.query)) role.query[cls] = { filter: q.filter === 'full' ? 'exact' : q.filter };
    }
  };
  const plainPolicy = policyVariant(ENCRYPTED_POLICY, (p) => {
    exactOnly(p);
    delete p.encryption;
  });
  const allPolicy = policyVariant(ENCRYPTED_POLICY, (p) => {
    exactOnly(p);
    p.encryption.classes = Object.fromEntries(
      ['PHONE', 'NATIONAL_ID', 'BANK_CARD', 'NAME', 'EMAIL', 'ADDRESS', 'BIRTH_DATE', 'FREE_TEXT'].map((c) => [c, { keyAltName: `crm-${c.toLowerCase()}` }]),
    );
  });
  let encrypted: TestGateway;
  let reference: TestGateway;

  beforeAll(async () => {
    // The reduced rights cannot serve the shipped BI reports (they sort and group); this test is
    // about storage, so it runs without reports.
    const noReports = mkdtempSync(path.join(tmpdir(), 'no-reports-'));
    [encrypted, reference] = await Promise.all([
      startTestGateway({
        customers: 30,
        env: (db) => ({ ...encryptedEnv(db), POLICY_FILE: allPolicy, REPORTS_DIR: noReports }),
        beforeStart: (db) => encryptStore(db, allPolicy, MASTER),
      }),
      startTestGateway({ customers: 30, env: { POLICY_FILE: plainPolicy, REPORTS_DIR: noReports } }),
    ]);
  });
  afterAll(async () => {
    await encrypted?.close();
    await reference?.close();
  });

  it('stores every classified value of every collection encrypted', async () => {
    const doc = await encrypted.mongo.db().collection('customers').findOne({});
    for (const f of ['name', 'phone', 'email', 'idNumber', 'address', 'bankCard', 'birthDate']) expect(isCiphertext(doc![f])).toBe(true);
    expect([(doc!.address as Binary).buffer[17], (doc!.birthDate as Binary).buffer[17], (doc!.name as Binary).buffer[17]]).toEqual([0x03, 0x09, 0x02]);
    const note = await encrypted.mongo.db().collection('interactions').findOne({});
    expect(isCiphertext(note!.summary)).toBe(true);
  });

  it.each(['admin', 'manager', 'sales', 'support', 'analyst'] as const)('%s gets the same data and disclosure from both', async (role) => {
    const input = { sub: role === 'sales' ? 'sales-east-1' : `${role}-1`, role, team: 'east' };
    const q = `{ customers(first: 30) { nodes { id name phone email idNumber address bankCard birthDate interactions(first: 3) { summary } } } }`;
    const [a, b] = await Promise.all([encrypted.gql(await encrypted.token(input), q), reference.gql(await reference.token(input), q)]);
    expect(a.body.errors).toBeUndefined();
    expect(a.body.data).toEqual(b.body.data);
    expect({ ...a.body.extensions!.disclosure, policyVersion: null }).toEqual({ ...b.body.extensions!.disclosure, policyVersion: null });
  });
});

describe('start-up refuses what it cannot serve safely', () => {
  it('without a master key when the policy declares encrypted classes (production mode)', async () => {
    await expect(startTestGateway({ customers: 1, env: { POLICY_FILE: ENCRYPTED_POLICY } })).rejects.toThrow(
      /ENCRYPTION_MASTER_KEY \/ ENCRYPTION_MASTER_KEY_FILE: required when the policy declares encrypted classes/,
    );
  });

  it('when a declared class has no data key in the vault, naming the class and the command', async () => {
    await expect(startTestGateway({ customers: 1, env: encryptedEnv })).rejects.toThrow(
      /encryption\.classes\.PHONE: no data key with alt name "crm-phone" .* \(create one: crm-gateway keys create --alt-name crm-phone\)/,
    );
  });

  it('when the policy grants a full filter or sorting on an encrypted field, naming the field', async () => {
    const policy = policyVariant(ENCRYPTED_POLICY, (p) => {
      p.roles.sales.query.PHONE = { filter: 'full', sort: true };
    });
    await expect(startTestGateway({ customers: 1, env: (db) => ({ ...encryptedEnv(db), POLICY_FILE: policy }) })).rejects.toThrow(
      /Customer\.phone \(PHONE\) is encrypted, but roles\.sales\.query\.PHONE grants filter "full", sort/,
    );
  });
});
