// ADDRESS — mainland Chinese addresses by administrative division. Pure; an address whose
// province is not one of the 34 province-level divisions is hidden at every masked level.
//
// Input: the document's {province, city, district, street} object, or a string read by its
// division suffixes (省/自治区/特别行政区 or a municipality, then 市/自治州/地区/盟, then
// 区/县/市/旗/自治县/自治旗; the rest is the street).
//
// Formats, for {北京市, 北京市, 海淀区, 中关村大街27号} and {广东省, 深圳市, 南山区, 科技园…}:
//   clear     the stored parts joined (a municipality's repeated city dropped)  北京市海淀区中关村大街27号
//             a stored string is returned unchanged
//   district  province + city + district + four stars       北京市海淀区**** / 广东省深圳市南山区****
//   city      province + city (a municipality is its own city) 北京市 / 广东省深圳市
//   province  the province's official name                     北京市 / 广东省
// Every level is a prefix of the one before it, so levels nest and cannot be spliced. Four stars
// whatever the street's length: the length of a street address says something about it.
// A level whose division is missing degrades to the next level that can be shown (a city
// without a known city serves 'province'), and `served` says so.
import type { LevelOf } from '../policy/classes';
import { HIDDEN, shown, type Masked } from './types';
import { matchProvincePrefix, provinceByName, type Province } from './divisions';

type AddressLevel = LevelOf<'ADDRESS'>;

interface ParsedAddress {
  province: Province;
  city: string | null;
  district: string | null;
}

// Division names are short and carry no digits: a longer or numbered part is street data typed
// into the wrong field, and must not be shown as a division.
const DIVISION_NAME = /^[^\d\s]{2,20}$/u;
const CITY_PREFIX = /^[^\d\s]{1,12}?(?:自治州|地区|盟|市)/u;
const DISTRICT_PREFIX = /^(?:[^\d\s]{1,14}?自治[县旗]|[^\d\s]{1,6}?(?:区|县|市|旗))/u;
const MUNICIPAL_CITY_PREFIX = /^(?:市辖区|县)/u;

export interface AddressObject {
  province?: unknown;
  city?: unknown;
  district?: unknown;
  street?: unknown;
}

function str(v: unknown): string | null {
  if (typeof v !== 'string') return null;
  const t = v.trim();
  return t.length === 0 ? null : t;
}

function division(v: string | null): string | null {
  return v !== null && DIVISION_NAME.test(v) ? v : null;
}

function parseObject(a: AddressObject): ParsedAddress | null {
  const p = str(a.province);
  const province = p === null ? undefined : provinceByName(p);
  if (province === undefined) return null;
  const city = province.municipality ? null : division(str(a.city));
  return { province, city, district: division(str(a.district)) };
}

function parseString(s: string): ParsedAddress | null {
  const t = s.trim();
  const hit = matchProvincePrefix(t);
  if (hit === undefined) return null;
  const { province } = hit;
  let rest = t.slice(hit.length);
  let city: string | null = null;
  if (province.municipality) {
    // 北京市北京市海淀区… and 北京市市辖区海淀区… both occur in exported data.
    if (rest.startsWith(province.name)) rest = rest.slice(province.name.length);
    const m = MUNICIPAL_CITY_PREFIX.exec(rest);
    if (m !== null) rest = rest.slice(m[0].length);
  } else {
    const m = CITY_PREFIX.exec(rest);
    if (m !== null) {
      city = m[0];
      rest = rest.slice(city.length);
    }
  }
  const d = DISTRICT_PREFIX.exec(rest);
  return { province, city, district: d === null ? null : d[0] };
}

function joinClear(a: AddressObject): string | null {
  const province = str(a.province);
  const city = str(a.city);
  const district = str(a.district);
  const street = str(a.street);
  const canonical = province === null ? undefined : provinceByName(province);
  const skipCity = city === null || city === province || city === '市辖区' || (canonical?.municipality ?? false);
  const joined = `${province ?? ''}${skipCity ? '' : city}${district ?? ''}${street ?? ''}`;
  return joined.length === 0 ? null : joined;
}

export function maskAddress(raw: unknown, level: AddressLevel): Masked<AddressLevel> {
  if (level === 'hidden' || raw === null || raw === undefined) return HIDDEN;
  const isString = typeof raw === 'string';
  if (!isString && typeof raw !== 'object') return HIDDEN;
  if (level === 'clear') {
    const v = isString ? raw : joinClear(raw as AddressObject);
    return v === null ? HIDDEN : shown(v, 'clear');
  }
  const a = isString ? parseString(raw) : parseObject(raw as AddressObject);
  if (a === null) return HIDDEN;
  const prov = a.province.name;
  if (level === 'district') {
    if (a.city !== null || a.district !== null) {
      return shown(`${prov}${a.city ?? ''}${a.district ?? ''}****`, 'district');
    }
    if (a.province.municipality) return shown(`${prov}****`, 'district');
    return shown(prov, 'province');
  }
  if (level === 'city') {
    if (a.province.municipality) return shown(prov, 'city');
    return a.city === null ? shown(prov, 'province') : shown(`${prov}${a.city}`, 'city');
  }
  if (level === 'province') return shown(prov, 'province');
  return HIDDEN;
}
