// The soak's measures: classified values counted in the bodies a client received equal the audit
// records the ledger holds for them, field by field, for both roles and both shapes of answer;
// and the RSS trend is a plain least-squares slope with its standard error. No timing here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDatabase } from '../../src/data/seed';
import { pickTargets } from '../../bench/session';
import { requestFor } from '../../bench/request';
import { auditedClassified, countClassified } from '../../bench/served-audit';
import { linearTrend } from '../../bench/stats';
import { createBenchSecrets, signBenchTokens, type BenchCaller } from '../../bench/tokens';
import { VARIANTS } from '../../bench/variants';
import { startGatewayVariant } from '../../bench/variants/gateway';
import type { VariantServer } from '../../bench/variants/harness';
import { WORKLOADS, type WorkloadName, type WorkloadTargets } from '../../bench/workloads';
import { startTestMongo, type TestMongo } from '../support/mongo';

describe('soak: audit records against classified values served', () => {
  let mongo: TestMongo;
  let gateway: VariantServer;
  let targets: WorkloadTargets;
  let tokens: Record<BenchCaller, string>;
  const secrets = createBenchSecrets();

  beforeAll(async () => {
    mongo = await startTestMongo();
    const db = mongo.db();
    await seedDatabase(db, { customers: 120, seed: 1 });
    targets = await pickTargets(db, 7);
    tokens = await signBenchTokens(secrets);
    gateway = await startGatewayVariant({ db, env: { ...secrets, BENCH_AUDIT_MODE: 'sync' } });
  });

  afterAll(async () => {
    await gateway?.close();
    await mongo?.close();
  });

  it('counts every classified member of a body, nulls included, and nothing else', () => {
    const served = new Map<string, number>();
    countClassified(JSON.stringify({ data: { customers: { nodes: [{ id: 'a', name: 'X', phone: null, deals: [{ title: 'name' }] }, { name: '"phone":' }] } } }), served);
    expect(Object.fromEntries(served)).toEqual({ 'Customer.name': 2, 'Customer.phone': 1 });
  });

  it('the ledger holds one record per classified value served, per field, for both roles', async () => {
    const before = await auditedClassified(mongo.db());
    const served = new Map<string, number>();
    const reads: [string, WorkloadName][] = [
      ['gw-admin', 'page100'],
      ['gw-support', 'page100'],
      ['gw-admin', 'byId'],
      ['gw-support', 'byId'],
      ['gw-admin', 'accessReport'],
    ];
    for (const [id, w] of reads) {
      const variant = VARIANTS.find((v) => v.id === id)!;
      const request = requestFor(variant, WORKLOADS[w], gateway.url, targets, tokens)!;
      const res = await fetch(request.url, { method: request.method, headers: request.headers, body: request.body! });
      expect(res.status).toBe(200);
      countClassified(await res.text(), served);
    }
    const after = await auditedClassified(mongo.db());
    const written = Object.fromEntries([...after].map(([field, n]) => [field, n - (before.get(field) ?? 0)]));
    // 100 + 100 + 1 + 1 customers, seven classified fields each.
    expect(Object.fromEntries(served)).toEqual(Object.fromEntries(['address', 'bankCard', 'birthDate', 'email', 'idNumber', 'name', 'phone'].map((f) => [`Customer.${f}`, 202])));
    expect(written).toEqual(Object.fromEntries(served));
  });

  it('fits a least-squares slope with its standard error', () => {
    expect(
      linearTrend([
        [0, 100],
        [1, 102],
        [2, 104],
        [3, 106],
      ]),
    ).toEqual({ slope: 2, standardError: 0, n: 4 });
    const noisy = linearTrend([
      [0, 100],
      [1, 103],
      [2, 99],
      [3, 102],
      [4, 100],
    ]);
    expect(noisy.slope).toBeCloseTo(-0.1, 10);
    expect(noisy.standardError).toBeGreaterThan(Math.abs(noisy.slope));
    expect(
      linearTrend([
        [0, 1],
        [1, 2],
      ]).slope,
    ).toBeNaN();
  });
});
