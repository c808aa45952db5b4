// Notes written through addInteraction with numbers typed the way people type them (full-width
// digits from a Chinese input method, dots, slashes, brackets, irregular spacing, other digit
// groups) reach manager and support masked, never in clear; the sales rep who owns the account
// sees the note at its own level (inline) too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Document } from 'mongodb';
import { startTestGateway, type TestGateway } from '../support/gateway';

let gw: TestGateway;
let mine: Document;
let sales: string;
beforeAll(async () => {
  gw = await startTestGateway({ customers: 30 });
  mine = (await gw.mongo.db().collection('customers').findOne({ ownerId: 'sales-east-1' }))!;
  sales = await gw.token({ sub: 'sales-east-1', role: 'sales', team: 'east' });
});
afterAll(() => gw?.close());

const ADD = `mutation($c: ID!, $s: String!) { addInteraction(customerId: $c, input: { channel: phone, summary: $s }) { id summary } }`;
const READ = `query($c: ID!) { interactions(customerId: $c, first: 50) { nodes { id summary } } }`;

describe('notes with typed numbers', () => {
  it.each([
    ['full-width digits', '客户来电１３９１２３４５６７８，要求回访', '客户来电139****5678，要求回访', '13912345678'],
    ['full-width dashes', '手机：１３９－１２３４－５６７８', '手机：139****5678', '13912345678'],
    ['dots', '回拨 139.1234.5678 即可', '回拨 139****5678 即可', '13912345678'],
    ['slashes', '电话139/1234/5678', '电话139****5678', '13912345678'],
    ['brackets and +86', '(+86) 139 1234 5678', '(139****5678', '13912345678'],
    ['irregular spacing', '139   1234  5678', '139****5678', '13912345678'],
    ['digit groups', '1391 234 5678', '139****5678', '13912345678'],
    ['full-width ID number', '身份证１１０１０５１９４９１２３１００２Ｘ', '身份证**************002X', '11010519491231002X'],
    ['card in fours with dots', '卡号6222.0202.0001.2345.670', '卡号**** 5670', '6222020200012345670'],
  ])('%s: manager and support get it masked', async (_name, note, supportView, digits) => {
    const added = await gw.gql(sales, ADD, { c: mine._id.toHexString(), s: note });
    expect(added.body.errors).toBeUndefined();
    const id = added.body.data.addInteraction.id as string;
    // The writer (sales, FREE_TEXT inline) gets it back masked as well.
    expect(JSON.stringify(added.body)).not.toContain(digits);
    const manager = await gw.token({ sub: 'manager-east', role: 'manager', team: 'east' });
    const support = await gw.token({ sub: 'support-1', role: 'support' });
    for (const token of [manager, support]) {
      const res = await gw.gql(token, READ, { c: mine._id.toHexString() });
      expect(res.body.errors).toBeUndefined();
      const node = (res.body.data.interactions.nodes as { id: string; summary: string }[]).find((n) => n.id === id)!;
      expect(node.summary).not.toContain(digits);
      expect(node.summary.normalize('NFKC')).not.toContain(digits);
      expect(node.summary.replace(/\D/g, '')).not.toContain(digits.replace(/\D/g, '').slice(3, 7) + digits.replace(/\D/g, '').slice(7, 11));
      if (token === support) expect(node.summary).toBe(supportView);
    }
  });
});
