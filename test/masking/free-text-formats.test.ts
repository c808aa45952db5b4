// The formats people really type numbers in, as a table: full-width digits and separators (the
// normal output of Chinese input methods), dots, slashes, brackets, irregular spacing, numbers
// split into other digit groups, other scripts' digits, mixed in one number. Each row is masked
// exactly where the number was typed, and the text around it is left as it was written.
import { describe, expect, it } from 'vitest';
import { applyMask } from '../../src/masking/index';
import { ctx, makeCard, makeId } from './fixtures';

const c = ctx();
const inline = (text: string) => applyMask('FREE_TEXT', text, 'inline', c).value;

/** ASCII digits and separators → their full-width forms (what a Chinese IME types). */
const fw = (s: string) => s.replace(/[0-9+\-()./X]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0)).replace(/ /g, '\u3000');
/** ASCII digits → Arabic-Indic digits. */
const arabic = (s: string) => s.replace(/[0-9]/g, (d) => String.fromCharCode(0x0660 + Number(d)));

const MOBILE = '13812345678';
const M = '138****5678';
const ID = makeId('110101', '19900307', '123');
const IDP = `1*************${ID.slice(-4)}`;
const IDX = '11010519491231002X';
const IDXP = '1*************002X';
const CARD = makeCard('622202', 19);
const CARDP = `**** ${CARD.slice(-4)}`;
const CARD16 = makeCard('621700', 16);
const CARD16P = `**** ${CARD16.slice(-4)}`;
const fours = (s: string, sep: string) => s.replace(/(\d{4})(?=\d)/g, `$1${sep}`);

describe('phone numbers as people type them', () => {
  it.each([
    ['full-width digits', `手机${fw(MOBILE)}`, `手机${M}`],
    ['full-width digits and dashes', `电话：${fw('138-1234-5678')}。`, `电话：${M}。`],
    ['full-width digits, ideographic spaces', `${fw('138 1234 5678')}回电`, `${M}回电`],
    ['full-width +86', `${fw('+86 138 1234 5678')}`, M],
    ['dots', '客户电话是138.1234.5678，请回电', `客户电话是${M}，请回电`],
    ['full-width dots', `客户电话是${fw('138.1234.5678')}，请回电`, `客户电话是${M}，请回电`],
    ['slashes', '138/1234/5678', M],
    ['brackets around the prefix', '(138)1234-5678', `(${M}`],
    ['full-width brackets', `（${fw('138')}）${fw('12345678')}`, `（${M}`],
    ['country code in brackets', '(+86)13812345678', `(${M}`],
    ['country code, brackets, spaces', '+86 (138) 1234 5678', M],
    ['irregular spacing', '138  1234   5678', M],
    ['spaced dashes', '138 - 1234 - 5678', M],
    ['tab', '138\t1234\t5678', M],
    ['middle dots', '138·1234·5678', M],
    ['4-3-4 groups', '1381 234 5678', M],
    ['pairs', '13 81 23 45 678', M],
    ['every digit apart', '1 3 8 1 2 3 4 5 6 7 8', M],
    ['0086 and dashes', '0086-138-1234-5678', M],
    ['Arabic-Indic digits', `رقم ${arabic(MOBILE)}`, `رقم ${M}`],
    ['mixed widths in one number', `１３8-1234－５６７８`, M],
    ['next to a full-width date', `${fw('2024.05.17')} ${fw('138 1234 5678')} 回访`, `${fw('2024.05.17')} ${M} 回访`],
  ])('%s: %s', (_name, text, want) => expect(inline(text)).toBe(want));
});

describe('ID numbers as people type them', () => {
  it.each([
    ['full-width', `身份证${fw(ID)}`, `身份证${IDP}`],
    ['full-width with X', `证件号${fw(IDX)}`, `证件号${IDXP}`],
    ['fours', `ID ${fours(ID, ' ')}`, `ID ${IDP}`],
    ['dots 6-8-4', `${ID.slice(0, 6)}.${ID.slice(6, 14)}.${ID.slice(14)}`, IDP],
    ['dashes 6-8-4 with X', '110105-19491231-002X', IDXP],
    ['full-width X after spaced groups', `110105 1949 1231 002${fw('X')}`, IDXP],
    ['slashes 6-4-4-4', `${ID.slice(0, 6)}/${ID.slice(6, 10)}/${ID.slice(10, 14)}/${ID.slice(14)}`, IDP],
    ['irregular spacing', `${ID.slice(0, 6)}   ${ID.slice(6)}`, IDP],
  ])('%s: %s', (_name, text, want) => expect(inline(text)).toBe(want));
});

describe('bank card numbers as people type them', () => {
  it.each([
    ['full-width', `卡号${fw(CARD)}`, `卡号${CARDP}`],
    ['full-width fours, ideographic spaces', fw(fours(CARD16, ' ')), CARD16P],
    ['dots in fours', fours(CARD, '.'), CARDP],
    ['slashes in fours', fours(CARD16, '/'), CARD16P],
    ['BIN apart from the rest', `${CARD.slice(0, 6)} ${CARD.slice(6)}`, CARDP],
    ['irregular spacing in fours', fours(CARD16, '  '), CARD16P],
    ['Arabic-Indic digits', arabic(CARD16), CARD16P],
  ])('%s: %s', (_name, text, want) => expect(inline(text)).toBe(want));
});

describe('emails as people type them', () => {
  it.each([
    ['full-width @', 'zhangsan＠qq.com', 'z*******@qq.com'],
    ['all full-width', 'ｚｈａｎｇｓａｎ＠ｑｑ．ｃｏｍ', 'z*******@qq.com'],
  ])('%s: %s', (_name, text, want) => expect(inline(text)).toBe(want));
});

describe('near-misses stay as they were typed', () => {
  it.each([
    ['a version with a one-digit group', '版本 13.8.1234.5678'],
    ['a full-width version', `版本 ${fw('13.8.1234.5678')}`],
    ['dates and amounts', '日期 2024.05.17，金额 1,380,000.00 元'],
    ['a full-width date and time', `${fw('2024/05/17')} 14:30`],
    ['a full-width 12x number (no mobile block)', fw('128 1234 5678')],
    ['a bracketed year and a count', '(2024) 0517 号，共 3 次'],
    ['ten digits', fw('138 1234 567')],
  ])('%s: %s', (_name, text) => expect(inline(text)).toBe(text));
});

describe('several values in one note of mixed scripts', () => {
  it('masks each where it was typed and keeps every other character', () => {
    const note = `客户张先生（${fw('138-1234-5678')}，身份证${fours(ID, ' ')}）说卡${fours(CARD, '.')}被扣两次，邮箱zhangsan＠qq.com，备用 (+86) 139/0000/1111。`;
    expect(inline(note)).toBe(`客户张先生（${M}，身份证${IDP}）说卡${CARDP}被扣两次，邮箱z*******@qq.com，备用 (139****1111。`);
  });
});
