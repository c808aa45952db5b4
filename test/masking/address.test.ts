import { describe, expect, it } from 'vitest';
import { applyMask } from '../../src/masking/index';
import { ctx, nestedIn, pick, rng } from './fixtures';

const hidden = { value: null, served: 'hidden' };
const c = ctx();
const HAIDIAN = { province: '北京市', city: '北京市', district: '海淀区', street: '中关村大街27号' };
const NANSHAN = { province: '广东省', city: '深圳市', district: '南山区', street: '科技园深南大道9988号' };
const YANJI = { province: '吉林省', city: '延边朝鲜族自治州', district: '延吉市', street: '光明街88号' };
const TIANHE = { province: '广东', city: '广州市', district: '天河区', street: '天河路385号' }; // short province name

describe('ADDRESS — document objects', () => {
  it.each([
    [HAIDIAN, 'clear', '北京市海淀区中关村大街27号'],
    [HAIDIAN, 'district', '北京市海淀区****'],
    [HAIDIAN, 'city', '北京市'],
    [HAIDIAN, 'province', '北京市'],
    [NANSHAN, 'clear', '广东省深圳市南山区科技园深南大道9988号'],
    [NANSHAN, 'district', '广东省深圳市南山区****'],
    [NANSHAN, 'city', '广东省深圳市'],
    [NANSHAN, 'province', '广东省'],
    [YANJI, 'district', '吉林省延边朝鲜族自治州延吉市****'],
    [YANJI, 'city', '吉林省延边朝鲜族自治州'],
    [TIANHE, 'district', '广东省广州市天河区****'], // masked forms use the official name
    [TIANHE, 'clear', '广东广州市天河区天河路385号'], // clear joins what is stored
    [{ province: '上海市', city: '市辖区', district: '浦东新区', street: '世纪大道100号' }, 'clear', '上海市浦东新区世纪大道100号'],
    [{ province: '上海市', city: '市辖区', district: '浦东新区', street: '世纪大道100号' }, 'district', '上海市浦东新区****'],
    [{ province: '新疆维吾尔自治区', city: '乌鲁木齐市', district: '天山区', street: '解放北路1号' }, 'city', '新疆维吾尔自治区乌鲁木齐市'],
    [{ province: '内蒙古自治区', city: '呼伦贝尔市', district: '鄂温克族自治旗', street: '巴彦托海镇' }, 'district', '内蒙古自治区呼伦贝尔市鄂温克族自治旗****'],
  ])('%j at %s → %s', (raw, level, want) => {
    expect(applyMask('ADDRESS', raw, level, c)).toEqual({ value: want, served: level });
  });

  it('a level whose division is missing degrades to the next one and reports it', () => {
    const noCity = { province: '广东省', city: null, district: null, street: '某路1号' };
    expect(applyMask('ADDRESS', noCity, 'city', c)).toEqual({ value: '广东省', served: 'province' });
    expect(applyMask('ADDRESS', noCity, 'district', c)).toEqual({ value: '广东省', served: 'province' });
    const noDistrict = { province: '广东省', city: '东莞市', street: '松山湖大道1号' }; // no district level in 东莞
    expect(applyMask('ADDRESS', noDistrict, 'district', c)).toEqual({ value: '广东省东莞市****', served: 'district' });
  });

  it('street data typed into a division field is never shown as a division', () => {
    const odd = { province: '广东省', city: '深圳市南山区科技园深南大道9988号', district: '南山区', street: '' };
    expect(applyMask('ADDRESS', odd, 'city', c)).toEqual({ value: '广东省', served: 'province' });
    expect(applyMask('ADDRESS', odd, 'district', c)).toEqual({ value: '广东省南山区****', served: 'district' });
  });

  it.each([[{ province: '加利福尼亚', city: '旧金山', district: null, street: '1 Market St' }], [{ city: '深圳市', district: '南山区' }], [{ province: 42 }], [{}]])(
    '%j without a known province is hidden at every masked level',
    (raw) => {
      for (const level of ['district', 'city', 'province']) expect(applyMask('ADDRESS', raw, level, c)).toEqual(hidden);
    },
  );
});

describe('ADDRESS — strings, read by division suffixes', () => {
  it.each([
    ['北京市海淀区中关村大街27号', 'clear', '北京市海淀区中关村大街27号'],
    ['北京市海淀区中关村大街27号', 'district', '北京市海淀区****'],
    ['北京市海淀区中关村大街27号', 'city', '北京市'],
    ['北京市北京市海淀区中关村大街27号', 'district', '北京市海淀区****'],
    ['上海市市辖区徐汇区漕溪北路88号', 'district', '上海市徐汇区****'],
    ['广东省深圳市南山区科技园深南大道9988号', 'district', '广东省深圳市南山区****'],
    ['广东省深圳市南山区科技园深南大道9988号', 'city', '广东省深圳市'],
    ['广东省深圳市南山区科技园深南大道9988号', 'province', '广东省'],
    ['浙江省杭州市西湖区文三路478号', 'district', '浙江省杭州市西湖区****'],
    ['四川省凉山彝族自治州西昌市航天大道1号', 'city', '四川省凉山彝族自治州'],
    ['四川省乐山市峨边彝族自治县沙坪镇', 'district', '四川省乐山市峨边彝族自治县****'],
    ['广西壮族自治区南宁市青秀区民族大道100号', 'district', '广西壮族自治区南宁市青秀区****'],
    ['重庆市渝中区解放碑步行街1号', 'district', '重庆市渝中区****'],
    ['江苏南京市玄武区中山路1号', 'district', '江苏省南京市玄武区****'], // short province name
    ['北京市中关村大街27号', 'district', '北京市****'], // no district given
    ['广东省东莞市松山湖大道1号', 'district', '广东省东莞市****'],
  ])('%s at %s → %s', (raw, level, want) => {
    expect(applyMask('ADDRESS', raw, level, c)).toEqual({ value: want, served: level });
  });

  it.each([['海淀区中关村大街27号'], ['1 Market Street, San Francisco'], [''], ['中关村']])('%j without a province is hidden at every masked level', (raw) => {
    for (const level of ['district', 'city', 'province']) expect(applyMask('ADDRESS', raw, level, c)).toEqual(hidden);
  });

  it('non-object, non-string raw → hidden, even at clear', () => {
    expect(applyMask('ADDRESS', 42, 'clear', c)).toEqual(hidden);
    expect(applyMask('ADDRESS', null, 'clear', c)).toEqual(hidden);
    expect(applyMask('ADDRESS', HAIDIAN, 'street', c)).toEqual(hidden);
  });
});

describe('ADDRESS — levels nest (each is a prefix of the one before)', () => {
  const PLACES = [
    ['广东省', '深圳市', ['南山区', '福田区', '宝安区']],
    ['浙江省', '杭州市', ['西湖区', '余杭区', '滨江区']],
    ['四川省', '成都市', ['武侯区', '锦江区', '双流区']],
    ['北京市', '北京市', ['朝阳区', '海淀区', '东城区']],
    ['上海市', '上海市', ['浦东新区', '徐汇区', '静安区']],
    ['湖北省', '武汉市', ['洪山区', '江汉区', '武昌区']],
  ] as const;
  it('for 300 generated addresses, as objects and as strings: province ⊂ city ⊂ district ⊂ clear', () => {
    const r = rng(9);
    for (let i = 0; i < 300; i++) {
      const [province, city, districts] = pick(r, PLACES);
      const doc = { province, city, district: pick(r, districts), street: `${pick(r, ['人民路', '解放大道', '建设路', '科技园路'])}${1 + Math.floor(r() * 999)}号` };
      for (const raw of [doc, applyMask('ADDRESS', doc, 'clear', c).value!]) {
        const clear = applyMask('ADDRESS', raw, 'clear', c).value!;
        const levels = ['district', 'city', 'province'].map((l) => applyMask('ADDRESS', raw, l, c).value!.replace(/\*+$/, ''));
        expect(clear.startsWith(levels[0]!)).toBe(true);
        expect(levels[0]!.startsWith(levels[1]!)).toBe(true);
        expect(levels[1]!.startsWith(levels[2]!)).toBe(true);
        expect(nestedIn(levels[0]!, clear, 'left')).toBe(true);
        expect(applyMask('ADDRESS', raw, 'district', c).value).not.toContain(doc.street);
      }
    }
  });
});
