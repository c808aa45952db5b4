import { describe, expect, it } from 'vitest';
import { applyMask, normaliseCnMobile, normalisePhone } from '../../src/masking/index';
import { ctx, KEY_BI, nestedIn, pick, rng, digits } from './fixtures';

describe('normaliseCnMobile', () => {
  it.each([
    ['13812345678', '13812345678'],
    ['+86 138-1234-5678', '13812345678'],
    ['+8613812345678', '13812345678'],
    ['0086 138 1234 5678', '13812345678'],
    ['86-13812345678', '13812345678'],
    ['(+86) 138.1234.5678', '13812345678'],
    ['  139 0000 1111 ', '13900001111'],
    ['＋８６ １９９１２３４５６７８', '19912345678'], // full-width, as typed on some IMEs
    ['15012345678', '15012345678'],
  ])('%s → %s', (raw, want) => expect(normaliseCnMobile(raw)).toBe(want));

  it.each([
    ['12812345678'], // no mobile block starts 12
    ['1381234567'], // 10 digits
    ['138123456789'], // 12 digits
    ['+85213812345678'], // Hong Kong prefix, not +86
    ['138-1234-567a'],
    [''],
    ['010-62345678'], // Beijing landline
  ])('%s is not a mainland mobile', (raw) => expect(normaliseCnMobile(raw)).toBeNull());
});

describe('PHONE — mainland mobiles', () => {
  const c = ctx();
  it.each([
    ['13812345678', 'clear', '13812345678'],
    ['+86 138-1234-5678', 'clear', '+86 138-1234-5678'], // clear is the stored value unchanged
    ['13812345678', 'partial', '138****5678'],
    ['+86 138-1234-5678', 'partial', '138****5678'],
    ['0086 186 0000 4321', 'partial', '186****4321'],
    ['13812345678', 'last4', '*******5678'],
    ['+86 199 8765 0001', 'last4', '*******0001'],
  ])('%s at %s → %s', (raw, level, want) => {
    expect(applyMask('PHONE', raw, level, c)).toEqual({ value: want, served: level });
  });

  it('token is tel_ + 24 hex and the same for every notation of one number', () => {
    const variants = ['13812345678', '+86 138-1234-5678', '+8613812345678', '0086 138 1234 5678', '138 1234 5678'];
    const tokens = variants.map((v) => applyMask('PHONE', v, 'token', c).value);
    expect(tokens[0]).toMatch(/^tel_[0-9a-f]{24}$/);
    expect(new Set(tokens).size).toBe(1);
  });

  it('token differs between numbers and between pseudonymisation domains', () => {
    const a = applyMask('PHONE', '13812345678', 'token', c).value;
    const b = applyMask('PHONE', '13812345679', 'token', c).value;
    const bi = applyMask('PHONE', '13812345678', 'token', ctx({ tokenKey: KEY_BI })).value;
    expect(a).not.toBe(b);
    expect(a).not.toBe(bi);
  });

  it('the token is not an unkeyed hash: a short or missing key withholds the value', () => {
    expect(applyMask('PHONE', '13812345678', 'token', ctx({ tokenKey: Buffer.alloc(0) }))).toEqual({ value: null, served: 'hidden' });
    expect(applyMask('PHONE', '13812345678', 'token', ctx({ tokenKey: Buffer.alloc(8, 1) }))).toEqual({ value: null, served: 'hidden' });
  });
});

describe('PHONE — international numbers', () => {
  const c = ctx();
  it.each([
    ['+44 20 7946 0958', 'partial', '+44 ******0958'],
    ['+44 20 7946 0958', 'last4', '*******0958'],
    ['+1 415-555-2671', 'partial', '+1 ******2671'],
    ['+1 (415) 555 2671', 'last4', '*******2671'],
    ['+65 9123 4567', 'partial', '+65 ****4567'],
    ['+81 90-1234-5678', 'partial', '+81 ******5678'],
    ['+49 30 901820', 'partial', '+49 ****1820'],
    ['010-62345678', 'partial', '+86 ******5678'], // a Beijing landline, domestic notation
    ['+852 9123 4567', 'partial', '+852 ****4567'],
  ])('%s at %s → %s', (raw, level, want) => {
    expect(applyMask('PHONE', raw, level, c)).toEqual({ value: want, served: level });
  });

  it('tokens use the E.164 form, so notations of one foreign number agree', () => {
    const a = applyMask('PHONE', '+44 20 7946 0958', 'token', c).value;
    const b = applyMask('PHONE', '+442079460958', 'token', c).value;
    expect(a).toMatch(/^tel_[0-9a-f]{24}$/);
    expect(a).toBe(b);
    expect(normalisePhone('+44 (0)20 7946 0958')).toBe('+442079460958');
    expect(normalisePhone('138 1234 5678')).toBe('+8613812345678');
  });
});

describe('PHONE — fails closed', () => {
  const hidden = { value: null, served: 'hidden' };
  it.each([
    ['12345', 'partial'],
    ['not a phone', 'last4'],
    ['1381234567', 'partial'],
    ['+999 1234 5678', 'partial'],
    ['', 'token'],
    ['13812345678', 'hidden'],
    ['13812345678', 'bin_last4'], // another class's level
    ['13812345678', 'PARTIAL'],
  ])('%j at %s → hidden', (raw, level) => expect(applyMask('PHONE', raw, level, ctx())).toEqual(hidden));

  it.each([[null], [undefined], [13812345678], [{ phone: '13812345678' }], [['13812345678']]])('non-string raw %j → hidden at every level', (raw) => {
    for (const level of ['clear', 'partial', 'last4', 'token']) expect(applyMask('PHONE', raw, level, ctx())).toEqual(hidden);
  });
});

describe('PHONE — levels nest', () => {
  it('for 300 generated mobiles in assorted notations: last4 ⊂ partial ⊂ normalised clear', () => {
    const r = rng(11);
    const prefixes = ['130', '135', '138', '139', '150', '158', '166', '177', '186', '188', '191', '199'];
    for (let i = 0; i < 300; i++) {
      const n = pick(r, prefixes) + digits(r, 8);
      const notation = pick(r, [n, `+86 ${n.slice(0, 3)}-${n.slice(3, 7)}-${n.slice(7)}`, `${n.slice(0, 3)} ${n.slice(3, 7)} ${n.slice(7)}`, `+86${n}`]);
      const partial = applyMask('PHONE', notation, 'partial', ctx()).value!;
      const last4 = applyMask('PHONE', notation, 'last4', ctx()).value!;
      expect(partial).toHaveLength(11);
      expect(nestedIn(partial, n, 'right')).toBe(true);
      expect(nestedIn(last4, partial, 'right')).toBe(true);
      expect(partial.replace(/\*/g, '').length).toBe(7);
      expect(last4.replace(/\*/g, '').length).toBe(4);
    }
  });

  it('international partial and last4 nest, aligned on the last digit', () => {
    for (const raw of ['+44 20 7946 0958', '+1 415 555 2671', '+65 9123 4567', '+33 1 42 68 53 00']) {
      const e164 = normalisePhone(raw)!;
      const partial = applyMask('PHONE', raw, 'partial', ctx()).value!;
      const last4 = applyMask('PHONE', raw, 'last4', ctx()).value!;
      expect(nestedIn(partial, e164, 'right')).toBe(true);
      expect(nestedIn(last4, partial, 'right')).toBe(true);
    }
  });
});
