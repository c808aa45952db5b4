import { describe, expect, it } from 'vitest';
import { buildIdNumber, gb11643CheckDigit } from '../../src/data/seed/gb11643';
import { luhnCheckDigit } from '../../src/data/seed/luhn';
import { makeReferenceNumber } from '../../src/data/seed/notes';
import { Rng } from '../../src/data/seed/prng';
import { parseCnIdNumber } from '../../src/masking/gb11643';
import { isLuhnValid } from '../../src/masking/luhn';

// The generator computes check digits; the gateway's maskers validate them. Each side is checked
// against the other and against the standards' worked examples.

describe('GB 11643 check digit', () => {
  it('matches the standard worked examples, including X for 10', () => {
    expect(gb11643CheckDigit('11010519491231002')).toBe('X');
    expect(gb11643CheckDigit('44052418800101001')).toBe('4');
    expect(() => gb11643CheckDigit('1101051949123100')).toThrow(RangeError);
  });

  it('builds numbers the gateway accepts, with the sequence parity following the gender', () => {
    const born = new Date('1990-05-17T00:00:00Z');
    for (const serial of [0, 1, 250, 499]) {
      for (const gender of ['M', 'F'] as const) {
        const id = buildIdNumber('440305', born, gender, serial);
        expect(id).toMatch(/^44030519900517\d{3}[\dX]$/);
        expect(parseCnIdNumber(id)).toMatchObject({ provinceCode: '44', year: 1990, month: 5, day: 17, male: gender === 'M' });
      }
    }
  });
});

describe('Luhn check digit', () => {
  it('completes known numbers and always yields a number that passes the check', () => {
    expect(luhnCheckDigit('7992739871')).toBe('3');
    expect(luhnCheckDigit('411111111111111')).toBe('1');
    const rng = new Rng(5);
    for (let i = 0; i < 1_000; i++) {
      const payload = `62${rng.digits(rng.int(13, 16))}`;
      expect(isLuhnValid(payload + luhnCheckDigit(payload))).toBe(true);
    }
    expect(() => luhnCheckDigit('62 22')).toThrow(RangeError);
  });
});

describe('reference numbers in notes', () => {
  it('never pass the card or ID number checks, so a correct detector leaves them alone', () => {
    const rng = new Rng(99);
    const at = new Date('2025-03-12T08:00:00Z');
    const lengths = new Set<number>();
    for (let i = 0; i < 5_000; i++) {
      const ref = makeReferenceNumber(rng, at);
      lengths.add(ref.length);
      expect(ref).toMatch(/^20250312\d{4,11}$/);
      expect(isLuhnValid(ref)).toBe(false);
      if (ref.length === 18) expect(gb11643CheckDigit(ref.slice(0, 17))).not.toBe(ref[17]);
      expect(parseCnIdNumber(ref)).toBeNull();
    }
    expect(lengths).toEqual(new Set([12, 14, 16, 18, 19]));
  });
});
