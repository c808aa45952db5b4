import { describe, expect, it } from 'vitest';
import { applyMask, isLuhnValid, isValidCnIdNumber } from '../../src/masking/index';
import { ctx, makeCard, makeId, pick, rng, digits } from './fixtures';

const c = ctx();
const inline = (text: string) => applyMask('FREE_TEXT', text, 'inline', c).value;

const ID = makeId('110108', '19900307', '123');
const ID_PARTIAL = `1*************${ID.slice(-4)}`;
const CARD = makeCard('622202', 19);
const CARD_LAST4 = `**** ${CARD.slice(-4)}`;
const CARD16 = makeCard('621700', 16);
/** A run of `n` digits that fails Luhn (and, at 15/18 digits, the ID checks): an order number. */
const orderNo = (prefix: string, n: number) => {
  const valid = makeCard(prefix, n);
  return valid.slice(0, -1) + ((Number(valid.at(-1)) + 1) % 10);
};

describe('FREE_TEXT inline — finds and masks', () => {
  it.each([
    ['客户来电13812345678，要求回访', '客户来电138****5678，要求回访'],
    ['手机：+86 138-1234-5678。', '手机：138****5678。'],
    ['call me at 138 1234 5678 after 6pm', 'call me at 138****5678 after 6pm'],
    ['号码 +8613912345678 已核实', '号码 139****5678 已核实'],
    ['电话0086 186 0000 4321', '电话186****4321'],
    ['London office +44 20 7946 0958, ask for Ann', 'London office +44 ******0958, ask for Ann'],
    [`身份证号${ID}已登记`, `身份证号${ID_PARTIAL}已登记`],
    ['证件11010519491231002X，老客户', '证件1*************002X，老客户'],
    ['证件11010519491231002x', '证件1*************002X'],
    ['ID 110105 19491231 002X on file', 'ID 1*************002X on file'],
    ['旧身份证110105491231002', '旧身份证1**********1002'],
    [`卡号${CARD}请核对`, `卡号${CARD_LAST4}请核对`],
    [`card ${CARD16.replace(/(\d{4})(?=\d)/g, '$1 ')} expires 08/27`, `card **** ${CARD16.slice(-4)} expires 08/27`],
    [`卡号${CARD16.replace(/(\d{4})(?=\d)/g, '$1-')}`, `卡号**** ${CARD16.slice(-4)}`],
    ['Amex 3782 822463 10005 declined', 'Amex **** 0005 declined'],
    ['邮箱zhangsan@qq.com，请发合同', '邮箱z*******@qq.com，请发合同'],
    ['cc: Li.Na@Example.com.cn', 'cc: L****@example.com.cn'],
    ['13812345678@163.com', '1**********@163.com'], // an email made of a phone number: one email mask
  ])('%s → %s', (text, want) => expect(inline(text)).toBe(want));

  it('masks several values of different kinds in one note', () => {
    const note = `客户张先生（13812345678，${ID}）反映卡${CARD}被扣款两次，请回复zhangsan@qq.com或拨+86 139-0000-1111。`;
    expect(inline(note)).toBe(`客户张先生（138****5678，${ID_PARTIAL}）反映卡${CARD_LAST4}被扣款两次，请回复z*******@qq.com或拨139****1111。`);
  });

  it('finds a number written next to a date or a count in one spaced run', () => {
    expect(inline('2024-05-17 138 1234 5678 回访')).toBe('2024-05-17 138****5678 回访');
    expect(inline('call 138 1234 5678 3 times')).toBe('call 138****5678 3 times');
    expect(inline(`第 2 ${CARD16.replace(/(\d{4})(?=\d)/g, '$1 ')} 5 次`)).toBe(`第 2 **** ${CARD16.slice(-4)} 5 次`);
  });
});

describe('FREE_TEXT inline — leaves near-misses alone', () => {
  const order18 = (() => {
    // An 18-digit order number that fails both GB 11643 and Luhn.
    for (let i = 0; ; i++) {
      const s = `2024051712345${String(i).padStart(5, '0')}`;
      if (!isValidCnIdNumber(s) && !isLuhnValid(s)) return s;
    }
  })();
  it.each([
    [`订单号${orderNo('2024', 16)}已发货`],
    [`订单号${order18}已发货`],
    [`流水号${orderNo('9', 19)}`],
    ['订单号 202405171381234567890 已发货'], // a mobile inside a longer run is not a mobile
    ['编号 13812345678902 完成'], // starts like a mobile, 14 digits, fails Luhn
    ['会员号 1381234567'], // 10 digits
    ['电话 12812345678'], // 12x is no mobile block
    ['身份证 110105194912310021'], // wrong check digit
    ['身份证 11010519490230002X'], // February 30th
    ['金额 1,380,000.00 元，2024-05-17 14:30'],
    ['版本 13.8.1234.5678'],
    ['email me: zhangsan at qq dot com'],
    ['no digits at all, 没有号码'],
    [''],
  ])('%s stays as it is', (text) => expect(inline(text)).toBe(text));

  it('the near-miss order numbers are really invalid (guards the fixtures)', () => {
    expect(isLuhnValid(orderNo('2024', 16))).toBe(false);
    expect(isLuhnValid('13812345678902')).toBe(false);
  });

  it('a Luhn-valid run is a card even when it was meant as an order number (documented)', () => {
    const luhnOrder = makeCard('2024', 16);
    expect(inline(`订单号${luhnOrder}`)).toBe(`订单号**** ${luhnOrder.slice(-4)}`);
  });
});

describe('FREE_TEXT inline — long and hostile input', () => {
  it('stays linear on 100 kB runs of spaced digits, dashes and @ (no span or regex blow-up)', () => {
    for (const text of ['1 '.repeat(50_000), `${'1-'.repeat(50_000)}X`, 'a@'.repeat(50_000), `${'a'.repeat(100_000)}@qq.com`, '+1 '.repeat(30_000)]) {
      const t = performance.now();
      inline(text);
      expect(performance.now() - t).toBeLessThan(2_000);
    }
  });

  it('masks values far into a long note', () => {
    const filler = '无关内容。'.repeat(5_000);
    expect(inline(`${filler}13812345678${filler}`)).toBe(`${filler}138****5678${filler}`);
  });
});

describe('FREE_TEXT levels', () => {
  it('clear returns the text unchanged; hidden and unknown levels withhold it', () => {
    const note = '客户来电13812345678';
    expect(applyMask('FREE_TEXT', note, 'clear', c)).toEqual({ value: note, served: 'clear' });
    expect(applyMask('FREE_TEXT', note, 'hidden', c)).toEqual({ value: null, served: 'hidden' });
    expect(applyMask('FREE_TEXT', note, 'partial', c)).toEqual({ value: null, served: 'hidden' });
    expect(applyMask('FREE_TEXT', 42, 'inline', c)).toEqual({ value: null, served: 'hidden' });
    expect(applyMask('FREE_TEXT', note, 'inline', c)).toEqual({ value: '客户来电138****5678', served: 'inline' });
  });

  it('no digit of a found value survives beyond what its class partial form shows (300 generated notes)', () => {
    const r = rng(42);
    for (let i = 0; i < 300; i++) {
      const mobile = pick(r, ['138', '139', '186', '177', '150']) + digits(r, 8);
      const id = makeId(
        pick(r, ['110108', '310104', '440305', '510107', '330106']),
        `19${50 + Math.floor(r() * 50)}0${1 + Math.floor(r() * 9)}1${Math.floor(r() * 9)}`,
        digits(r, 3),
      );
      const card = makeCard('62', pick(r, [16, 19]), digits(r, 19));
      const note = `${pick(r, ['客户', '联系人', 'Caller'])}${mobile}，证件${id}，卡${card}，备注${digits(r, 4)}。`;
      const out = inline(note)!;
      expect(out).not.toContain(mobile);
      expect(out).not.toContain(mobile.slice(3, 7) + mobile.slice(7));
      expect(out).not.toContain(id.slice(1, 14));
      expect(out).not.toContain(card.slice(0, 6) + card.slice(6, 10));
      expect(out).toContain(`${mobile.slice(0, 3)}****${mobile.slice(7)}`);
      expect(out).toContain(`${id[0]}${'*'.repeat(13)}${id.slice(-4)}`);
      expect(out).toContain(`**** ${card.slice(-4)}`);
    }
  });
});
