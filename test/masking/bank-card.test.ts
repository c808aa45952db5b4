import { describe, expect, it } from 'vitest';
import { applyMask, isLuhnValid } from '../../src/masking/index';
import { ctx, KEY_BI, makeCard, nestedIn, pick, rng, digits } from './fixtures';

const hidden = { value: null, served: 'hidden' };
const ICBC_19 = makeCard('622202', 19); // UnionPay debit, 19 digits
const CCB_16 = makeCard('621700', 16);
const ABC_19 = makeCard('622848', 19);
const VISA = '4111111111111111';
const AMEX = '378282246310005';
const SHORT_13 = '4222222222222';

describe('isLuhnValid', () => {
  it.each([[ICBC_19], [CCB_16], [ABC_19], [VISA], [AMEX], [SHORT_13], ['79927398713']])('%s passes', (d) => expect(isLuhnValid(d)).toBe(true));
  it.each([['4111111111111112'], ['79927398710'], ['6222 0212'], ['0'], [''], ['12a4']])('%j fails', (d) => expect(isLuhnValid(d)).toBe(false));
});

describe('BANK_CARD levels', () => {
  const c = ctx();
  it.each([
    [ICBC_19, 'clear', ICBC_19],
    [ICBC_19, 'bin_last4', `622202*********${ICBC_19.slice(-4)}`],
    [ICBC_19, 'last4', `**** ${ICBC_19.slice(-4)}`],
    [CCB_16, 'bin_last4', `621700******${CCB_16.slice(-4)}`],
    [VISA, 'bin_last4', '411111******1111'],
    [AMEX, 'bin_last4', '378282*****0005'],
    [AMEX, 'last4', '**** 0005'],
    [SHORT_13, 'bin_last4', '422222***2222'],
    // Separators are dropped; the masked form is always bare digits and stars.
    [`${ABC_19.slice(0, 4)} ${ABC_19.slice(4, 8)} ${ABC_19.slice(8, 12)} ${ABC_19.slice(12, 16)} ${ABC_19.slice(16)}`, 'bin_last4', `622848*********${ABC_19.slice(-4)}`],
    ['4111-1111-1111-1111', 'last4', '**** 1111'],
    ['4111-1111-1111-1111', 'clear', '4111-1111-1111-1111'],
  ])('%s at %s → %s', (raw, level, want) => {
    expect(applyMask('BANK_CARD', raw, level, c)).toEqual({ value: want, served: level });
  });

  it('bin_last4 keeps the card length (6 + stars + 4)', () => {
    for (const len of [13, 14, 15, 16, 17, 18, 19]) {
      const card = makeCard('62', len);
      const v = applyMask('BANK_CARD', card, 'bin_last4', c).value!;
      expect(v).toHaveLength(len);
      expect(v).toBe(`${card.slice(0, 6)}${'*'.repeat(len - 10)}${card.slice(-4)}`);
    }
  });

  it('token: card_ + 24 hex, same with or without separators, separate per domain', () => {
    const a = applyMask('BANK_CARD', VISA, 'token', c).value;
    expect(a).toMatch(/^card_[0-9a-f]{24}$/);
    expect(applyMask('BANK_CARD', '4111 1111 1111 1111', 'token', c).value).toBe(a);
    expect(applyMask('BANK_CARD', VISA, 'token', ctx({ tokenKey: KEY_BI })).value).not.toBe(a);
  });

  it.each([
    ['4111111111111112', 'fails Luhn'],
    ['411111111111', '12 digits'],
    [makeCard('62', 20), '20 digits'],
    ['6222 0212 3456 789X', 'a letter'],
    ['4111_1111_1111_1111', 'unknown separator'],
    ['', 'empty'],
  ])('%s (%s) → hidden at every masked level', (raw) => {
    for (const level of ['bin_last4', 'last4', 'token']) expect(applyMask('BANK_CARD', raw, level, c)).toEqual(hidden);
  });

  it('hidden level and non-string raw → hidden', () => {
    expect(applyMask('BANK_CARD', VISA, 'hidden', c)).toEqual(hidden);
    expect(applyMask('BANK_CARD', 4111111111111111, 'clear', c)).toEqual(hidden);
    expect(applyMask('BANK_CARD', VISA, 'partial', c)).toEqual(hidden);
  });
});

describe('BANK_CARD — levels nest', () => {
  it('for 300 generated UnionPay numbers: last4 ⊂ bin_last4 ⊂ clear', () => {
    const r = rng(62);
    for (let i = 0; i < 300; i++) {
      const card = makeCard(pick(r, ['622202', '621700', '622848', '623668', '625807']), pick(r, [16, 17, 18, 19]), digits(r, 19));
      const bin = applyMask('BANK_CARD', card, 'bin_last4', ctx()).value!;
      const last4 = applyMask('BANK_CARD', card, 'last4', ctx()).value!;
      expect(nestedIn(bin, card, 'right')).toBe(true);
      expect(nestedIn(last4, bin, 'right')).toBe(true);
      expect(bin.replace(/\*/g, '')).toHaveLength(10);
    }
  });
});
