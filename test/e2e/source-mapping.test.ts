// "Existing store" (docs/design.md, "Data model and existing stores"): a CRM whose documents keep the phone at `contact.mobile`
// is served by editing schema files only (SCHEMA_DIR points at the edited copy).
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEFAULT_SCHEMA_DIR } from '../../src/schema/load-sdl';
import { startTestGateway, type TestGateway } from '../support/gateway';

let gw: TestGateway;
beforeAll(async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'schema-'));
  cpSync(DEFAULT_SCHEMA_DIR, dir, { recursive: true });
  const file = path.join(dir, 'customer.graphql');
  const sdl = readFileSync(file, 'utf8');
  const edited = sdl.replace('phone: String @sensitive(class: PHONE)', 'phone: String @sensitive(class: PHONE) @source(path: "contact.mobile")');
  expect(edited).not.toBe(sdl);
  writeFileSync(file, edited);
  gw = await startTestGateway({
    customers: 20,
    env: { SCHEMA_DIR: dir },
    beforeStart: (db) => db.collection('customers').updateMany({}, { $rename: { phone: 'contact.mobile' } }),
  });
});
afterAll(() => gw?.close());

it('serves, filters and masks a field that lives at another document path', async () => {
  const doc = await gw.mongo
    .db()
    .collection('customers')
    .findOne({ 'contact.mobile': /^1\d{10}$/ });
  const mobile = doc!.contact.mobile as string;
  const q = `query($id: ID!) { customer(id: $id) { phone } }`;
  const admin = await gw.token({ sub: 'admin-1', role: 'admin' });
  expect((await gw.gql(admin, q, { id: doc!._id.toHexString() })).body.data.customer.phone).toBe(mobile);
  const support = await gw.token({ sub: 'support-1', role: 'support' });
  expect((await gw.gql(support, q, { id: doc!._id.toHexString() })).body.data.customer.phone).toBe(`${mobile.slice(0, 3)}****${mobile.slice(7)}`);
  const found = await gw.gql(admin, `query($p: String) { customers(filter: { phone: { eq: $p } }) { nodes { id } } }`, { p: mobile });
  expect(found.body.data.customers.nodes).toEqual([{ id: doc!._id.toHexString() }]);
});
