// The synthetic CRM data set. Deterministic: the same seed gives the same documents, ObjectIds and
// dates included, because every value comes from the seeded PRNG and every date is an offset from
// a fixed epoch — never the clock.
import { ObjectId } from 'mongodb';
import { makeBankCard } from './cards';
import { makeEmail } from './emails';
import { buildIdNumber } from './gb11643';
import { makePersonName } from './names';
import { makeSummary } from './notes';
import { makePhone } from './phones';
import { Rng, weighted } from './prng';
import { makeAddress, pickDistrict } from './regions';
import type { Channel, Customer, Deal, DealStage, Gender, Interaction, Segment, Tier, User } from './types';
import { SALES_REPS, SUPPORT_AGENTS, USERS } from './users';

/** "Now" for the data set: every generated date lies before it. */
export const DATASET_EPOCH = new Date('2026-01-01T00:00:00Z');
export const DEFAULT_SEED = 1;
export const DEFAULT_CUSTOMERS = 200;

const DAY = 86_400_000;
const EPOCH_MS = DATASET_EPOCH.getTime();
const FIRST_CUSTOMER_MS = Date.UTC(2019, 0, 1);
const OLDEST_BIRTH_MS = Date.UTC(1946, 0, 1); // 80 at the epoch
const YOUNGEST_BIRTH_MS = Date.UTC(2007, 11, 31); // 18 at the epoch

// Stream ids keep the customer streams apart from any stream added later.
const STREAM_CUSTOMER = 1;

// Each customer's deals and interactions get ObjectId counters in their own slot of this size.
const PER_CUSTOMER_SLOT = 8;

const SEGMENTS = weighted<Segment>([
  ['retail', 70],
  ['sme', 22],
  ['enterprise', 8],
]);
const TIERS = weighted<Tier>([
  ['bronze', 50],
  ['silver', 30],
  ['gold', 15],
  ['platinum', 5],
]);
// Lifetime value range (CNY) by tier; enterprise and SME accounts are worth more.
const LTV_RANGE: Record<Tier, readonly [number, number]> = {
  bronze: [0, 20_000],
  silver: [20_000, 100_000],
  gold: [100_000, 500_000],
  platinum: [500_000, 5_000_000],
};
const SEGMENT_FACTOR: Record<Segment, number> = { retail: 1, sme: 3, enterprise: 10 };
const TAGS = ['高净值', '潜在流失', '新客户', '老客户', '理财偏好', '保险意向', '贷款意向', '线上活跃', '企业主', '投诉历史', '已回访'];
const TAG_COUNT = weighted<number>([
  [0, 30],
  [1, 35],
  [2, 25],
  [3, 10],
]);

// 0–6 deals per customer, 3 on average.
const DEAL_COUNT = weighted<number>([
  [0, 6],
  [1, 12],
  [2, 20],
  [3, 24],
  [4, 20],
  [5, 12],
  [6, 6],
]);
const STAGES = weighted<DealStage>([
  ['lead', 20],
  ['qualified', 18],
  ['proposal', 17],
  ['won', 28],
  ['lost', 17],
]);
// [currency, weight, CNY per unit]
const CURRENCIES = weighted<readonly [string, number]>([
  [['CNY', 1], 92],
  [['USD', 7.1], 4],
  [['HKD', 0.91], 3],
  [['EUR', 7.8], 1],
]);
const DEAL_AMOUNT_CNY: Record<Segment, readonly [number, number]> = {
  retail: [5_000, 500_000],
  sme: [50_000, 5_000_000],
  enterprise: [500_000, 50_000_000],
};
const PRODUCTS: Record<Segment, readonly string[]> = {
  retail: ['个人理财规划', '大额存单', '信用卡升级', '个人住房贷款', '保险配置方案', '基金定投计划', '私人银行服务'],
  sme: ['经营贷款', '对公账户开户', 'POS收单服务', '供应链融资', '企业年金计划'],
  enterprise: ['跨境结算服务', '现金管理平台', '银团贷款', '企业财资系统', '外汇套期保值方案'],
};

// 0–8 interactions per customer, about 4 on average.
const INTERACTION_COUNT = weighted<number>([
  [0, 4],
  [1, 7],
  [2, 11],
  [3, 15],
  [4, 20],
  [5, 16],
  [6, 12],
  [7, 9],
  [8, 6],
]);
const CHANNELS = weighted<Channel>([
  ['phone', 40],
  ['wechat', 30],
  ['email', 15],
  ['visit', 15],
]);
const OWNER_HANDLES_SHARE = 0.65;

export interface GenerateOptions {
  /** Non-negative integer; default 1. */
  seed?: number;
  /** How many customers; default 200. */
  customers?: number;
}

export interface Dataset {
  users: User[];
  customers: Customer[];
  deals: Deal[];
  interactions: Interaction[];
}

/** One customer with its deals and interactions: the unit the generator streams. */
export interface CustomerRecord {
  customer: Customer;
  deals: Deal[];
  interactions: Interaction[];
}

export function resolveOptions(opts: GenerateOptions): { seed: number; customers: number } {
  const seed = opts.seed ?? DEFAULT_SEED;
  const customers = opts.customers ?? DEFAULT_CUSTOMERS;
  if (!Number.isSafeInteger(seed) || seed < 0) throw new RangeError(`seed must be a non-negative integer, got ${seed}`);
  if (!Number.isSafeInteger(customers) || customers < 0) throw new RangeError(`customers must be a non-negative integer, got ${customers}`);
  return { seed, customers };
}

/** Fresh copies of the fixed staff (callers may mutate what they get). */
export function generateUsers(): User[] {
  return USERS.map((u) => ({ ...u }));
}

/**
 * Streams the customers with their deals and interactions. Customer `i` depends only on the seed
 * and `i`, so any slice of the stream equals the same slice of a full run.
 */
export function* generateCustomerRecords(opts: GenerateOptions = {}): Generator<CustomerRecord, void, undefined> {
  const { seed, customers } = resolveOptions(opts);
  for (let i = 0; i < customers; i++) yield makeCustomerRecord(seed, i);
}

export function generateDataset(opts: GenerateOptions = {}): Dataset {
  const dataset: Dataset = { users: generateUsers(), customers: [], deals: [], interactions: [] };
  for (const record of generateCustomerRecords(opts)) {
    dataset.customers.push(record.customer);
    dataset.deals.push(...record.deals);
    dataset.interactions.push(...record.interactions);
  }
  return dataset;
}

/**
 * An ObjectId laid out like the driver's own: 4-byte creation time (so `_id.getTimestamp()`
 * agrees with the document's date), 5 random bytes, 3-byte counter.
 */
function objectId(rng: Rng, atMs: number, counter: number): ObjectId {
  const seconds = Math.floor(atMs / 1000)
    .toString(16)
    .padStart(8, '0');
  const count = (counter & 0xffffff).toString(16).padStart(6, '0');
  return ObjectId.createFromHexString(seconds + rng.hex(5) + count);
}

/** Uniform time in [fromMs, toMs), whole milliseconds. */
function between(rng: Rng, fromMs: number, toMs: number): number {
  return fromMs + Math.floor(rng.next() * (toMs - fromMs));
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

/** Log-uniform in [min, max]: amounts spread over orders of magnitude, as money does. */
function logUniform(rng: Rng, min: number, max: number): number {
  return Math.exp(Math.log(min) + rng.next() * (Math.log(max) - Math.log(min)));
}

function makeCustomerRecord(seed: number, index: number): CustomerRecord {
  const rng = new Rng(seed, STREAM_CUSTOMER, index);

  const gender: Gender = rng.chance(0.5) ? 'M' : 'F';
  // Mean of two uniforms: ages cluster around the middle of 18–80 like a bank's customer base.
  const birthDays = Math.floor(((rng.next() + rng.next()) / 2) * ((YOUNGEST_BIRTH_MS - OLDEST_BIRTH_MS) / DAY + 1));
  const birthDate = new Date(OLDEST_BIRTH_MS + birthDays * DAY);
  const person = makePersonName(rng, gender);
  const district = pickDistrict(rng);
  const address = makeAddress(rng, district);
  const phone = makePhone(rng);
  const email = makeEmail(rng, person);
  const idNumber = buildIdNumber(district.code, birthDate, gender, rng.int(0, 499));
  const bankCard = makeBankCard(rng);

  const segment = rng.pickWeighted(SEGMENTS);
  const tier = rng.pickWeighted(TIERS);
  const [low, high] = LTV_RANGE[tier];
  const lifetimeValue = round2((low + rng.next() * (high - low)) * SEGMENT_FACTOR[segment]);
  const tags = makeTags(rng, tier);

  const owner = rng.pick(SALES_REPS);
  const createdMs = between(rng, FIRST_CUSTOMER_MS, EPOCH_MS - DAY);
  const updatedMs = between(rng, createdMs, EPOCH_MS);
  const customer: Customer = {
    _id: objectId(rng, createdMs, index),
    name: person.name,
    gender,
    birthDate,
    phone,
    email,
    idNumber,
    address,
    bankCard,
    segment,
    tier,
    tags,
    ownerId: owner._id,
    teamId: owner.teamId,
    lifetimeValue,
    createdAt: new Date(createdMs),
    updatedAt: new Date(updatedMs),
  };

  const deals: Deal[] = [];
  const dealCount = rng.pickWeighted(DEAL_COUNT);
  for (let k = 0; k < dealCount; k++) deals.push(makeDeal(rng, customer, createdMs, index * PER_CUSTOMER_SLOT + k));
  deals.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());

  const interactions: Interaction[] = [];
  const interactionCount = rng.pickWeighted(INTERACTION_COUNT);
  for (let k = 0; k < interactionCount; k++) {
    interactions.push(makeInteraction(rng, customer, createdMs, index * PER_CUSTOMER_SLOT + k));
  }
  interactions.sort((a, b) => a.at.getTime() - b.at.getTime());

  return { customer, deals, interactions };
}

function makeTags(rng: Rng, tier: Tier): string[] {
  const picked = new Set<string>();
  if ((tier === 'gold' || tier === 'platinum') && rng.chance(0.7)) picked.add('高净值');
  const count = rng.pickWeighted(TAG_COUNT);
  while (picked.size < count) picked.add(rng.pick(TAGS));
  // Stored in vocabulary order so equal tag sets look equal.
  return TAGS.filter((t) => picked.has(t));
}

function makeDeal(rng: Rng, customer: Customer, customerCreatedMs: number, counter: number): Deal {
  const createdMs = between(rng, customerCreatedMs, EPOCH_MS);
  const stage = rng.pickWeighted(STAGES);
  const closed = stage === 'won' || stage === 'lost';
  const closedMs = closed ? Math.min(createdMs + rng.int(1, 180) * DAY + rng.int(0, DAY - 1), EPOCH_MS - 1) : null;
  const [currency, cnyPerUnit] = rng.pickWeighted(CURRENCIES);
  const [min, max] = DEAL_AMOUNT_CNY[customer.segment];
  // Deal sizes are quoted in round hundreds of the deal's currency.
  const amount = Math.max(100, Math.round(logUniform(rng, min, max) / cnyPerUnit / 100) * 100);
  const product = rng.pick(PRODUCTS[customer.segment]);
  const year = new Date(createdMs).getUTCFullYear();
  const title = rng.chance(0.5) ? `${year}年${product}` : `${product}（第${rng.int(1, 3)}期）`;
  return {
    _id: objectId(rng, createdMs, counter),
    customerId: customer._id,
    ownerId: customer.ownerId,
    teamId: customer.teamId,
    title,
    amount,
    currency,
    stage,
    createdAt: new Date(createdMs),
    closedAt: closedMs === null ? null : new Date(closedMs),
  };
}

function makeInteraction(rng: Rng, customer: Customer, customerCreatedMs: number, counter: number): Interaction {
  const atMs = between(rng, customerCreatedMs, EPOCH_MS);
  const at = new Date(atMs);
  const channel = rng.pickWeighted(CHANNELS);
  const agentId = rng.chance(OWNER_HANDLES_SHARE) ? customer.ownerId : rng.pick(SUPPORT_AGENTS)._id;
  return {
    _id: objectId(rng, atMs, counter),
    customerId: customer._id,
    agentId,
    channel,
    summary: makeSummary(rng, channel, at, customer),
    at,
  };
}
