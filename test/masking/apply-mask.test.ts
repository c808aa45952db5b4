import { describe, expect, it } from 'vitest';
import { DATA_CLASSES, LEVELS, levelRank, type DataClass } from '../../src/policy/classes';
import { applyMask, deriveDomainKey } from '../../src/masking/index';
import { ctx, makeCard, makeId } from './fixtures';

const hidden = { value: null, served: 'hidden' };

// One real-looking stored value per class, as the customer document holds it.
const SAMPLES: Record<DataClass, unknown> = {
  PHONE: '+86 138-1234-5678',
  NATIONAL_ID: makeId('440305', '19851120', '047'),
  BANK_CARD: makeCard('622202', 19),
  NAME: '欧阳娜娜',
  EMAIL: 'ouyang.nana@qq.com',
  ADDRESS: { province: '广东省', city: '深圳市', district: '南山区', street: '科技园深南大道9988号' },
  BIRTH_DATE: new Date('1985-11-20T00:00:00Z'),
  FREE_TEXT: '客户来电13812345678，卡号已核实',
};

describe('applyMask — every class × level of classes.ts', () => {
  const c = ctx({ gender: 'F' });
  for (const cls of DATA_CLASSES) {
    for (const level of LEVELS[cls]) {
      it(`${cls} at ${level} serves ${level}${level === 'hidden' ? ' (null)' : ' with a value'}`, () => {
        const got = applyMask(cls, SAMPLES[cls], level, c);
        expect(got.served).toBe(level);
        if (level === 'hidden') expect(got.value).toBeNull();
        else expect(typeof got.value).toBe('string');
      });
    }
  }

  it('each masked level of a sample differs from the level before it (nothing is a silent copy)', () => {
    for (const cls of DATA_CLASSES) {
      const values = LEVELS[cls].map((l) => applyMask(cls, SAMPLES[cls], l, c).value);
      for (let i = 1; i < values.length - 1; i++) expect(values[i]).not.toBe(values[i - 1]);
    }
  });

  it('never serves a level more revealing than the one asked for', () => {
    const noGender = ctx({ gender: null });
    for (const cls of DATA_CLASSES) {
      for (const level of LEVELS[cls]) {
        for (const raw of [SAMPLES[cls], 'x', '', '13812345678', { province: '北京市' }, new Date('2000-01-01')]) {
          const got = applyMask(cls, raw, level, noGender);
          expect(levelRank(cls, got.served)).toBeGreaterThanOrEqual(levelRank(cls, level));
          expect(got.value === null).toBe(got.served === 'hidden');
        }
      }
    }
  });
});

describe('applyMask — fails closed', () => {
  const c = ctx();
  it.each(DATA_CLASSES.map((cls) => [cls]))('%s: null and undefined are hidden at every level', (cls) => {
    for (const level of LEVELS[cls]) {
      expect(applyMask(cls, null, level, c)).toEqual(hidden);
      expect(applyMask(cls, undefined, level, c)).toEqual(hidden);
    }
  });

  it.each(DATA_CLASSES.map((cls) => [cls]))('%s: unknown levels are hidden', (cls) => {
    for (const level of ['', 'CLEAR', 'full', 'masked', 'reveal', '__proto__', 'toString']) {
      expect(applyMask(cls, SAMPLES[cls], level, c)).toEqual(hidden);
    }
  });

  it('an unknown class is hidden, even at clear', () => {
    expect(applyMask('SALARY' as DataClass, '10000', 'clear', c)).toEqual(hidden);
    expect(applyMask('__proto__' as DataClass, '10000', 'clear', c)).toEqual(hidden);
  });

  it('the hidden result is shared and frozen: a caller cannot turn it into a value', () => {
    const h = applyMask('PHONE', null, 'clear', c);
    expect(Object.isFrozen(h)).toBe(true);
  });
});

describe('deriveDomainKey', () => {
  it('is deterministic, 32 bytes, and differs per domain and per master key', () => {
    const a = deriveDomainKey('master-key-0123456789', 'crm');
    expect(a).toBeInstanceOf(Buffer);
    expect(a).toHaveLength(32);
    expect(deriveDomainKey('master-key-0123456789', 'crm').equals(a)).toBe(true);
    expect(deriveDomainKey(new TextEncoder().encode('master-key-0123456789'), 'crm').equals(a)).toBe(true);
    expect(deriveDomainKey('master-key-0123456789', 'bi').equals(a)).toBe(false);
    expect(deriveDomainKey('master-key-0123456780', 'crm').equals(a)).toBe(false);
  });

  it('refuses an empty master key or domain (an unkeyed token is reversible)', () => {
    expect(() => deriveDomainKey('', 'crm')).toThrow(TypeError);
    expect(() => deriveDomainKey(new Uint8Array(0), 'crm')).toThrow(TypeError);
    expect(() => deriveDomainKey('master-key', '')).toThrow(TypeError);
  });

  it('tokens from two domains never join, tokens of one class never equal another class', () => {
    const crm = ctx({ tokenKey: deriveDomainKey('m-0123456789abcdef', 'crm') });
    const bi = ctx({ tokenKey: deriveDomainKey('m-0123456789abcdef', 'bi') });
    const classes = ['PHONE', 'NATIONAL_ID', 'BANK_CARD', 'NAME', 'EMAIL'] as const;
    const seen = new Set<string>();
    for (const cls of classes) {
      const a = applyMask(cls, SAMPLES[cls], 'token', crm).value!;
      const b = applyMask(cls, SAMPLES[cls], 'token', bi).value!;
      expect(a).toMatch(/^(tel|nid|card|name|mail)_[0-9a-f]{24}$/);
      expect(a).not.toBe(b);
      expect(a.slice(a.indexOf('_') + 1)).not.toBe(b.slice(b.indexOf('_') + 1));
      seen.add(a);
      seen.add(b);
    }
    expect(seen.size).toBe(classes.length * 2);
  });

  it('1,000 distinct mobiles give 1,000 distinct tokens', () => {
    const c = ctx();
    const tokens = new Set<string>();
    for (let i = 0; i < 1000; i++) tokens.add(applyMask('PHONE', `1380000${String(i).padStart(4, '0')}`, 'token', c).value!);
    expect(tokens.size).toBe(1000);
  });
});
