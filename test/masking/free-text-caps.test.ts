// Inline masking never shows more of an embedded value than the caller sees of that class in its
// own field: support sees ID numbers as last4, so an ID inside a note is last4 too.
import { describe, expect, it } from 'vitest';
import { inlineCapsFor } from '../../src/masking';
import { maskInline } from '../../src/masking/free-text';

const NOTE = '客户来电13812345678，身份证号110101199003071233已核验，卡号6222020200012345670，邮箱zhangsan@qq.com';

describe('inline caps from the caller view levels', () => {
  it('default (partial-level caller): the inline forms', () => {
    expect(maskInline(NOTE)).toBe('客户来电138****5678，身份证号1*************1233已核验，卡号**** 5670，邮箱z*******@qq.com');
  });

  it('support (phone partial, ID last4, card last4, email partial)', () => {
    const caps = inlineCapsFor({ PHONE: 'partial', NATIONAL_ID: 'last4', BANK_CARD: 'last4', EMAIL: 'partial' });
    expect(maskInline(NOTE, caps)).toBe('客户来电138****5678，身份证号**************1233已核验，卡号**** 5670，邮箱z*******@qq.com');
  });

  it('a caller who sees tokens or nothing of a class gets fully starred values', () => {
    const caps = inlineCapsFor({ PHONE: 'token', NATIONAL_ID: 'hidden', BANK_CARD: 'token', EMAIL: 'domain' });
    expect(maskInline(NOTE, caps)).toBe('客户来电***********，身份证号******************已核验，卡号**** ****，邮箱***@qq.com');
  });

  it('last4 phones keep only the last four digits, also for international numbers', () => {
    const caps = inlineCapsFor({ PHONE: 'last4', NATIONAL_ID: 'last4', BANK_CARD: 'last4', EMAIL: 'hidden' });
    expect(maskInline('call 13812345678 or +44 20 7946 0958, mail a.b@example.com', caps)).toBe('call *******5678 or *** ******0958, mail ***@***');
  });

  it('unknown levels cap to hidden (fail closed)', () => {
    const caps = inlineCapsFor({ PHONE: 'sideways', NATIONAL_ID: '', BANK_CARD: 'x', EMAIL: 'y' });
    expect(caps).toEqual({ PHONE: 'hidden', NATIONAL_ID: 'hidden', BANK_CARD: 'hidden', EMAIL: 'hidden' });
  });
});
