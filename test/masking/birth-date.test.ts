import { describe, expect, it } from 'vitest';
import { applyMask } from '../../src/masking/index';
import { ctx, nestedIn, rng } from './fixtures';

const hidden = { value: null, served: 'hidden' };
const c = ctx(); // now = 2024-06-01T08:00:00Z

describe('BIRTH_DATE levels', () => {
  it.each([
    ['1990-05-17', 'clear', '1990-05-17'],
    [new Date('1990-05-17T00:00:00Z'), 'clear', '1990-05-17'],
    ['1990-05-17T00:00:00.000Z', 'clear', '1990-05-17'],
    ['1990-05-17', 'year', '1990-**-**'],
    [new Date('1990-05-17T00:00:00Z'), 'year', '1990-**-**'],
    ['1990-05-17', 'age_band', '30–39'],
    ['1994-06-01', 'age_band', '30–39'], // 30th birthday is today
    ['1994-06-02', 'age_band', '20–29'], // tomorrow
    ['2000-02-29', 'age_band', '20–29'],
    ['2024-06-01', 'age_band', '0–9'], // born today
    ['1924-06-01', 'age_band', '100–109'],
    ['1949-10-01', 'age_band', '70–79'],
  ])('%j at %s → %s', (raw, level, want) => {
    expect(applyMask('BIRTH_DATE', raw, level, c)).toEqual({ value: want, served: level });
  });

  it('the age band depends on ctx.now only, never on the clock', () => {
    const at = (iso: string) => applyMask('BIRTH_DATE', '1990-05-17', 'age_band', ctx({ now: new Date(iso) })).value;
    expect(at('2020-05-16T23:59:59Z')).toBe('20–29');
    expect(at('2020-05-17T00:00:00Z')).toBe('30–39');
    expect(at('2050-01-01T00:00:00Z')).toBe('50–59');
  });

  it.each([['1990-02-30'], ['1990-13-01'], ['1990/05/17'], ['17.05.1990'], ['90-05-17'], [''], [new Date('invalid')], [19900517], [{ year: 1990 }]])(
    '%j is hidden at every level, clear included',
    (raw) => {
      for (const level of ['clear', 'year', 'age_band']) expect(applyMask('BIRTH_DATE', raw, level, c)).toEqual(hidden);
    },
  );

  it('an age band is withheld for a date after ctx.now or implausibly old', () => {
    expect(applyMask('BIRTH_DATE', '2024-06-02', 'age_band', c)).toEqual(hidden);
    expect(applyMask('BIRTH_DATE', '1850-01-01', 'age_band', c)).toEqual(hidden);
    expect(applyMask('BIRTH_DATE', '1990-05-17', 'age_band', ctx({ now: new Date(Number.NaN) }))).toEqual(hidden);
  });

  it('unknown level → hidden', () => {
    expect(applyMask('BIRTH_DATE', '1990-05-17', 'month', c)).toEqual(hidden);
  });
});

describe('BIRTH_DATE — levels nest', () => {
  it('for 300 generated dates: year ⊂ clear, and the band contains the age', () => {
    const r = rng(1990);
    for (let i = 0; i < 300; i++) {
      const d = new Date(Date.UTC(1930 + Math.floor(r() * 94), Math.floor(r() * 12), 1 + Math.floor(r() * 28)));
      const clear = applyMask('BIRTH_DATE', d, 'clear', c).value!;
      const year = applyMask('BIRTH_DATE', d, 'year', c).value!;
      const band = applyMask('BIRTH_DATE', d, 'age_band', c).value!;
      expect(nestedIn(year, clear, 'left')).toBe(true);
      const [lo, hi] = band.split('–').map(Number);
      const approxAge = 2024 - d.getUTCFullYear();
      expect(approxAge - 1 <= hi! && approxAge >= lo!).toBe(true);
      expect(hi! - lo!).toBe(9);
    }
  });
});
