import { describe, expect, it } from 'vitest';
import { applyMask, isValidCnIdNumber } from '../../src/masking/index';
import { PROVINCES } from '../../src/masking/divisions';
import { ctx, KEY_BI, makeId, nestedIn, pick, rng, digits } from './fixtures';

const hidden = { value: null, served: 'hidden' };
// The worked example of GB 11643-1999 itself: Beijing Chaoyang, 1949-12-31, sequence 002 (female).
const STANDARD_EXAMPLE = '11010519491231002X';
const BEIJING_MAN = makeId('110108', '19900307', '123'); // Haidian, odd sequence → male
const SHENZHEN_WOMAN = makeId('440305', '19851120', '048'); // Nanshan, even sequence → female
const URUMQI_MAN = makeId('650102', '20010228', '771');

describe('isValidCnIdNumber', () => {
  it.each([
    [STANDARD_EXAMPLE],
    ['11010519491231002x'], // lower-case check character
    [BEIJING_MAN],
    [SHENZHEN_WOMAN],
    [URUMQI_MAN],
    [makeId('540102', '19700101', '001')], // Lhasa
    [makeId('810000', '19880808', '101')], // Hong Kong residents' permit
    [makeId('830000', '19950505', '202')], // Taiwan residents' permit
    [makeId('320102', '20000229', '333')], // leap day
    ['110105491231002'], // 15-digit legacy: 1949-12-31
    ['440301820615313'], // 15-digit legacy: 1982-06-15
    ['110105 19491231 002X'], // printed with spaces
  ])('%s is valid', (id) => expect(isValidCnIdNumber(id)).toBe(true));

  it.each([
    ['11010519491231002A', 'not a check character'],
    ['110105194912310021', 'wrong check digit'],
    [BEIJING_MAN.slice(0, 17) + (BEIJING_MAN[17] === '0' ? '1' : '0'), 'check digit off by one'],
    [makeId('110105', '19490230', '002'), 'February 30th'],
    [makeId('110105', '19491301', '002'), 'month 13'],
    [makeId('100105', '19491231', '002'), 'no province 10'],
    [makeId('990105', '19491231', '002'), 'no province 99'],
    [makeId('110105', '18991231', '002'), 'born before 1900'],
    [makeId('320102', '19000229', '333'), '1900 was not a leap year'],
    ['110105491331002', '15-digit with month 13'],
    ['990105491231002', '15-digit with no province 99'],
    ['1101051949123100', '16 digits'],
    ['11010519491231002XX', '19 characters'],
    ['', 'empty'],
  ])('%s is not valid (%s)', (id) => expect(isValidCnIdNumber(id)).toBe(false));
});

describe('NATIONAL_ID levels', () => {
  const c = ctx();
  it.each([
    [STANDARD_EXAMPLE, 'clear', STANDARD_EXAMPLE],
    [STANDARD_EXAMPLE, 'partial', '1*************002X'],
    [STANDARD_EXAMPLE, 'last4', '**************002X'],
    [STANDARD_EXAMPLE, 'derived', '女·70–79岁·北京市'],
    [BEIJING_MAN, 'partial', `1*************${BEIJING_MAN.slice(-4)}`],
    [BEIJING_MAN, 'derived', '男·30–39岁·北京市'],
    [SHENZHEN_WOMAN, 'derived', '女·30–39岁·广东省'],
    [URUMQI_MAN, 'derived', '男·20–29岁·新疆维吾尔自治区'],
    [makeId('810000', '19880808', '101'), 'derived', '男·30–39岁·香港特别行政区'],
    [makeId('830000', '19950505', '202'), 'derived', '女·20–29岁·台湾省'],
    ['11010519491231002x', 'partial', '1*************002X'], // check character shown upper-case
    ['110105 19491231 002X', 'last4', '**************002X'],
    // 15-digit legacy numbers keep their length; the last digit is the gender digit.
    ['110105491231002', 'partial', '1**********1002'],
    ['110105491231002', 'last4', '***********1002'],
    ['110105491231002', 'derived', '女·70–79岁·北京市'],
    ['440301820615313', 'derived', '男·40–49岁·广东省'],
  ])('%s at %s → %s', (raw, level, want) => {
    expect(applyMask('NATIONAL_ID', raw, level, c)).toEqual({ value: want, served: level });
  });

  it('derived age band turns over on the birthday, not on New Year (ctx.now, UTC dates)', () => {
    const id = makeId('110108', '19940601', '123');
    const day = (iso: string) => applyMask('NATIONAL_ID', id, 'derived', ctx({ now: new Date(iso) })).value;
    expect(day('2024-05-31T23:59:59Z')).toBe('男·20–29岁·北京市');
    expect(day('2024-06-01T00:00:00Z')).toBe('男·30–39岁·北京市');
    expect(day('1994-06-01T00:00:00Z')).toBe('男·0–9岁·北京市');
  });

  it('derived is hidden when the birth date is after ctx.now (no negative ages)', () => {
    const id = makeId('110108', '20250101', '123');
    expect(applyMask('NATIONAL_ID', id, 'derived', ctx())).toEqual(hidden);
  });

  it('every one of the 34 province-level divisions has its GB/T 2260 code and name', () => {
    expect(PROVINCES).toHaveLength(34);
    expect(new Set(PROVINCES.map((p) => p.code)).size).toBe(34);
    for (const p of PROVINCES) {
      const id = makeId(`${p.code}0102`, '19800101', '011');
      expect(applyMask('NATIONAL_ID', id, 'derived', c).value).toBe(`男·40–49岁·${p.name}`);
    }
  });

  it('token: nid_ + 24 hex; a 15-digit number and its 18-digit upgrade join; domains separate', () => {
    const legacy = applyMask('NATIONAL_ID', '110105491231002', 'token', c).value;
    const upgraded = applyMask('NATIONAL_ID', STANDARD_EXAMPLE, 'token', c).value;
    const lower = applyMask('NATIONAL_ID', '11010519491231002x', 'token', c).value;
    const bi = applyMask('NATIONAL_ID', STANDARD_EXAMPLE, 'token', ctx({ tokenKey: KEY_BI })).value;
    expect(upgraded).toMatch(/^nid_[0-9a-f]{24}$/);
    expect(legacy).toBe(upgraded);
    expect(lower).toBe(upgraded);
    expect(bi).not.toBe(upgraded);
    expect(applyMask('NATIONAL_ID', BEIJING_MAN, 'token', c).value).not.toBe(upgraded);
  });

  it.each([['110105194912310021'], ['11010519491231002'], ['ABCDEFGHIJKLMNOPQR'], [makeId('110105', '19490230', '002')], ['13812345678']])(
    'invalid %s is hidden at every masked level (never passed through)',
    (raw) => {
      for (const level of ['partial', 'last4', 'derived', 'token']) {
        expect(applyMask('NATIONAL_ID', raw, level, c)).toEqual(hidden);
      }
    },
  );

  it('unknown level and non-string raw → hidden', () => {
    expect(applyMask('NATIONAL_ID', STANDARD_EXAMPLE, 'first6_last4', c)).toEqual(hidden);
    expect(applyMask('NATIONAL_ID', 110105194912310020, 'clear', c)).toEqual(hidden);
    expect(applyMask('NATIONAL_ID', null, 'clear', c)).toEqual(hidden);
  });
});

describe('NATIONAL_ID — levels nest and never show the birth date or area code', () => {
  it('for 300 generated IDs: last4 ⊂ partial ⊂ clear, partial shows only first 1 + last 4', () => {
    const r = rng(7);
    for (let i = 0; i < 300; i++) {
      const p = pick(r, PROVINCES);
      const year = 1930 + Math.floor(r() * 90);
      const ymd = `${year}${String(1 + Math.floor(r() * 12)).padStart(2, '0')}${String(1 + Math.floor(r() * 28)).padStart(2, '0')}`;
      const id = makeId(`${p.code}${digits(r, 4)}`, ymd, digits(r, 3));
      const partial = applyMask('NATIONAL_ID', id, 'partial', ctx()).value!;
      const last4 = applyMask('NATIONAL_ID', id, 'last4', ctx()).value!;
      const derived = applyMask('NATIONAL_ID', id, 'derived', ctx()).value!;
      expect(partial).toHaveLength(18);
      expect(last4).toHaveLength(18);
      expect(nestedIn(partial, id, 'right')).toBe(true);
      expect(nestedIn(last4, partial, 'right')).toBe(true);
      // Positions 2–13 (rest of the area code and the whole birth date) are never shown.
      expect(partial.slice(1, 14)).toBe('*'.repeat(13));
      // derived agrees with the number it summarises.
      expect(derived.startsWith(Number(id[16]) % 2 === 1 ? '男' : '女')).toBe(true);
      expect(derived.endsWith(p.name)).toBe(true);
    }
  });
});
