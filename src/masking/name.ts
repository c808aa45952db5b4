// NAME — Chinese names (compound-surname aware) and Latin-script names. Pure; anything else
// (one character, digits, other scripts) is hidden, never passed through.
//
// Formats:
//                Chinese                          Latin
//   clear        stored value unchanged           stored value unchanged
//   partial      surname + one star per given-    given names as initial + one star per other
//                name character: 张三 → 张*,       letter, family name shown:
//                张三丰 → 张**, 欧阳锋 → 欧阳*      John Smith → J*** Smith, Smith, John → Smith, J***
//   honorific    张先生 / 张女士, 欧阳先生           Mr. Smith / Ms. Smith
//   token        name_ + 24 hex (whitespace removed; Latin lower-cased, "Family, Given" reordered)
//
// Partial shows the family name in full for Latin names as it does for Chinese ones, so that the
// honorific (which must name the family) stays nested inside partial: a partial of J*** S****
// would hide letters that Mr. Smith then shows.
//
// Honorific needs the gender (ctx.gender) and a surname. Without either it does NOT fall back to
// partial, which ranks as more revealing (it shows the given name's length; classes.ts orders
// partial before honorific): it degrades to the next, less revealing level, the token, and
// reports served 'token'. Names without a surname are minority transliterations written with a
// middle dot (买买提·艾力) and single-word Latin names (Madonna).
import type { LevelOf } from '../policy/classes';
import { HIDDEN, shown, type MaskContext, type Masked } from './types';
import { keyedToken } from './token';
import { stars } from './stars';

type NameLevel = LevelOf<'NAME'>;

// Two-character surnames from the Hundred Family Surnames and modern registers, simplified and
// traditional. A three-character name starting with one of these is read as compound + 1.
const COMPOUND_SURNAMES: ReadonlySet<string> = new Set([
  '欧阳',
  '司马',
  '诸葛',
  '上官',
  '皇甫',
  '东方',
  '独孤',
  '南宫',
  '万俟',
  '闻人',
  '夏侯',
  '尉迟',
  '公羊',
  '澹台',
  '公冶',
  '宗政',
  '濮阳',
  '淳于',
  '单于',
  '太叔',
  '申屠',
  '公孙',
  '仲孙',
  '轩辕',
  '令狐',
  '钟离',
  '宇文',
  '长孙',
  '慕容',
  '鲜于',
  '闾丘',
  '司徒',
  '司空',
  '亓官',
  '司寇',
  '子车',
  '颛孙',
  '端木',
  '巫马',
  '公西',
  '漆雕',
  '乐正',
  '壤驷',
  '公良',
  '拓跋',
  '夹谷',
  '宰父',
  '谷梁',
  '段干',
  '百里',
  '东郭',
  '南门',
  '呼延',
  '羊舌',
  '微生',
  '梁丘',
  '左丘',
  '东门',
  '西门',
  '第五',
  '赫连',
  '呼衍',
  '完颜',
  '爱新觉罗',
  '歐陽',
  '司馬',
  '諸葛',
  '東方',
  '獨孤',
  '南宮',
  '聞人',
  '尉遲',
  '澹臺',
  '淳於',
  '單于',
  '軒轅',
  '鍾離',
  '鐘離',
  '長孫',
  '鮮于',
  '閭丘',
  '顓孫',
  '漆雕',
  '樂正',
  '壤駟',
  '穀梁',
  '東郭',
  '西門',
  '呼延',
  '赫連',
  '完顏',
]);
// Four-character ones (爱新觉罗) are looked up by their own length.
const COMPOUND_LENGTHS = [4, 2] as const;

const HAN_NAME = /^\p{Script=Han}+(?:[·•・]\p{Script=Han}+)*$/u;
const HAN_CHAR = /\p{Script=Han}/u;
const HAN_CHARS = /\p{Script=Han}/gu;
const WHITESPACE = /\s+/g;
const LATIN_WORD = String.raw`\p{Script=Latin}[\p{Script=Latin}\p{M}'’.-]*`;
const LATIN_NAME = new RegExp(`^${LATIN_WORD}(?: ${LATIN_WORD})*$`, 'u');
const LATIN_FAMILY_FIRST = new RegExp(`^(${LATIN_WORD}(?: ${LATIN_WORD})*), (${LATIN_WORD}(?: ${LATIN_WORD})*)$`, 'u');

type ParsedName = { kind: 'han'; full: string; surname: string | null; given: string } | { kind: 'latin'; given: string[]; family: string | null; familyFirst: boolean };

function parseName(raw: string): ParsedName | null {
  const t = raw.normalize('NFKC').trim();
  if (t.length === 0) return null;
  if (HAN_CHAR.test(t)) {
    const s = t.replace(WHITESPACE, '');
    if (!HAN_NAME.test(s) || codePoints(s) < 2) return null;
    if (s.includes('·') || s.includes('•') || s.includes('・')) return { kind: 'han', full: s, surname: null, given: s };
    for (const len of COMPOUND_LENGTHS) {
      // A compound surname needs a given name after it: 欧阳 alone is surname 欧 + given 阳.
      if (s.length > len && COMPOUND_SURNAMES.has(s.slice(0, len))) {
        return { kind: 'han', full: s, surname: s.slice(0, len), given: s.slice(len) };
      }
    }
    const first = String.fromCodePoint(s.codePointAt(0)!); // a surname may lie outside the BMP
    return { kind: 'han', full: s, surname: first, given: s.slice(first.length) };
  }
  const l = t.replace(WHITESPACE, ' ');
  const ff = LATIN_FAMILY_FIRST.exec(l);
  if (ff !== null) return { kind: 'latin', given: ff[2]!.split(' '), family: ff[1]!, familyFirst: true };
  if (!LATIN_NAME.test(l)) return null;
  const words = l.split(' ');
  if (words.length === 1) return { kind: 'latin', given: words, family: null, familyFirst: false };
  return { kind: 'latin', given: words.slice(0, -1), family: words[words.length - 1]!, familyFirst: false };
}

function codePoints(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

function initialAndStars(word: string): string {
  return `${String.fromCodePoint(word.codePointAt(0)!)}${stars(codePoints(word) - 1)}`;
}

function partial(p: ParsedName): string {
  if (p.kind === 'han') {
    // Minority names (no surname): first character, then stars; the dots stay, as in 买**·**.
    if (p.surname === null) {
      const first = String.fromCodePoint(p.full.codePointAt(0)!);
      return `${first}${p.full.slice(first.length).replace(HAN_CHARS, '*')}`;
    }
    return `${p.surname}${stars(codePoints(p.given))}`;
  }
  const given = p.given.map(initialAndStars).join(' ');
  if (p.family === null) return given;
  return p.familyFirst ? `${p.family}, ${given}` : `${given} ${p.family}`;
}

function tokenInput(p: ParsedName): string {
  if (p.kind === 'han') return p.full;
  const given = p.given.join(' ');
  return (p.family === null ? given : `${given} ${p.family}`).toLowerCase();
}

export function maskName(raw: string, level: NameLevel, ctx: MaskContext): Masked<NameLevel> {
  if (typeof raw !== 'string' || level === 'hidden') return HIDDEN;
  if (level === 'clear') return shown(raw, 'clear');
  const p = parseName(raw);
  if (p === null) return HIDDEN;
  switch (level) {
    case 'partial':
      return shown(partial(p), 'partial');
    case 'honorific': {
      const g = ctx.gender;
      const surname = p.kind === 'han' ? p.surname : p.family;
      if ((g !== 'M' && g !== 'F') || surname === null) return token(p, ctx);
      if (p.kind === 'han') return shown(`${surname}${g === 'M' ? '先生' : '女士'}`, 'honorific');
      return shown(`${g === 'M' ? 'Mr.' : 'Ms.'} ${surname}`, 'honorific');
    }
    case 'token':
      return token(p, ctx);
    default:
      return HIDDEN;
  }
}

function token(p: ParsedName, ctx: MaskContext): Masked<NameLevel> {
  const t = keyedToken('name', tokenInput(p), ctx.tokenKey);
  return t === null ? HIDDEN : shown(t, 'token');
}
