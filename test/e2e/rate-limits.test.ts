// Rate limits across two gateway instances on one database: requests alternate between them and
// the limit still holds once (per principal, BI tokens included; failed authentications per
// client address). A refusal is 429 RATE_LIMITED with Retry-After.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { biToken, credentialHeaders } from '../bi/helpers';
import { writeManifest } from '../support/documents';
import { startTestGateway, type TestGateway } from '../support/gateway';

const LIMITS = { sales: 10, bi: 8, authFailures: 5 };
let a: TestGateway;
let b: TestGateway;

beforeAll(async () => {
  const policy = JSON.parse(readFileSync('policy/default.json', 'utf8'));
  policy.limits.roles.sales = { ...policy.limits.roles.sales, requestsPerMinute: LIMITS.sales };
  policy.limits.bi = { ...policy.limits.bi, requestsPerMinute: LIMITS.bi };
  policy.limits.authFailuresPerMinute = LIMITS.authFailures;
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'rate-')), 'policy.json');
  writeFileSync(file, JSON.stringify(policy));
  // BI tokens run only manifest documents (trusted documents).
  const env = { POLICY_FILE: file, TRUSTED_DOCUMENTS_FILE: writeManifest([BI_STATS]) };
  a = await startTestGateway({ customers: 20, env });
  b = await startTestGateway({ env, sameDatabaseAs: a });
}, 60_000);
afterAll(async () => {
  await b?.close();
  await a?.close();
});

const ME = '{ me { subject } }';
const BI_STATS = '{ customerStats(groupBy: [segment]) { groups { count } } }';

describe('requests per principal', () => {
  it('holds across two instances: requests alternate, the limit counts them once', async () => {
    const sales = await a.token({ sub: 'sales-east-1', role: 'sales', team: 'east' });
    for (let i = 0; i < LIMITS.sales; i++) expect((await (i % 2 ? b : a).gql(sales, ME)).status).toBe(200);
    for (const gw of [a, b]) {
      const res = await gw.gql(sales, ME);
      expect(res.status).toBe(429);
      expect(res.body.errors![0]!.extensions).toMatchObject({ code: 'RATE_LIMITED', limit: LIMITS.sales });
      const retryAfter = Number(res.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(60);
    }
    // Another principal of the same role has its own count.
    const other = await a.token({ sub: 'sales-east-2', role: 'sales', team: 'east' });
    expect((await b.gql(other, ME)).status).toBe(200);
  });

  it('BI tokens are limited too: 40 concurrent report requests, alternating instances', async () => {
    const bi = await biToken(a, ['deals-pipeline']);
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) => fetch(`${(i % 2 ? b : a).url.replace(/\/graphql$/, '')}/bi/v1/reports/deals-pipeline.json`, { headers: credentialHeaders(bi.jwt) })),
    );
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(LIMITS.bi);
    expect(statuses.filter((s) => s === 429)).toHaveLength(40 - LIMITS.bi);
    const refused = answers.find((r) => r.status === 429)!;
    expect(((await refused.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe('RATE_LIMITED');
  });
});

describe('failed authentications per client address', () => {
  it('after the limit, bad tokens get 429 instead of 401 on both instances, and so does a valid token on the instance that refused', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < LIMITS.authFailures + 2; i++) statuses.push((await (i % 2 ? b : a).gql('not-a-token', ME)).status);
    expect(statuses.slice(0, LIMITS.authFailures)).toEqual(Array(LIMITS.authFailures).fill(401));
    expect(statuses.slice(LIMITS.authFailures)).toEqual([429, 429]);
    const admin = await a.token({ sub: 'admin-1', role: 'admin' });
    const blocked = await b.gql(admin, ME);
    expect(blocked.status).toBe(429);
    expect(blocked.body.errors![0]!.extensions!.code).toBe('RATE_LIMITED');
  });
});
