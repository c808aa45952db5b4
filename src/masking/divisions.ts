// The 34 province-level divisions with their GB/T 2260 two-digit codes. National-ID `derived`
// reads the province from the first two digits of the number; ADDRESS uses the names to
// recognise the province part of an address. 83 is not a GB/T 2260 code: it prefixes the
// residence permits of Taiwan residents (GB 11643-based, since 2018), so it names 台湾省 too;
// 81 and 82 serve both the SARs and their residents' permits.

export interface Province {
  code: string;
  /** Official full name, as addresses and the `derived` view show it. */
  name: string;
  /** Name without its administrative suffix, as people often write it (广东, 内蒙古). */
  short: string;
  /** Municipalities directly under the central government have no separate city level. */
  municipality: boolean;
}

const P = (code: string, name: string, short: string, municipality = false): Province => Object.freeze({ code, name, short, municipality });

export const PROVINCES: readonly Province[] = Object.freeze([
  P('11', '北京市', '北京', true),
  P('12', '天津市', '天津', true),
  P('13', '河北省', '河北'),
  P('14', '山西省', '山西'),
  P('15', '内蒙古自治区', '内蒙古'),
  P('21', '辽宁省', '辽宁'),
  P('22', '吉林省', '吉林'),
  P('23', '黑龙江省', '黑龙江'),
  P('31', '上海市', '上海', true),
  P('32', '江苏省', '江苏'),
  P('33', '浙江省', '浙江'),
  P('34', '安徽省', '安徽'),
  P('35', '福建省', '福建'),
  P('36', '江西省', '江西'),
  P('37', '山东省', '山东'),
  P('41', '河南省', '河南'),
  P('42', '湖北省', '湖北'),
  P('43', '湖南省', '湖南'),
  P('44', '广东省', '广东'),
  P('45', '广西壮族自治区', '广西'),
  P('46', '海南省', '海南'),
  P('50', '重庆市', '重庆', true),
  P('51', '四川省', '四川'),
  P('52', '贵州省', '贵州'),
  P('53', '云南省', '云南'),
  P('54', '西藏自治区', '西藏'),
  P('61', '陕西省', '陕西'),
  P('62', '甘肃省', '甘肃'),
  P('63', '青海省', '青海'),
  P('64', '宁夏回族自治区', '宁夏'),
  P('65', '新疆维吾尔自治区', '新疆'),
  P('71', '台湾省', '台湾'),
  P('81', '香港特别行政区', '香港'),
  P('82', '澳门特别行政区', '澳门'),
]);

const BY_CODE: ReadonlyMap<string, Province> = new Map([...PROVINCES.map((p) => [p.code, p] as const), ['83', PROVINCES.find((p) => p.code === '71')!] as const]);

const BY_NAME: ReadonlyMap<string, Province> = new Map(PROVINCES.flatMap((p) => [[p.name, p] as const, [p.short, p] as const]));

/** Province for a two-digit GB/T 2260 code (or 83, Taiwan residents' permits). */
export function provinceByCode(code: string): Province | undefined {
  return BY_CODE.get(code);
}

/** Province for its full (广东省) or short (广东) name. */
export function provinceByName(name: string): Province | undefined {
  return BY_NAME.get(name);
}

// Longest names first so that a prefix match never stops at a shorter name's prefix.
const NAMES_LONGEST_FIRST: readonly string[] = [...BY_NAME.keys()].sort((a, b) => b.length - a.length);

/** The province an address string starts with, and how many characters it takes. */
export function matchProvincePrefix(text: string): { province: Province; length: number } | undefined {
  for (const name of NAMES_LONGEST_FIRST) {
    if (text.startsWith(name)) return { province: BY_NAME.get(name)!, length: name.length };
  }
  return undefined;
}
