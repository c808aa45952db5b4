// The benchmark harness must never time a wrong answer: each variant answers the 100-row workload
// with the stored data, masked as the policy says for its caller, and the checker rejects error
// responses, clear values sent to a masked caller and short pages. No timing assertions here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LEDGER_COLLECTION } from '../../src/audit/record';
import { seedDatabase } from '../../src/data/seed';
import { loadPolicy } from '../../src/policy/load';
import { BenchProcess } from '../../bench/child';
import { checkResponse, loadExpectations, type Expectations } from '../../bench/check';
import { bodyHasNoErrors } from '../../bench/load';
import { pruneRunArtifacts } from '../../bench/prune';
import { pickTargets } from '../../bench/session';
import { requestFor, sendOnce } from '../../bench/request';
import { createBenchSecrets, signBenchTokens, type BenchCaller } from '../../bench/tokens';
import { VARIANTS, type VariantId, type VariantSpec } from '../../bench/variants';
import { startFloor } from '../../bench/variants/floor';
import { startGatewayVariant } from '../../bench/variants/gateway';
import type { VariantServer } from '../../bench/variants/harness';
import { NAIVE_AUDIT_COLLECTION, startNaiveSecure } from '../../bench/variants/naive-secure';
import { startMercurius } from '../../bench/variants/mercurius';
import { startPlain } from '../../bench/variants/plain';
import { startYoga } from '../../bench/variants/yoga';
import { WORKLOADS, type WorkloadTargets } from '../../bench/workloads';
import { startTestMongo, type TestMongo } from '../support/mongo';

const variant = (id: VariantId): VariantSpec => VARIANTS.find((v) => v.id === id)!;

describe('benchmark harness: response checks before timing', () => {
  let mongo: TestMongo;
  let expectations: Expectations;
  let targets: WorkloadTargets;
  let tokens: Record<BenchCaller, string>;
  const servers: Partial<Record<'plain' | 'mercurius' | 'yoga' | 'naive' | 'floor' | 'gateway', VariantServer>> = {};
  const secrets = createBenchSecrets();

  beforeAll(async () => {
    mongo = await startTestMongo();
    const db = mongo.db();
    await seedDatabase(db, { customers: 110, seed: 1 });
    targets = await pickTargets(db, 40);
    expectations = await loadExpectations(db, loadPolicy(null), targets, 100);
    tokens = await signBenchTokens(secrets);
    const env = { ...secrets, BENCH_AUDIT_MODE: 'sync' };
    servers.plain = await startPlain({ db });
    servers.mercurius = await startMercurius({ db });
    servers.yoga = await startYoga({ db });
    servers.naive = await startNaiveSecure({ db, env });
    servers.floor = await startFloor({ db });
    servers.gateway = await startGatewayVariant({ db, env });
  });

  afterAll(async () => {
    for (const server of Object.values(servers)) await server?.close();
    await mongo?.close();
  });

  const urlOf = (v: VariantSpec) => servers[v.process === 'gatewayOff' || v.process === 'gatewayNoLimits' ? 'gateway' : v.process]!.url;

  async function answer(id: VariantId, workload: keyof typeof WORKLOADS = 'page100') {
    const v = variant(id);
    return sendOnce(requestFor(v, WORKLOADS[workload], urlOf(v), targets, tokens)!);
  }

  it.each(['plain', 'mercurius', 'yoga', 'naive', 'floor', 'gw-admin', 'gw-support'] as const)(
    '%s answers the 100-row page with the stored data, masked as the policy says',
    async (id) => {
      const response = await answer(id);
      expect(checkResponse(variant(id), WORKLOADS.page100, response, expectations)).toEqual([]);
    },
  );

  it.each(['plain', 'mercurius', 'yoga', 'naive', 'floor', 'gw-admin', 'gw-support'] as const)('%s answers one customer by id with the stored data', async (id) => {
    const response = await answer(id, 'byId');
    expect(checkResponse(variant(id), WORKLOADS.byId, response, expectations)).toEqual([]);
  });

  it('support sees 138****5678-style phones where plain sees the stored number', async () => {
    const plain = (await answer('plain')).body as any;
    const support = (await answer('gw-support')).body as any;
    const i = plain.data.customers.nodes.findIndex((n: { phone: string }) => /^1\d{10}$/.test(n.phone));
    expect(support.data.customers.nodes[i].phone).toBe(`${plain.data.customers.nodes[i].phone.slice(0, 3)}****${plain.data.customers.nodes[i].phone.slice(7)}`);
  });

  it('rejects a GraphQL error response with HTTP 200', () => {
    const response = { status: 200, body: { data: null, errors: [{ message: 'Not Authorised!' }] } };
    expect(checkResponse(variant('naive'), WORKLOADS.page100, response, expectations).join('\n')).toMatch(/GraphQL errors/);
  });

  it('rejects the gateway refusing a request without a token', async () => {
    const v = variant('gw-admin');
    const request = requestFor(v, WORKLOADS.page100, urlOf(v), targets, tokens)!;
    const { authorization: _dropped, ...headers } = request.headers;
    const response = await sendOnce({ ...request, headers });
    expect(response.status).toBe(401);
    expect(checkResponse(v, WORKLOADS.page100, response, expectations).join('\n')).toMatch(/HTTP 401/);
  });

  it('rejects clear values served to a caller who must see them masked', async () => {
    const clear = await answer('plain');
    const problems = checkResponse(variant('gw-support'), WORKLOADS.page100, clear, expectations);
    expect(problems.join('\n')).toMatch(/phone must be partial for support but arrived as stored/);
  });

  it('rejects masked values where the variant must serve them as stored', async () => {
    const masked = await answer('gw-support');
    expect(checkResponse(variant('plain'), WORKLOADS.page100, masked, expectations).length).toBeGreaterThan(0);
  });

  it('rejects a page with a missing row', async () => {
    const response = (await answer('gw-admin')) as { status: number; body: any };
    response.body.data.customers.nodes.pop();
    expect(checkResponse(variant('gw-admin'), WORKLOADS.page100, response, expectations)).toEqual(['expected 100 customers, got 99']);
  });

  it('flags a 200 whose body carries GraphQL errors under load', async () => {
    expect(bodyHasNoErrors(JSON.stringify({ data: null, errors: [{ message: 'x' }] }))).toBe(false);
    expect(bodyHasNoErrors(JSON.stringify((await answer('gw-admin')).body))).toBe(true);
  });

  it("the gateway answers accessReport with both callers' reads at their levels", async () => {
    const v = variant('gw-admin');
    for (const reader of [v, variant('gw-support')]) {
      await sendOnce(requestFor(reader, WORKLOADS.byId, urlOf(reader), { ...targets, byId: targets.accessReport }, tokens)!);
    }
    const response = await sendOnce(requestFor(v, WORKLOADS.accessReport, urlOf(v), targets, tokens)!);
    expect(checkResponse(v, WORKLOADS.accessReport, response, expectations)).toEqual([]);
  });

  it("pruning between runs keeps the accessReport customer's history and drops the rest", async () => {
    const v = variant('gw-admin');
    for (const reader of [v, variant('gw-support')]) {
      await sendOnce(requestFor(reader, WORKLOADS.byId, urlOf(reader), { ...targets, byId: targets.accessReport }, tokens)!);
    }
    await answer('gw-admin');
    await answer('naive');
    const ledger = mongo.db().collection(LEDGER_COLLECTION);
    const before = await ledger.countDocuments({});
    await pruneRunArtifacts(mongo.db(), targets);
    expect(await ledger.countDocuments({})).toBeLessThan(before);
    expect(await mongo.db().collection(NAIVE_AUDIT_COLLECTION).countDocuments({})).toBe(0);
    const report = await sendOnce(requestFor(v, WORKLOADS.accessReport, urlOf(v), targets, tokens)!);
    expect(checkResponse(v, WORKLOADS.accessReport, report, expectations)).toEqual([]);
    // The report's own reads are audited; pruning drops them, so the next run reads the same history.
    await pruneRunArtifacts(mongo.db(), targets);
    const again = (await sendOnce(requestFor(v, WORKLOADS.accessReport, urlOf(v), targets, tokens)!)) as { body: any };
    expect(again.body.data.accessReport.totalEvents).toBe((report.body as any).data.accessReport.totalEvents);
  });

  it('a variant in its own process reports requests, MongoDB commands and peak RSS over IPC', async () => {
    const proc = await BenchProcess.start('floor', 'bench/variants/floor.ts', { BENCH_MONGO_URI: mongo.uri, BENCH_DB: mongo.dbName });
    try {
      await proc.reset();
      const v = variant('floor');
      for (let i = 0; i < 3; i++) await sendOnce(requestFor(v, WORKLOADS.byId, proc.url, targets, tokens)!);
      const stats = await proc.quiesce();
      expect(stats.requests).toBe(3);
      // One find for the customer, one for its deals; no handshakes or pings counted.
      expect(stats.commandsByName).toEqual({ find: 6 });
      expect(stats.maxRssBytes).toBeGreaterThan(0);
    } finally {
      await proc.close();
    }
  });
});
