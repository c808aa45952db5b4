import { describe, expect, it } from 'vitest';
import { applyMask } from '../../src/masking/index';
import { ctx, KEY_BI, nestedIn, pick, rng } from './fixtures';

const hidden = { value: null, served: 'hidden' };

describe('EMAIL levels', () => {
  const c = ctx();
  it.each([
    ['zhangsan@qq.com', 'clear', 'zhangsan@qq.com'],
    ['zhangsan@qq.com', 'partial', 'z*******@qq.com'],
    ['zhangsan@qq.com', 'domain', '***@qq.com'],
    ['li.na_1988@163.com', 'partial', 'l*********@163.com'],
    ['WangWei@Example.COM.cn', 'partial', 'W******@example.com.cn'], // domain lower-cased
    ['wang.wei+crm@sina.com.cn', 'domain', '***@sina.com.cn'],
    ['a@b.cn', 'partial', '*@b.cn'], // a one-character local part is fully starred
    ['ab@b.cn', 'partial', 'a*@b.cn'],
    ['张三@例子.中国', 'partial', '张*@例子.中国'], // internationalised address (RFC 6531)
    ['  lisi@126.com ', 'partial', 'l***@126.com'],
  ])('%s at %s → %s', (raw, level, want) => {
    expect(applyMask('EMAIL', raw, level, c)).toEqual({ value: want, served: level });
  });

  it('token: mail_ + 24 hex, case-insensitive, separate per domain', () => {
    const a = applyMask('EMAIL', 'ZhangSan@QQ.com', 'token', c).value;
    expect(a).toMatch(/^mail_[0-9a-f]{24}$/);
    expect(applyMask('EMAIL', 'zhangsan@qq.com', 'token', c).value).toBe(a);
    expect(applyMask('EMAIL', 'zhangsan@qq.com', 'token', ctx({ tokenKey: KEY_BI })).value).not.toBe(a);
    expect(applyMask('EMAIL', 'zhangsi@qq.com', 'token', c).value).not.toBe(a);
  });

  it.each([
    ['zhangsan'],
    ['zhangsan@'],
    ['@qq.com'],
    ['zhang@san@qq.com'],
    ['zhangsan@qq'],
    ['zhang..san@qq.com'],
    ['.zhangsan@qq.com'],
    ['zhangsan@qq.c'],
    ['zhang san@qq.com'],
    ['zhangsan@-qq.com'],
    [''],
  ])('%j is hidden at every masked level', (raw) => {
    for (const level of ['partial', 'domain', 'token']) expect(applyMask('EMAIL', raw, level, c)).toEqual(hidden);
  });

  it('non-string raw → hidden', () => {
    expect(applyMask('EMAIL', ['zhangsan@qq.com'], 'clear', c)).toEqual(hidden);
  });
});

describe('EMAIL — levels nest', () => {
  it('for 300 generated addresses: domain ⊂ partial ⊂ clear (aligned on the domain)', () => {
    const r = rng(5);
    const locals = ['zhangsan', 'li.na', 'wangwei88', 'chen_jie', 'liu.yang.2020', 'zhao', 'sunli', 'x', 'hr', 'm.zhou+crm'];
    const domains = ['qq.com', '163.com', '126.com', 'sina.com.cn', 'gmail.com', 'corp.example.cn'];
    for (let i = 0; i < 300; i++) {
      const email = `${pick(r, locals)}${Math.floor(r() * 100)}@${pick(r, domains)}`;
      const partial = applyMask('EMAIL', email, 'partial', ctx()).value!;
      const domain = applyMask('EMAIL', email, 'domain', ctx()).value!;
      expect(partial).toHaveLength(email.length);
      expect(nestedIn(partial, email, 'right')).toBe(true);
      expect(nestedIn(domain, partial, 'right')).toBe(true);
      expect(partial.split('@')[0]!.replace(/\*/g, '')).toHaveLength(1);
    }
  });
});
