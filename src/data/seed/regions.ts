// Real province / city / district names with their GB/T 2260 administrative division codes. The
// district code is the first six digits of the resident ID numbers generated for people living
// there, so an ID number always agrees with its holder's province (first two digits) and district.
// Municipalities (北京市, 上海市, 天津市, 重庆市) repeat their name as the city, as most CRMs store them.
import { weighted, type Rng } from './prng';
import type { Address } from './types';

export interface District {
  readonly province: string;
  readonly city: string;
  readonly district: string;
  /** GB/T 2260 six-digit code of the district. */
  readonly code: string;
}

// [province, city, district, code, weight]; weights roughly follow where a national CRM's
// customers live (big coastal cities first).
const DISTRICT_ROWS: readonly (readonly [string, string, string, string, number])[] = [
  ['北京市', '北京市', '东城区', '110101', 3],
  ['北京市', '北京市', '西城区', '110102', 3],
  ['北京市', '北京市', '朝阳区', '110105', 6],
  ['北京市', '北京市', '丰台区', '110106', 3],
  ['北京市', '北京市', '海淀区', '110108', 6],
  ['天津市', '天津市', '和平区', '120101', 2],
  ['天津市', '天津市', '南开区', '120104', 2],
  ['上海市', '上海市', '黄浦区', '310101', 3],
  ['上海市', '上海市', '徐汇区', '310104', 4],
  ['上海市', '上海市', '浦东新区', '310115', 7],
  ['重庆市', '重庆市', '渝中区', '500103', 3],
  ['重庆市', '重庆市', '江北区', '500105', 2],
  ['河北省', '石家庄市', '长安区', '130102', 2],
  ['山西省', '太原市', '小店区', '140105', 2],
  ['内蒙古自治区', '呼和浩特市', '新城区', '150102', 1],
  ['辽宁省', '沈阳市', '和平区', '210102', 2],
  ['辽宁省', '大连市', '中山区', '210202', 2],
  ['吉林省', '长春市', '南关区', '220102', 1],
  ['黑龙江省', '哈尔滨市', '道里区', '230102', 2],
  ['江苏省', '南京市', '玄武区', '320102', 3],
  ['江苏省', '苏州市', '姑苏区', '320508', 3],
  ['浙江省', '杭州市', '西湖区', '330106', 4],
  ['浙江省', '宁波市', '鄞州区', '330212', 2],
  ['安徽省', '合肥市', '蜀山区', '340104', 2],
  ['福建省', '福州市', '鼓楼区', '350102', 2],
  ['福建省', '厦门市', '思明区', '350203', 2],
  ['江西省', '南昌市', '东湖区', '360102', 1],
  ['山东省', '济南市', '历下区', '370102', 2],
  ['山东省', '青岛市', '市南区', '370202', 2],
  ['河南省', '郑州市', '金水区', '410105', 3],
  ['湖北省', '武汉市', '江汉区', '420103', 2],
  ['湖北省', '武汉市', '武昌区', '420106', 2],
  ['湖南省', '长沙市', '岳麓区', '430104', 2],
  ['广东省', '广州市', '越秀区', '440104', 3],
  ['广东省', '广州市', '天河区', '440106', 5],
  ['广东省', '深圳市', '福田区', '440304', 4],
  ['广东省', '深圳市', '南山区', '440305', 5],
  ['广西壮族自治区', '南宁市', '青秀区', '450103', 1],
  ['海南省', '海口市', '美兰区', '460108', 1],
  ['四川省', '成都市', '锦江区', '510104', 2],
  ['四川省', '成都市', '武侯区', '510107', 3],
  ['贵州省', '贵阳市', '南明区', '520102', 1],
  ['云南省', '昆明市', '五华区', '530102', 1],
  ['西藏自治区', '拉萨市', '城关区', '540102', 1],
  ['陕西省', '西安市', '雁塔区', '610113', 3],
  ['甘肃省', '兰州市', '城关区', '620102', 1],
  ['青海省', '西宁市', '城东区', '630102', 1],
  ['宁夏回族自治区', '银川市', '兴庆区', '640104', 1],
  ['新疆维吾尔自治区', '乌鲁木齐市', '天山区', '650102', 1],
];

export const DISTRICTS: readonly District[] = DISTRICT_ROWS.map(([province, city, district, code]) => Object.freeze({ province, city, district, code }));

const DISTRICT_TABLE = weighted(DISTRICTS.map((d, i) => [d, DISTRICT_ROWS[i][4]] as const));

const ROADS = [
  '人民路',
  '中山路',
  '解放路',
  '建设路',
  '和平路',
  '新华路',
  '文化路',
  '长江路',
  '黄河路',
  '胜利路',
  '青年路',
  '学府路',
  '滨江大道',
  '世纪大道',
  '科技路',
  '花园路',
  '东风路',
  '光明路',
  '友谊路',
  '幸福路',
];
const ESTATES = [
  '阳光花园',
  '锦绣家园',
  '翠苑小区',
  '金色港湾',
  '碧水湾',
  '华府名苑',
  '龙湖花园',
  '绿城公寓',
  '万科城',
  '幸福里',
  '书香门第',
  '紫荆苑',
  '御景湾',
  '海棠苑',
  '时代广场',
];

export function pickDistrict(rng: Rng): District {
  return rng.pickWeighted(DISTRICT_TABLE);
}

export function makeAddress(rng: Rng, district: District): Address {
  const road = rng.pick(ROADS);
  const no = rng.int(1, 999);
  const street = rng.chance(0.8)
    ? `${road}${no}号${rng.pick(ESTATES)}${rng.int(1, 30)}栋${rng.int(1, 6)}单元${rng.int(1, 33)}${String(rng.int(1, 8)).padStart(2, '0')}室`
    : `${road}${no}号${rng.int(2, 40)}楼`;
  return { province: district.province, city: district.city, district: district.district, street };
}
