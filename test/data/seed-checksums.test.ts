import { describe, expect, it } from 'vitest';
import { buildIdNumber, gb11643CheckDigit, parseIdNumber } from '../../src/data/seed/gb11643';
import { isLuhnValid } from '../../src/data/seed/luhn';
import { makeReferenceNumber } from '../../src/data/seed/notes';
import { Rng } from '../../src/data/seed/prng';

describe('GB 11643 check digit', () => {
  it('matches the standard worked examples, including X for 10', () => {
    expect(gb11643CheckDigit('11010519491231002')).toBe('X');
    expect(gb11643CheckDigit('44052418800101001')).toBe('4');
  });

  it('parses a valid number into region, birth date and gender', () => {
    expect(parseIdNumber('11010519491231002X')).toEqual({
      regionCode: '110105',
      birthDate: new Date('1949-12-31T00:00:00Z'),
      gender: 'F',
    });
  });

  it('rejects a wrong check digit, an impossible date and a malformed number', () => {
    expect(parseIdNumber('110105194912310021')).toBeNull();
    const feb30 = '11010519900230001';
    expect(parseIdNumber(feb30 + gb11643CheckDigit(feb30))).toBeNull();
    expect(parseIdNumber('11010519491231002x')).toBeNull();
    expect(parseIdNumber('1101051949123100')).toBeNull();
  });

  it('builds numbers whose sequence parity follows the gender', () => {
    const born = new Date('1990-05-17T00:00:00Z');
    for (const serial of [0, 1, 250, 499]) {
      expect(parseIdNumber(buildIdNumber('440305', born, 'M', serial))).toEqual({ regionCode: '440305', birthDate: born, gender: 'M' });
      expect(parseIdNumber(buildIdNumber('440305', born, 'F', serial))).toEqual({ regionCode: '440305', birthDate: born, gender: 'F' });
    }
  });
});

describe('Luhn', () => {
  it('accepts known-good numbers and rejects a single changed digit', () => {
    expect(isLuhnValid('79927398713')).toBe(true);
    expect(isLuhnValid('4111111111111111')).toBe(true);
    expect(isLuhnValid('4111111111111112')).toBe(false);
    expect(isLuhnValid('')).toBe(false);
    expect(isLuhnValid('4111 1111 1111 1111')).toBe(false);
  });
});

describe('reference numbers in notes', () => {
  it('never pass the card or ID number checks, so a correct detector leaves them alone', () => {
    const rng = new Rng(99);
    const at = new Date('2025-03-12T08:00:00Z');
    for (let i = 0; i < 5_000; i++) {
      const ref = makeReferenceNumber(rng, at);
      expect(ref).toMatch(/^20250312\d{4,11}$/);
      expect(isLuhnValid(ref)).toBe(false);
      expect(parseIdNumber(ref)).toBeNull();
    }
  });
});
