// Personal names: Chinese names drawn by real surname frequency, about 5% with a compound
// surname (欧阳, 司马, 诸葛 …, which name maskers must keep whole: 欧阳* not 欧*), and about 3%
// Latin names (foreign customers, some with accents). Each name carries a romanisation so the
// generated e-mail addresses look like the person's own.
import { weighted, type Rng } from './prng';
import type { Gender } from './types';

// [surname, pinyin, relative frequency (per mille, rounded)]
const SINGLE_SURNAMES = weighted<readonly [string, string]>(
  (
    [
      ['王', 'wang', 71],
      ['李', 'li', 70],
      ['张', 'zhang', 67],
      ['刘', 'liu', 54],
      ['陈', 'chen', 45],
      ['杨', 'yang', 31],
      ['黄', 'huang', 22],
      ['赵', 'zhao', 20],
      ['吴', 'wu', 19],
      ['周', 'zhou', 19],
      ['徐', 'xu', 13],
      ['孙', 'sun', 13],
      ['马', 'ma', 12],
      ['朱', 'zhu', 11],
      ['胡', 'hu', 10],
      ['郭', 'guo', 10],
      ['何', 'he', 9],
      ['高', 'gao', 9],
      ['林', 'lin', 9],
      ['罗', 'luo', 8],
      ['郑', 'zheng', 8],
      ['梁', 'liang', 7],
      ['谢', 'xie', 6],
      ['宋', 'song', 6],
      ['唐', 'tang', 5],
      ['许', 'xu', 5],
      ['韩', 'han', 5],
      ['冯', 'feng', 5],
      ['邓', 'deng', 5],
      ['曹', 'cao', 5],
      ['彭', 'peng', 4],
      ['曾', 'zeng', 4],
      ['肖', 'xiao', 4],
      ['田', 'tian', 4],
      ['董', 'dong', 4],
      ['袁', 'yuan', 4],
      ['潘', 'pan', 3],
      ['于', 'yu', 3],
      ['蒋', 'jiang', 3],
      ['蔡', 'cai', 3],
      ['余', 'yu', 3],
      ['杜', 'du', 3],
      ['叶', 'ye', 3],
      ['程', 'cheng', 3],
      ['苏', 'su', 3],
      ['魏', 'wei', 3],
      ['吕', 'lv', 3],
      ['丁', 'ding', 3],
      ['任', 'ren', 3],
      ['沈', 'shen', 3],
    ] as const
  ).map(([s, p, w]) => [[s, p] as const, w] as const),
);

export const COMPOUND_SURNAMES: readonly (readonly [string, string])[] = [
  ['欧阳', 'ouyang'],
  ['司马', 'sima'],
  ['诸葛', 'zhuge'],
  ['上官', 'shangguan'],
  ['皇甫', 'huangfu'],
  ['司徒', 'situ'],
  ['东方', 'dongfang'],
  ['慕容', 'murong'],
  ['令狐', 'linghu'],
  ['夏侯', 'xiahou'],
  ['尉迟', 'yuchi'],
  ['公孙', 'gongsun'],
  ['长孙', 'zhangsun'],
  ['宇文', 'yuwen'],
  ['端木', 'duanmu'],
  ['南宫', 'nangong'],
];

const GIVEN_M: readonly (readonly [string, string])[] = [
  ['伟', 'wei'],
  ['强', 'qiang'],
  ['磊', 'lei'],
  ['军', 'jun'],
  ['洋', 'yang'],
  ['勇', 'yong'],
  ['杰', 'jie'],
  ['涛', 'tao'],
  ['明', 'ming'],
  ['超', 'chao'],
  ['俊', 'jun'],
  ['浩', 'hao'],
  ['宇', 'yu'],
  ['鹏', 'peng'],
  ['斌', 'bin'],
  ['辉', 'hui'],
  ['建', 'jian'],
  ['国', 'guo'],
  ['志', 'zhi'],
  ['文', 'wen'],
  ['博', 'bo'],
  ['子', 'zi'],
  ['轩', 'xuan'],
  ['晨', 'chen'],
  ['睿', 'rui'],
  ['鑫', 'xin'],
  ['峰', 'feng'],
  ['海', 'hai'],
  ['东', 'dong'],
  ['亮', 'liang'],
];
const GIVEN_F: readonly (readonly [string, string])[] = [
  ['芳', 'fang'],
  ['娜', 'na'],
  ['敏', 'min'],
  ['静', 'jing'],
  ['丽', 'li'],
  ['艳', 'yan'],
  ['娟', 'juan'],
  ['霞', 'xia'],
  ['燕', 'yan'],
  ['玲', 'ling'],
  ['婷', 'ting'],
  ['雪', 'xue'],
  ['慧', 'hui'],
  ['颖', 'ying'],
  ['琳', 'lin'],
  ['倩', 'qian'],
  ['欣', 'xin'],
  ['悦', 'yue'],
  ['怡', 'yi'],
  ['佳', 'jia'],
  ['晶', 'jing'],
  ['萍', 'ping'],
  ['红', 'hong'],
  ['梅', 'mei'],
  ['丹', 'dan'],
  ['璐', 'lu'],
  ['瑶', 'yao'],
  ['雯', 'wen'],
  ['诗', 'shi'],
  ['涵', 'han'],
];

const LATIN_FIRST_M = ['James', 'Michael', 'David', 'Daniel', 'Thomas', 'Oliver', 'Lucas', 'Peter', 'José', 'François'];
const LATIN_FIRST_F = ['Emma', 'Olivia', 'Sophie', 'Anna', 'Laura', 'Grace', 'Emily', 'Claire', 'Zoë', 'Inès'];
const LATIN_LAST = ['Smith', 'Johnson', 'Brown', 'Wilson', 'Taylor', 'Martin', 'Anderson', 'Müller', 'García', 'Dubois', "O'Brien", 'Schmidt'];

export type NameKind = 'chinese' | 'compound' | 'latin';

export interface PersonName {
  readonly name: string;
  readonly kind: NameKind;
  /** Romanised family and given names, lower-case ASCII, for e-mail local parts. */
  readonly family: string;
  readonly given: string;
}

const COMPOUND_SHARE = 0.05;
const LATIN_SHARE = 0.03;

function ascii(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[^A-Za-z]/g, '')
    .toLowerCase();
}

export function makePersonName(rng: Rng, gender: Gender): PersonName {
  const r = rng.next();
  if (r < LATIN_SHARE) {
    const first = rng.pick(gender === 'M' ? LATIN_FIRST_M : LATIN_FIRST_F);
    const last = rng.pick(LATIN_LAST);
    return { name: `${first} ${last}`, kind: 'latin', family: ascii(last), given: ascii(first) };
  }
  const compound = r < LATIN_SHARE + COMPOUND_SHARE;
  const [surname, surnamePinyin] = compound ? rng.pick(COMPOUND_SURNAMES) : rng.pickWeighted(SINGLE_SURNAMES);
  const pool = gender === 'M' ? GIVEN_M : GIVEN_F;
  // Two-character given names are the majority; single-character ones are common with single surnames.
  const length = compound || rng.chance(0.7) ? 2 : 1;
  let given = '';
  let givenPinyin = '';
  for (let i = 0; i < length; i++) {
    const [ch, py] = rng.pick(pool);
    given += ch;
    givenPinyin += py;
  }
  return { name: surname + given, kind: compound ? 'compound' : 'chinese', family: surnamePinyin, given: givenPinyin };
}
