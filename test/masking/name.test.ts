import { describe, expect, it } from 'vitest';
import { applyMask } from '../../src/masking/index';
import { ctx, KEY_BI, pick, rng } from './fixtures';

const hidden = { value: null, served: 'hidden' };
const M = ctx({ gender: 'M' });
const F = ctx({ gender: 'F' });

describe('NAME — Chinese names', () => {
  it.each([
    ['张三', '张*'],
    ['张三丰', '张**'],
    ['王小明', '王**'],
    ['李娜', '李*'],
    ['欧阳锋', '欧阳*'],
    ['欧阳娜娜', '欧阳**'],
    ['司马光', '司马*'],
    ['诸葛亮', '诸葛*'],
    ['上官婉儿', '上官**'],
    ['皇甫嵩', '皇甫*'],
    ['东方朔', '东方*'],
    ['令狐冲', '令狐*'],
    ['慕容复', '慕容*'],
    ['尉迟恭', '尉迟*'],
    ['歐陽修', '歐陽*'], // traditional characters
    ['司馬遷', '司馬*'],
    ['爱新觉罗溥仪', '爱新觉罗**'],
    ['欧阳', '欧*'], // two characters: a compound surname needs a given name after it
    ['司马', '司*'],
    [' 张 三 ', '张*'], // stray whitespace from data entry
    ['买买提·艾力', '买**·**'], // Uyghur transliteration: no surname, first character only
    ['阿依古丽·吐尔逊', '阿***·***'],
  ])('%s → partial %s', (raw, want) => {
    expect(applyMask('NAME', raw, 'partial', ctx())).toEqual({ value: want, served: 'partial' });
  });

  it.each([
    ['张三', M, '张先生'],
    ['李娜', F, '李女士'],
    ['欧阳娜娜', F, '欧阳女士'],
    ['司马光', M, '司马先生'],
    ['诸葛亮', M, '诸葛先生'],
    ['上官婉儿', F, '上官女士'],
  ])('%s → honorific %s', (raw, c, want) => {
    expect(applyMask('NAME', raw, 'honorific', c)).toEqual({ value: want, served: 'honorific' });
  });

  it('clear is the stored value unchanged', () => {
    expect(applyMask('NAME', '欧阳娜娜', 'clear', ctx())).toEqual({ value: '欧阳娜娜', served: 'clear' });
  });
});

describe('NAME — Latin names', () => {
  it.each([
    ['John Smith', 'J*** Smith'],
    ['Mary Jane Watson', 'M*** J*** Watson'],
    ['Zoë Müller', 'Z** Müller'],
    ["Seán O'Brien", "S*** O'Brien"],
    ['Jean-Luc Picard', 'J******* Picard'],
    ['Smith, John', 'Smith, J***'],
    ['Madonna', 'M******'], // one word: treated as a given name, never shown whole
    ['  John   Smith ', 'J*** Smith'],
  ])('%s → partial %s', (raw, want) => {
    expect(applyMask('NAME', raw, 'partial', ctx())).toEqual({ value: want, served: 'partial' });
  });

  it.each([
    ['John Smith', M, 'Mr. Smith'],
    ['Mary Jane Watson', F, 'Ms. Watson'],
    ['Smith, John', M, 'Mr. Smith'],
    ["Seán O'Brien", M, "Mr. O'Brien"],
  ])('%s → honorific %s', (raw, c, want) => {
    expect(applyMask('NAME', raw, 'honorific', c)).toEqual({ value: want, served: 'honorific' });
  });
});

describe('NAME — honorific never falls back to a more revealing level', () => {
  it.each([
    ['张三', ctx({ gender: null })],
    ['张三', ctx({ gender: undefined })],
    ['John Smith', ctx()],
    ['买买提·艾力', M], // no surname to address
    ['Madonna', F],
  ])('%s without a usable gender or surname serves the token and says so', (raw, c) => {
    const got = applyMask('NAME', raw, 'honorific', c);
    expect(got.served).toBe('token');
    expect(got.value).toMatch(/^name_[0-9a-f]{24}$/);
    expect(got.value).toBe(applyMask('NAME', raw, 'token', c).value);
  });
});

describe('NAME — tokens', () => {
  it('name_ + 24 hex; whitespace, case and "Family, Given" order do not matter; domains separate', () => {
    const c = ctx();
    const t = (raw: string) => applyMask('NAME', raw, 'token', c).value;
    expect(t('张三丰')).toMatch(/^name_[0-9a-f]{24}$/);
    expect(t(' 张 三丰')).toBe(t('张三丰'));
    expect(t('John Smith')).toBe(t('JOHN  SMITH'));
    expect(t('Smith, John')).toBe(t('John Smith'));
    expect(t('张三丰')).not.toBe(t('张三'));
    expect(applyMask('NAME', '张三丰', 'token', ctx({ tokenKey: KEY_BI })).value).not.toBe(t('张三丰'));
  });
});

describe('NAME — fails closed', () => {
  it.each([['张'], [''], ['   '], ['张San'], ['John 3rd'], ['김민수'], ['@@@'], ['13812345678']])('%j is hidden at every masked level', (raw) => {
    for (const level of ['partial', 'honorific', 'token']) expect(applyMask('NAME', raw, level, M)).toEqual(hidden);
  });
  it('non-string raw and unknown level → hidden', () => {
    expect(applyMask('NAME', { first: 'John' }, 'clear', M)).toEqual(hidden);
    expect(applyMask('NAME', '张三', 'initials', M)).toEqual(hidden);
  });
});

describe('NAME — levels nest', () => {
  const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '欧阳', '司马', '诸葛', '上官', '皇甫', '令狐', '慕容', '东方'];
  const GIVEN = ['伟', '芳', '娜', '秀英', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀兰', '霞'];
  it('for 300 generated names: partial keeps the surname and stars the given name; honorific shows only that surname', () => {
    const r = rng(3);
    for (let i = 0; i < 300; i++) {
      const surname = pick(r, SURNAMES);
      const given = pick(r, GIVEN);
      const name = surname + given;
      const partial = applyMask('NAME', name, 'partial', ctx()).value!;
      const honorific = applyMask('NAME', name, 'honorific', r() < 0.5 ? M : F).value!;
      expect(partial).toBe(surname + '*'.repeat(given.length));
      expect(partial).toHaveLength(name.length);
      expect(honorific.startsWith(surname)).toBe(true);
      expect(honorific.slice(surname.length)).toMatch(/^(先生|女士)$/);
    }
  });

  it('Latin partial shows the family name that the honorific shows, and no other whole word', () => {
    for (const name of ['John Smith', 'Mary Jane Watson', 'Zoë Müller', 'Ada Lovelace']) {
      const family = name.split(' ').at(-1)!;
      const partial = applyMask('NAME', name, 'partial', ctx()).value!;
      const honorific = applyMask('NAME', name, 'honorific', M).value!;
      expect(honorific).toBe(`Mr. ${family}`);
      expect(partial.endsWith(` ${family}`)).toBe(true);
      expect(
        partial
          .split(' ')
          .slice(0, -1)
          .every((w) => /^.\**$/u.test(w)),
      ).toBe(true);
    }
  });
});
