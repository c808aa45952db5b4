// Differencing attacks on customerStats, written as a BI analyst would run them: two aggregate
// queries whose filters differ by one person, compared group by group, to learn that person's
// gender, tier, segment, team and age band and the exact lifetime value. Each attack runs over
// every customer it can isolate, and the success rates are compared with guessing from the
// population's own distribution (docs/inference.md reports the numbers).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Document } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_POLICY_FILE } from '../../src/policy/load';
import { startTestGateway, type TestGateway } from '../support/gateway';

const DIMENSIONS = ['gender', 'tier', 'segment', 'teamId', 'ageBand'] as const;
type Dimension = (typeof DIMENSIONS)[number];
interface Group {
  key: Record<string, string | null>;
  count: number;
  lifetimeValueSum: number;
}
interface Outcome {
  tried: number;
  correct: Record<Dimension, number>;
  attempts: Record<Dimension, number>;
  ltvExact: number;
  ltvWithin10: number;
  ltvTried: number;
  /** Attack pairs where both answers came back (a refusal teaches nothing, and proves nothing). */
  answered: number;
}

let gw: TestGateway;
let analyst: string;
let customers: Document[];
// The most common value of each dimension: the best guess without asking anything.
const prior: Partial<Record<Dimension, { value: string; rate: number }>> = {};
const now = new Date();

const STATS = `query($g: [StatsDimension!]!, $f: CustomerFilter) {
  customerStats(groupBy: $g, filter: $f) { groups { key { gender tier segment teamId ageBand } count lifetimeValueSum } }
}`;

beforeAll(async () => {
  // The noise is what is measured here, so the per-principal aggregate budget is lifted for this
  // gateway (the budget has its own test below).
  const policy = JSON.parse(readFileSync(DEFAULT_POLICY_FILE, 'utf8'));
  policy.aggregates.budget = { queries: 1_000_000, windowHours: 1 };
  // Likewise the analyst's request rate limit (docs/limits.md), which would stop the attacks first.
  policy.limits.roles.analyst.requestsPerMinute = 1_000_000;
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'crm-policy-')), 'policy.json');
  writeFileSync(file, JSON.stringify(policy));
  gw = await startTestGateway({ customers: 500, env: { POLICY_FILE: file } });
  analyst = await gw.token({ sub: 'analyst-diff', role: 'analyst' });
  customers = await gw.mongo.db().collection('customers').find({}).toArray();
  for (const d of DIMENSIONS) {
    const counts = new Map<string, number>();
    for (const c of customers) counts.set(truth(c, d), (counts.get(truth(c, d)) ?? 0) + 1);
    const [value, n] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]!;
    prior[d] = { value, rate: n / customers.length };
  }
}, 120_000);
afterAll(() => gw?.close());

function truth(c: Document, d: Dimension): string {
  if (d !== 'ageBand') return String(c[d]);
  const years = Math.floor((now.getTime() - (c.birthDate as Date).getTime()) / (365.25 * 86_400_000));
  const band = Math.floor(years / 10) * 10;
  return `${band}–${band + 9}`;
}

const monthStart = (d: Date, add = 0) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + add, 1));

async function stats(groupBy: Dimension, filter: Record<string, unknown>): Promise<Group[] | null> {
  const res = await gw.gql(analyst, STATS, { g: [groupBy], f: filter });
  if (res.body.errors) return null;
  return res.body.data.customerStats.groups as Group[];
}

/**
 * One attack: `pair(victim)` gives two filters whose sets differ by the victim only (or null when
 * the attack cannot isolate it). The attacker names, per dimension, the group whose count grew
 * the most between the two answers (groups missing from either answer tell nothing: then it falls
 * back on the population's most common value), and reads the lifetime value as the growth of
 * the summed lifetime value.
 */
async function attack(
  victims: readonly Document[],
  pair: (v: Document) => { with: Record<string, unknown>; without: Record<string, unknown> },
  dims: readonly Dimension[],
): Promise<Outcome> {
  const out: Outcome = {
    tried: 0,
    correct: { gender: 0, tier: 0, segment: 0, teamId: 0, ageBand: 0 },
    attempts: { gender: 0, tier: 0, segment: 0, teamId: 0, ageBand: 0 },
    ltvExact: 0,
    ltvWithin10: 0,
    ltvTried: 0,
    answered: 0,
  };
  for (const v of victims) {
    const { with: a, without: b } = pair(v);
    out.tried++;
    for (const d of dims) {
      const [ga, gb] = await Promise.all([stats(d, a), stats(d, b)]);
      out.attempts[d]++;
      let guess = prior[d]!.value;
      let ltv: number | null = null;
      if (ga && gb) {
        out.answered++;
        const before = new Map(gb.map((g) => [g.key[d], g]));
        let best = -Infinity;
        ltv = 0;
        for (const g of ga) {
          const old = before.get(g.key[d]);
          if (!old) continue;
          ltv += g.lifetimeValueSum - old.lifetimeValueSum;
          if (g.count - old.count > best) {
            best = g.count - old.count;
            guess = String(g.key[d]);
          }
        }
      }
      if (guess === truth(v, d)) out.correct[d]++;
      if (d === dims[0] && ltv !== null) {
        out.ltvTried++;
        if (Math.abs(ltv - v.lifetimeValue) < 0.005) out.ltvExact++;
        if (Math.abs(ltv - v.lifetimeValue) <= 0.1 * Math.abs(v.lifetimeValue)) out.ltvWithin10++;
      }
    }
  }
  return out;
}

function report(name: string, o: Outcome, dims: readonly Dimension[]): Record<string, string> {
  const rates: Record<string, string> = { victims: String(o.tried) };
  for (const d of dims) rates[d] = `${((o.correct[d] / o.attempts[d]) * 100).toFixed(1)}% (prior ${(prior[d]!.rate * 100).toFixed(1)}%)`;
  rates.ltvExact = `${o.ltvExact}/${o.ltvTried}`;
  rates.ltvWithin10pct = `${o.ltvWithin10}/${o.ltvTried}`;
  console.info(`[differencing] ${name}: ${JSON.stringify(rates)}`);
  return rates;
}

/** No better than the best blind guess, within what chance allows on this many victims. */
function expectChance(o: Outcome, dims: readonly Dimension[]): void {
  // The attack must have been answered: refusals everywhere would make every check below pass.
  const attempts = dims.reduce((n, d) => n + o.attempts[d], 0);
  expect(o.answered / attempts, `${o.answered}/${attempts} attack pairs answered`).toBeGreaterThanOrEqual(0.9);
  for (const d of dims) {
    const n = o.attempts[d];
    const p = prior[d]!.rate;
    // Three standard errors of a binomial rate at the prior, plus the signal the noise lets
    // through one pair of answers (docs/inference.md: under 8 points at the default noise).
    const bound = p + 3 * Math.sqrt((p * (1 - p)) / n) + 0.08;
    expect(o.correct[d] / n, `${d}: ${o.correct[d]}/${n} correct against a prior of ${p.toFixed(3)}`).toBeLessThanOrEqual(bound);
  }
  expect(o.ltvExact).toBe(0);
  expect(o.ltvWithin10 / Math.max(1, o.ltvTried)).toBeLessThan(0.1);
}

describe('differencing attacks on customerStats', () => {
  it('one boundary apart (createdAt ≤ T against < T) is refused before any data is read', async () => {
    const v = customers[0]!;
    const events = await gw.countCommands(async () => {
      for (const f of [{ createdAt: { lte: v.createdAt.toISOString() } }, { createdAt: { gt: v.createdAt.toISOString() } }, { createdAt: { lt: v.createdAt.toISOString() } }]) {
        const res = await gw.gql(analyst, STATS, { g: ['gender'], f });
        expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: 'AGGREGATE_FILTER_TOO_FINE', field: 'Customer.createdAt' });
        expect(res.body.data?.customerStats ?? null).toBeNull();
      }
    });
    expect(events.filter((e) => e.commandName === 'aggregate')).toEqual([]);
  });

  it('prefix and range filters on plain dimensions are refused for aggregates too', async () => {
    for (const f of [{ ownerId: { startsWith: 'sales-e' } }, { teamId: { gt: 'east' } }, { tier: { lte: 'gold' } }]) {
      const res = await gw.gql(analyst, STATS, { g: ['gender'], f });
      expect(res.body.errors?.[0]?.extensions?.code).toBe('AGGREGATE_FILTER_TOO_FINE');
    }
  });

  it('month-aligned ranges that isolate one customer (alone in its month and team) reveal nothing beyond chance', async () => {
    const cells = new Map<string, Document[]>();
    for (const c of customers) {
      const k = `${monthStart(c.createdAt).toISOString()}|${c.teamId}`;
      cells.set(k, [...(cells.get(k) ?? []), c]);
    }
    const victims = [...cells.values()].filter((list) => list.length === 1).map((list) => list[0]!);
    expect(victims.length).toBeGreaterThanOrEqual(60);
    const start = '2018-01-01T00:00:00.000Z';
    const dims = ['gender', 'tier', 'segment', 'ageBand'] as const;
    const o = await attack(
      victims,
      (v) => ({
        with: { teamId: { eq: v.teamId }, createdAt: { gte: start, lt: monthStart(v.createdAt, 1).toISOString() } },
        without: { teamId: { eq: v.teamId }, createdAt: { gte: start, lt: monthStart(v.createdAt).toISOString() } },
      }),
      dims,
    );
    report('month x team', o, dims);
    expectChance(o, dims);
  }, 300_000);

  it('the same isolation by month and segment, to learn the team, reveals nothing beyond chance', async () => {
    const cells = new Map<string, Document[]>();
    for (const c of customers) {
      const k = `${monthStart(c.createdAt).toISOString()}|${c.segment}`;
      cells.set(k, [...(cells.get(k) ?? []), c]);
    }
    const victims = [...cells.values()].filter((list) => list.length === 1).map((list) => list[0]!);
    expect(victims.length).toBeGreaterThanOrEqual(30);
    const start = '2018-01-01T00:00:00.000Z';
    const dims = ['teamId'] as const;
    const o = await attack(
      victims,
      (v) => ({
        with: { segment: { eq: v.segment }, createdAt: { gte: start, lt: monthStart(v.createdAt, 1).toISOString() } },
        without: { segment: { eq: v.segment }, createdAt: { gte: start, lt: monthStart(v.createdAt).toISOString() } },
      }),
      dims,
    );
    report('month x segment', o, dims);
    expectChance(o, dims);
  }, 300_000);

  it('averaging many pairs built on different base sets is what remains; it costs the analyst budget (measured)', async () => {
    // The residual attack (docs/inference.md): each pair on a different base set (here: a lower
    // bound one month later each time) draws fresh noise, so averaging m pairs shrinks the noise
    // by sqrt(m). 20 pairs per victim and dimension are 40 aggregate queries: the default budget
    // (200 a day) pays for five such guesses a day.
    const cells = new Map<string, Document[]>();
    for (const c of customers) {
      const k = `${monthStart(c.createdAt).toISOString()}|${c.teamId}`;
      cells.set(k, [...(cells.get(k) ?? []), c]);
    }
    const victims = [...cells.values()]
      .filter((list) => list.length === 1 && list[0]!.createdAt >= new Date('2021-01-01'))
      .map((list) => list[0]!)
      .slice(0, 30);
    const m = 20;
    let correct = 0;
    for (const v of victims) {
      const score = new Map<string, number>();
      for (let i = 0; i < m; i++) {
        const from = new Date(Date.UTC(2019, i, 1)).toISOString();
        const [a, b] = await Promise.all([
          stats('gender', { teamId: { eq: v.teamId }, createdAt: { gte: from, lt: monthStart(v.createdAt, 1).toISOString() } }),
          stats('gender', { teamId: { eq: v.teamId }, createdAt: { gte: from, lt: monthStart(v.createdAt).toISOString() } }),
        ]);
        const before = new Map((b ?? []).map((g) => [g.key.gender, g.count]));
        for (const g of a ?? []) if (before.has(g.key.gender)) score.set(String(g.key.gender), (score.get(String(g.key.gender)) ?? 0) + g.count - before.get(g.key.gender)!);
      }
      const guess = [...score.entries()].sort((x, y) => y[1] - x[1])[0]?.[0] ?? prior.gender!.value;
      if (guess === v.gender) correct++;
    }
    console.info(
      `[differencing] gender by averaging ${m} pairs (${2 * m} queries) per victim: ${correct}/${victims.length} = ${((correct / victims.length) * 100).toFixed(1)}% (prior ${(prior.gender!.rate * 100).toFixed(1)}%)`,
    );
    expect(victims.length).toBeGreaterThanOrEqual(20);
    // Far from certainty even at 40 queries a victim (theory: about 70%; docs/inference.md).
    expect(correct / victims.length).toBeLessThan(0.95);
  }, 300_000);

  it('asking the same question again, or in other words, returns the same answer: repetition averages nothing away', async () => {
    const base = { tier: { in: ['gold', 'silver'] }, createdAt: { gte: '2018-01-01T00:00:00.000Z', lt: '2024-01-01T00:00:00.000Z' } };
    const variants = [
      base,
      { tier: { in: ['silver', 'gold'] }, createdAt: base.createdAt },
      { tier: { in: ['silver', 'gold', 'no-such-tier'] }, createdAt: base.createdAt },
      { ...base, segment: { in: ['retail', 'sme', 'enterprise'] } },
      { ...base, createdAt: { gte: '2017-06-01T00:00:00.000Z', lt: '2024-01-01T00:00:00.000Z' }, teamId: { in: ['east', 'west', 'north', 'south'] } }, // no customer before 2019
    ];
    const answers = await Promise.all(variants.map((f) => stats('gender', f)));
    for (const [i, a] of answers.entries()) expect(a, `variant ${i}`).toEqual(answers[0]);
    // And the answer is not the exact one.
    const exact = await gw.mongo
      .db()
      .collection('customers')
      .countDocuments({ tier: { $in: ['gold', 'silver'] }, createdAt: { $lt: new Date('2024-01-01') } });
    const total = answers[0]!.reduce((s, g) => s + g.count, 0);
    expect(total).not.toBe(exact);
    expect(Math.abs(total - exact)).toBeLessThan(30);
  });
});

describe('the aggregate budget', () => {
  it('caps how many aggregate queries one principal can run per window, whatever they ask', async () => {
    // The shipped default policy's budget; only the analyst's request rate limit is lifted, so the
    // budget (not 120 requests a minute) is what stops the queries.
    const def = JSON.parse(readFileSync(DEFAULT_POLICY_FILE, 'utf8'));
    const limit = def.aggregates.budget.queries as number;
    def.limits.roles.analyst.requestsPerMinute = 1_000_000;
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'crm-policy-')), 'policy.json');
    writeFileSync(file, JSON.stringify(def));
    const other = await startTestGateway({ customers: 10, env: { POLICY_FILE: file } });
    try {
      const token = await other.token({ sub: 'analyst-budget', role: 'analyst' });
      let ok = 0;
      let refused: string | undefined;
      for (let i = 0; i <= limit; i++) {
        // A different question each time: the budget counts answers, not distinct queries.
        const res = await other.gql(token, STATS, { g: [i % 2 ? 'tier' : 'segment'], f: { createdAt: { gte: new Date(Date.UTC(2000 + (i % 20), 0, 1)).toISOString() } } });
        if (res.body.errors) {
          refused = res.body.errors[0]!.extensions?.code;
          expect(res.body.data?.customerStats ?? null).toBeNull();
          break;
        }
        ok++;
      }
      expect(ok).toBe(limit);
      expect(refused).toBe('AGGREGATE_BUDGET_EXCEEDED');
      // Kept in MongoDB, so every gateway instance draws on the same budget.
      const doc = await other.mongo.db().collection('gateway_rate_limits').findOne({ key: 'budget:aggregate:analyst-budget' });
      expect(doc?.points).toBeGreaterThanOrEqual(limit);
      // Another principal still has its own.
      const fresh = await other.token({ sub: 'analyst-other', role: 'analyst' });
      expect((await other.gql(fresh, STATS, { g: ['tier'] })).body.errors).toBeUndefined();
    } finally {
      await other.close();
    }
  }, 120_000);
});
