// Interaction summaries: the free text agents type after a call, chat or visit. Like real CRM
// notes they sometimes quote the customer's own phone number (~20%), ID number (~10%), e-mail or
// card number (a few %), which is what the gateway's FREE_TEXT masking must find. They also carry
// digit runs that merely look sensitive — order, ticket and waybill numbers of 12–19 digits that
// fail the GB 11643 and Luhn checks — so a masker that matches on length alone over-masks them.
import { gb11643CheckDigit } from './gb11643';
import { luhnCheckDigit } from './luhn';
import { makeCnMobile } from './phones';
import type { Rng } from './prng';
import type { Channel } from './types';

export interface NoteSubject {
  readonly phone: string;
  readonly idNumber: string;
  readonly email: string;
  readonly bankCard: string;
}

/** Share of summaries quoting each value (independent draws). */
export const NOTE_SHARES = {
  phone: 0.2,
  idNumber: 0.1,
  email: 0.04,
  bankCard: 0.03,
  otherPhone: 0.03,
  referenceNumber: 0.2,
} as const;

const TOPICS: Record<Channel, readonly string[]> = {
  phone: [
    '客户来电咨询理财产品收益情况',
    '客户来电反映手机银行登录异常',
    '电话回访，客户对上次服务表示满意',
    '客户来电询问信用卡账单分期手续费',
    '客户来电要求修改账单寄送方式',
    '外呼推荐新发基金，客户表示需要考虑',
    '客户来电投诉转账到账延迟',
  ],
  wechat: ['微信沟通贷款申请进度', '客户通过微信发来营业执照照片', '微信推送季度活动信息，客户有兴趣', '客户微信咨询大额存单利率', '微信确认下周面谈时间'],
  email: ['邮件发送季度对账单', '客户邮件确认合同条款', '邮件回复客户关于手续费的疑问', '客户邮件申请提高转账限额'],
  visit: ['上门拜访，了解企业经营情况', '客户到网点办理业务，顺便了解了保险产品', '陪同客户参观总部，介绍财富管理服务', '拜访客户财务负责人，讨论结算方案'],
};

const PHONE_NOTES = ['客户留下联系电话{}，希望下午回电。', '已核实客户手机号{}。', '客户要求以后联系{}。', '回拨{}无人接听，稍后再试。'];
const ID_NOTES = ['客户提供身份证号{}办理资料更新。', '核对证件号码{}无误。', '客户身份证{}即将到期，已提醒更新。'];
const EMAIL_NOTES = ['对账单改发至邮箱{}。', '客户邮箱{}，资料已发送。'];
const CARD_NOTES = ['客户要求将收益转入银行卡{}。', '已为客户绑定扣款卡{}。'];
const OTHER_PHONE_NOTES = ['客户家属电话{}，仅限紧急联系。', '客户新换号码{}，待核实后更新系统。'];
const REFERENCE_NOTES = ['订单号{}已处理。', '工单号{}已关闭。', '快递单号SF{}，资料已寄出。', '合同编号HT{}。', '交易流水号{}核对无误。'];
const AMOUNT_NOTES = ['涉及金额{}元。', '客户计划追加投资{}元。'];
const FOLLOW_UPS = ['下周三前回访。', '已转交经理跟进。', '客户满意，无需跟进。', '已记录，待审批。', '约定月底前再次沟通。', ''];

function fill(template: string, value: string): string {
  return template.replace('{}', value);
}

/**
 * A reference number (order, ticket, waybill) of 12–19 digits starting with a date. It never
 * passes the Luhn check, and an 18-digit one never passes the GB 11643 check, so a correct
 * detector leaves it alone.
 */
export function makeReferenceNumber(rng: Rng, at: Date): string {
  const date = at.toISOString().slice(0, 10).replaceAll('-', '');
  const length = rng.pick([12, 14, 16, 18, 19]);
  const body = date + rng.digits(length - date.length - 1);
  let last = rng.int(0, 9);
  for (;;) {
    const candidate = body + last;
    const luhn = last === Number(luhnCheckDigit(body));
    const id = length === 18 && String(last) === gb11643CheckDigit(body);
    if (!luhn && !id) return candidate;
    last = (last + 1) % 10;
  }
}

export function makeSummary(rng: Rng, channel: Channel, at: Date, subject: NoteSubject): string {
  let text = `${rng.pick(TOPICS[channel])}。`;
  if (rng.chance(NOTE_SHARES.phone)) text += fill(rng.pick(PHONE_NOTES), subject.phone);
  if (rng.chance(NOTE_SHARES.idNumber)) text += fill(rng.pick(ID_NOTES), subject.idNumber);
  if (rng.chance(NOTE_SHARES.email)) text += fill(rng.pick(EMAIL_NOTES), subject.email);
  if (rng.chance(NOTE_SHARES.bankCard)) text += fill(rng.pick(CARD_NOTES), subject.bankCard);
  if (rng.chance(NOTE_SHARES.otherPhone)) text += fill(rng.pick(OTHER_PHONE_NOTES), makeCnMobile(rng));
  if (rng.chance(NOTE_SHARES.referenceNumber)) text += fill(rng.pick(REFERENCE_NOTES), makeReferenceNumber(rng, at));
  if (rng.chance(0.15)) text += fill(rng.pick(AMOUNT_NOTES), String(rng.int(1, 500) * 1000));
  return text + rng.pick(FOLLOW_UPS);
}
