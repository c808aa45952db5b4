import { BSON, type ObjectId } from 'bson';
import { isValidPhoneNumber } from 'libphonenumber-js/max';
import { beforeAll, describe, expect, it } from 'vitest';
import { DATASET_EPOCH, DEMO_USERS, SALES_REPS, generateCustomerRecords, generateDataset, type Dataset } from '../../src/data/seed';
import { COMPOUND_SURNAMES } from '../../src/data/seed/names';
import { isCnMobile } from '../../src/data/seed/phones';
import { DISTRICTS } from '../../src/data/seed/regions';
// The gateway's own validators, written independently of the generator.
import { provinceByName } from '../../src/masking/divisions';
import { parseCnIdNumber } from '../../src/masking/gb11643';
import { isLuhnValid } from '../../src/masking/luhn';

const share = (n: number, of: number) => n / of;

/** The items breaking a rule, so one assertion covers thousands of documents and names the culprits. */
function offenders<T>(items: readonly T[], ok: (item: T) => boolean): T[] {
  return items.filter((item) => !ok(item)).slice(0, 5);
}

function bytes(dataset: Dataset): Buffer {
  const all = [...dataset.users, ...dataset.customers, ...dataset.deals, ...dataset.interactions];
  return Buffer.concat(all.map((doc) => BSON.serialize(doc)));
}

describe('determinism', () => {
  it('gives the same documents, byte for byte, for the same seed', () => {
    const a = generateDataset({ seed: 7, customers: 300 });
    const b = generateDataset({ seed: 7, customers: 300 });
    expect(a).toEqual(b);
    expect(bytes(a).equals(bytes(b))).toBe(true);
  });

  it('gives different documents for a different seed', () => {
    const a = generateDataset({ seed: 7, customers: 50 });
    const b = generateDataset({ seed: 8, customers: 50 });
    expect(a.users).toEqual(b.users);
    expect(a.customers.map((c) => c.idNumber)).not.toEqual(b.customers.map((c) => c.idNumber));
    expect(a.customers[0]._id.equals(b.customers[0]._id)).toBe(false);
  });

  it('makes a customer depend only on the seed and its position, so chunks match a full run', () => {
    const full = [...generateCustomerRecords({ seed: 7, customers: 120 })];
    const first = [...generateCustomerRecords({ seed: 7, customers: 40 })];
    expect(first).toEqual(full.slice(0, 40));
  });

  it('uses the defaults (seed 1, 200 customers) and rejects bad options', () => {
    expect(generateDataset()).toEqual(generateDataset({ seed: 1, customers: 200 }));
    expect(generateDataset().customers).toHaveLength(200);
    expect(() => generateDataset({ seed: -1 })).toThrow(RangeError);
    expect(() => generateDataset({ customers: 1.5 })).toThrow(RangeError);
    expect(generateDataset({ customers: 0 }).customers).toEqual([]);
  });
});

describe('the data set for seed 3 with 3,000 customers', () => {
  let data: Dataset;
  beforeAll(() => {
    data = generateDataset({ seed: 3, customers: 3_000 });
  });

  it('has the fixed staff: admin, auditor, analyst, two support agents, four teams of a manager and three reps', () => {
    const byId = new Map(data.users.map((u) => [u._id, u]));
    expect(data.users).toHaveLength(21);
    for (const demo of Object.values(DEMO_USERS)) {
      expect(byId.get(demo.sub)).toMatchObject({ role: demo.role, teamId: demo.teamId });
    }
    expect(byId.get('support-2')).toMatchObject({ role: 'support', teamId: null });
    for (const team of ['east', 'west', 'north', 'south']) {
      expect(byId.get(`manager-${team}`)).toMatchObject({ role: 'manager', teamId: team });
      for (const n of [1, 2, 3]) expect(byId.get(`sales-${team}-${n}`)).toMatchObject({ role: 'sales', teamId: team });
    }
    expect(new Set(data.users.map((u) => u.email)).size).toBe(21);
  });

  it('gives every customer a resident ID that passes GB 11643 and agrees with birth date, gender and province', () => {
    const districtCodes = new Map(DISTRICTS.map((d) => [`${d.province}/${d.city}/${d.district}`, d.code]));
    const wrong = offenders(data.customers, (c) => {
      const id = parseCnIdNumber(c.idNumber);
      return (
        id !== null &&
        id.canonical === c.idNumber &&
        Date.UTC(id.year, id.month - 1, id.day) === c.birthDate.getTime() &&
        id.male === (c.gender === 'M') &&
        id.provinceCode === provinceByName(c.address.province)?.code &&
        c.idNumber.slice(0, 6) === districtCodes.get(`${c.address.province}/${c.address.city}/${c.address.district}`)
      );
    });
    expect(wrong).toEqual([]);
  });

  it('gives birth dates at UTC midnight for ages 18 to 80', () => {
    const wrong = offenders(data.customers, (c) => {
      const age = DATASET_EPOCH.getUTCFullYear() - c.birthDate.getUTCFullYear();
      return c.birthDate.toISOString().endsWith('T00:00:00.000Z') && age >= 18 && age <= 80;
    });
    expect(wrong).toEqual([]);
  });

  it('gives every customer a Luhn-valid UnionPay card of 16 to 19 digits', () => {
    expect(offenders(data.customers, (c) => /^62\d{14,17}$/.test(c.bankCard) && isLuhnValid(c.bankCard))).toEqual([]);
    expect(new Set(data.customers.map((c) => c.bankCard.length))).toEqual(new Set([16, 18, 19]));
  });

  it('gives valid phones: mainland mobiles on issued prefixes, about 3% international E.164', () => {
    const international = data.customers.filter((c) => c.phone.startsWith('+')).length;
    const wrong = offenders(data.customers, ({ phone }) =>
      phone.startsWith('+') ? /^\+[1-9]\d{7,14}$/.test(phone) && isValidPhoneNumber(phone) : isCnMobile(phone) && isValidPhoneNumber(phone, 'CN'),
    );
    expect(wrong).toEqual([]);
    expect(share(international, data.customers.length)).toBeGreaterThan(0.015);
    expect(share(international, data.customers.length)).toBeLessThan(0.05);
  });

  it('names about 5% with compound surnames and about 3% with Latin names', () => {
    const compound = data.customers.filter((c) => COMPOUND_SURNAMES.some(([s]) => c.name.startsWith(s))).length;
    const latin = data.customers.filter((c) => /^[\p{Script=Latin}' ]+$/u.test(c.name)).length;
    expect(share(compound, data.customers.length)).toBeGreaterThan(0.035);
    expect(share(compound, data.customers.length)).toBeLessThan(0.07);
    expect(share(latin, data.customers.length)).toBeGreaterThan(0.015);
    expect(share(latin, data.customers.length)).toBeLessThan(0.05);
    expect(offenders(data.customers, (c) => /^([\p{Script=Han}]{2,4}|[\p{Script=Latin}' ]+)$/u.test(c.name))).toEqual([]);
  });

  it('spreads customers over real provinces, the four municipalities included', () => {
    const provinces = new Set(data.customers.map((c) => c.address.province));
    expect(provinces.size).toBeGreaterThanOrEqual(25);
    for (const m of ['北京市', '上海市', '天津市', '重庆市']) expect(provinces).toContain(m);
    expect(offenders(data.customers, (c) => c.address.street.length > 4)).toEqual([]);
  });

  it("assigns each customer to a sales rep and that rep's team, and deals follow their customer", () => {
    const reps = new Map(SALES_REPS.map((r) => [r._id, r.teamId]));
    const customers = new Map(data.customers.map((c) => [c._id.toHexString(), c]));
    expect(offenders(data.customers, (c) => reps.get(c.ownerId) === c.teamId)).toEqual([]);
    expect(new Set(data.customers.map((c) => c.ownerId)).size).toBe(12);
    const wrong = offenders(data.deals, (d) => {
      const c = customers.get(d.customerId.toHexString());
      return c !== undefined && d.ownerId === c.ownerId && d.teamId === c.teamId && d.createdAt >= c.createdAt;
    });
    expect(wrong).toEqual([]);
  });

  it('has about 3 deals per customer (0–6), mostly in CNY, closed exactly when won or lost', () => {
    expect(share(data.deals.length, data.customers.length)).toBeGreaterThan(2.8);
    expect(share(data.deals.length, data.customers.length)).toBeLessThan(3.2);
    const perCustomer = new Map<string, number>();
    for (const d of data.deals) perCustomer.set(d.customerId.toHexString(), (perCustomer.get(d.customerId.toHexString()) ?? 0) + 1);
    expect(Math.max(...perCustomer.values())).toBeLessThanOrEqual(6);
    expect(perCustomer.size).toBeLessThan(data.customers.length); // some have none
    expect(share(data.deals.filter((d) => d.currency === 'CNY').length, data.deals.length)).toBeGreaterThan(0.85);
    expect(new Set(data.deals.map((d) => d.stage))).toEqual(new Set(['lead', 'qualified', 'proposal', 'won', 'lost']));
    const wrong = offenders(
      data.deals,
      (d) => (d.closedAt === null) === (d.stage !== 'won' && d.stage !== 'lost') && (d.closedAt === null || d.closedAt > d.createdAt) && d.amount > 0 && d.title.length > 0,
    );
    expect(wrong).toEqual([]);
  });

  it('has about 4 interactions per customer (0–8), handled by the owner or a support agent', () => {
    expect(share(data.interactions.length, data.customers.length)).toBeGreaterThan(3.8);
    expect(share(data.interactions.length, data.customers.length)).toBeLessThan(4.5);
    const customers = new Map(data.customers.map((c) => [c._id.toHexString(), c]));
    const perCustomer = new Map<string, number>();
    for (const i of data.interactions) perCustomer.set(i.customerId.toHexString(), (perCustomer.get(i.customerId.toHexString()) ?? 0) + 1);
    const wrong = offenders(data.interactions, (i) => {
      const c = customers.get(i.customerId.toHexString());
      return c !== undefined && [c.ownerId, 'support-1', 'support-2'].includes(i.agentId);
    });
    expect(wrong).toEqual([]);
    expect(new Set(data.interactions.map((i) => i.channel))).toEqual(new Set(['phone', 'email', 'wechat', 'visit']));
    expect(Math.max(...perCustomer.values())).toBeLessThanOrEqual(8);
    const bySupport = data.interactions.filter((i) => i.agentId.startsWith('support-')).length;
    expect(share(bySupport, data.interactions.length)).toBeGreaterThan(0.25);
  });

  it("writes notes that quote the customer's phone (~20%), ID number (~10%), and a few e-mails and cards", () => {
    const customers = new Map(data.customers.map((c) => [c._id.toHexString(), c]));
    const n = data.interactions.length;
    const count = (field: 'phone' | 'idNumber' | 'email' | 'bankCard') =>
      data.interactions.filter((i) => i.summary.includes(customers.get(i.customerId.toHexString())![field])).length;
    expect(share(count('phone'), n)).toBeGreaterThan(0.17);
    expect(share(count('phone'), n)).toBeLessThan(0.23);
    expect(share(count('idNumber'), n)).toBeGreaterThan(0.08);
    expect(share(count('idNumber'), n)).toBeLessThan(0.12);
    expect(share(count('email'), n)).toBeGreaterThan(0.02);
    expect(share(count('bankCard'), n)).toBeGreaterThan(0.015);
    expect(offenders(data.interactions, (i) => /\p{Script=Han}/u.test(i.summary))).toEqual([]);
  });

  it('puts look-alike digit runs in notes that are neither valid ID numbers nor valid card numbers', () => {
    const customers = new Map(data.customers.map((c) => [c._id.toHexString(), c]));
    const lookAlikes: string[] = [];
    for (const i of data.interactions) {
      const c = customers.get(i.customerId.toHexString())!;
      for (const run of i.summary.match(/\d{12,}X?/g) ?? []) {
        if (run !== c.idNumber && run !== c.bankCard) lookAlikes.push(run);
      }
    }
    expect(offenders(lookAlikes, (run) => !(run.length >= 13 && isLuhnValid(run)) && parseCnIdNumber(run) === null)).toEqual([]);
    expect(share(lookAlikes.length, data.interactions.length)).toBeGreaterThan(0.1);
  });

  it('keeps every date before the epoch, ids unique and ObjectId timestamps on the document date', () => {
    const epoch = DATASET_EPOCH.getTime();
    const stampedAt = (id: ObjectId, at: Date) => id.getTimestamp().getTime() === Math.floor(at.getTime() / 1000) * 1000;
    expect(offenders(data.customers, (c) => c.createdAt.getTime() < epoch && c.updatedAt >= c.createdAt && c.updatedAt.getTime() < epoch && stampedAt(c._id, c.createdAt))).toEqual(
      [],
    );
    expect(offenders(data.deals, (d) => d.createdAt.getTime() < epoch && (d.closedAt === null || d.closedAt.getTime() < epoch) && stampedAt(d._id, d.createdAt))).toEqual([]);
    expect(offenders(data.interactions, (i) => i.at.getTime() < epoch && stampedAt(i._id, i.at))).toEqual([]);
    const ids = new Set([...data.customers, ...data.deals, ...data.interactions].map((doc) => doc._id.toHexString()));
    expect(ids.size).toBe(data.customers.length + data.deals.length + data.interactions.length);
  });

  it('has segment, tier, tags and a lifetime value with at most two decimals', () => {
    const segments = new Map<string, number>();
    const tiers = new Map<string, number>();
    for (const c of data.customers) {
      segments.set(c.segment, (segments.get(c.segment) ?? 0) + 1);
      tiers.set(c.tier, (tiers.get(c.tier) ?? 0) + 1);
    }
    const wrong = offenders(
      data.customers,
      (c) =>
        Math.round(c.lifetimeValue * 100) / 100 === c.lifetimeValue &&
        c.lifetimeValue >= 0 &&
        new Set(c.tags).size === c.tags.length &&
        /^[a-z0-9._]+@[a-z0-9.]+\.[a-z]+$/.test(c.email),
    );
    expect(wrong).toEqual([]);
    expect([...segments.keys()].sort()).toEqual(['enterprise', 'retail', 'sme']);
    expect(share(segments.get('retail')!, data.customers.length)).toBeGreaterThan(0.6);
    expect([...tiers.keys()].sort()).toEqual(['bronze', 'gold', 'platinum', 'silver']);
    expect(data.customers.some((c) => c.tags.length === 0)).toBe(true);
  });
});
