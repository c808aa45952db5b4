// GET /bi/v1/reports/{id}.csv|.json|.ndjson and /schema, as BI tools call it: each credential
// form, the token's report allow-list, expiry and revocation, parameter errors, CSV that parses
// back to the JSON rows, paging with Link: rel="next", and the row cap.
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenRegistry } from '../../src/auth/registry';
import { startTestGateway, type TestGateway } from '../support/gateway';
import { biToken, credentialHeaders, get, type BiToken } from './helpers';

let gw: TestGateway;
let token: BiToken;
beforeAll(async () => {
  gw = await startTestGateway({ customers: 120, env: { BI_PAGE_SIZE: '25' } });
  token = await biToken(gw, ['customers-pseudonymised', 'deals-pipeline', 'customers-by-region', 'interactions-weekly']);
});
afterAll(() => gw?.close());

const bearer = () => credentialHeaders(token.jwt);
const code = async (res: Response) => ((await res.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code;

describe('credentials', () => {
  it.each(['bearer', 'basic', 'api-key'] as const)('accepts the token as %s', async (form) => {
    const res = await get(gw, '/bi/v1/reports/deals-pipeline.json', credentialHeaders(token.jwt, form));
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = (await res.json()) as { data: unknown[]; next_cursor: null };
    expect(body.data.length).toBeGreaterThan(0);
    expect(body.next_cursor).toBeNull();
  });

  it('answers a request without a credential with a Basic challenge, so Excel and Power BI prompt', async () => {
    const res = await get(gw, '/bi/v1/reports/deals-pipeline.csv');
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Basic realm="crm-gateway BI"/);
    expect(await code(res)).toBe('UNAUTHENTICATED');
  });

  it('refuses two different tokens in one request', async () => {
    const other = await biToken(gw, ['deals-pipeline']);
    const res = await get(gw, '/bi/v1/reports/deals-pipeline.csv', { ...credentialHeaders(token.jwt), 'x-api-key': other.jwt });
    expect(res.status).toBe(401);
  });

  it('refuses an expired token and a revoked one', async () => {
    // Expired in api_tokens (the JWT's own exp is checked by jose like any token's).
    const stale = await biToken(gw, ['deals-pipeline'], { expiresAt: new Date(Date.now() - 1000) });
    const expired = await get(gw, '/bi/v1/reports/deals-pipeline.csv', credentialHeaders(stale.jwt));
    expect(expired.status).toBe(401);
    expect(expired.headers.get('www-authenticate')).toMatch(/^Basic /);
    const revoked = await biToken(gw, ['deals-pipeline']);
    expect((await get(gw, '/bi/v1/reports/deals-pipeline.csv', credentialHeaders(revoked.jwt))).status).toBe(200);
    await createTokenRegistry(gw.mongo.db()).revoke(revoked.jti);
    const res = await get(gw, '/bi/v1/reports/deals-pipeline.csv', credentialHeaders(revoked.jwt, 'basic'));
    expect(res.status).toBe(401);
    expect(((await res.json()) as { errors: { extensions: { reason: string } }[] }).errors[0]!.extensions.reason).toBe('revoked');
  });
});

describe('authorization', () => {
  it('refuses a report that is not on the token allow-list, and an unknown report', async () => {
    const narrow = await biToken(gw, ['deals-pipeline']);
    const res = await get(gw, '/bi/v1/reports/customers-pseudonymised.csv', credentialHeaders(narrow.jwt));
    expect(res.status).toBe(403);
    expect(await code(res)).toBe('REPORT_NOT_ALLOWED');
    const unknown = await get(gw, '/bi/v1/reports/no-such-report.csv', credentialHeaders(narrow.jwt));
    expect(unknown.status).toBe(404);
    expect(await code(unknown)).toBe('REPORT_NOT_FOUND');
    const listing = (await (await get(gw, '/bi/v1/reports', credentialHeaders(narrow.jwt))).json()) as { data: { id: string }[] };
    expect(listing.data.map((r) => r.id)).toEqual(['deals-pipeline']);
  });

  it('refuses a report whose roles do not include the caller, for interactive tokens too', async () => {
    const sales = await gw.token({ sub: 'sales-east-1', role: 'sales', team: 'east' });
    expect((await get(gw, '/bi/v1/reports/deals-pipeline.json', credentialHeaders(sales))).status).toBe(403);
    const analyst = await gw.token({ sub: 'analyst-1', role: 'analyst' });
    expect((await get(gw, '/bi/v1/reports/deals-pipeline.json', credentialHeaders(analyst))).status).toBe(200);
  });

  it('refuses GraphQL documents sent by a BI token, even for fields a report uses', async () => {
    const res = await gw.gql(token.jwt, '{ customerStats(groupBy: [segment]) { groups { count } } }');
    expect(res.status).toBe(403);
    expect(res.body.errors?.[0]?.extensions?.code).toBe('BI_QUERY_NOT_ALLOWED');
  });

  it('runs an allowed report by id over GraphQL (documentId), one page at a time, and nothing else', async () => {
    const post = (body: unknown, jwt = token.jwt) =>
      fetch(gw.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${jwt}` }, body: JSON.stringify(body) }).then(async (r) => ({
        status: r.status,
        body: (await r.json()) as any,
      }));
    const first = await post({ documentId: 'customers-pseudonymised', variables: { segment: 'retail' } });
    expect(first.status).toBe(200);
    expect(first.body.data.report.columns[0]).toBe('customer_id');
    expect(first.body.data.report.rows).toHaveLength(25);
    expect(first.body.data.report.rows.every((r: { segment: string }) => r.segment === 'retail')).toBe(true);
    const second = await post({ documentId: 'customers-pseudonymised', variables: { segment: 'retail', cursor: first.body.data.report.nextCursor } });
    expect(second.status).toBe(200);
    const ids = new Set([...first.body.data.report.rows, ...second.body.data.report.rows].map((r: { customer_id: string }) => r.customer_id));
    expect(ids.size).toBe(first.body.data.report.rows.length + second.body.data.report.rows.length);
    const narrow = await biToken(gw, ['deals-pipeline']);
    expect((await post({ documentId: 'customers-pseudonymised' }, narrow.jwt)).body.errors[0].extensions.code).toBe('REPORT_NOT_ALLOWED');
    expect((await post({ documentId: 'deals-pipeline', variables: { stage: 'nope' } }, narrow.jwt)).body.errors[0].extensions).toMatchObject({
      code: 'INVALID_REPORT_PARAMETER',
      parameter: 'stage',
    });
    expect((await post({ documentId: 'deals-pipeline', query: '{ me { subject } }' }, narrow.jwt)).body.errors[0].extensions.code).toBe('BI_QUERY_NOT_ALLOWED');
  });

  it('accepts a token bound to networks only from inside them', async () => {
    const inside = await biToken(gw, ['deals-pipeline'], { networks: ['127.0.0.0/8', '::1/128'] });
    expect((await get(gw, '/bi/v1/reports/deals-pipeline.csv', credentialHeaders(inside.jwt))).status).toBe(200);
    const outside = await biToken(gw, ['deals-pipeline'], { networks: ['10.0.0.0/8'] });
    const res = await get(gw, '/bi/v1/reports/deals-pipeline.csv', credentialHeaders(outside.jwt));
    expect(res.status).toBe(401);
    expect(((await res.json()) as { errors: { extensions: { reason: string } }[] }).errors[0]!.extensions.reason).toBe('address_not_allowed');
  });

  it('keeps when and from where the token was last used', async () => {
    const fresh = await biToken(gw, ['deals-pipeline']);
    await get(gw, '/bi/v1/reports/deals-pipeline.csv', credentialHeaders(fresh.jwt));
    await expect.poll(async () => (await createTokenRegistry(gw.mongo.db()).list()).find((t) => t.jti === fresh.jti)?.lastUsedFrom).toMatch(/127\.0\.0\.1|::1/);
  });
});

describe('parameters', () => {
  it.each([
    ['/bi/v1/reports/deals-pipeline.csv?from=2026-02-30', 'from'],
    ['/bi/v1/reports/deals-pipeline.csv?from=yesterday', 'from'],
    ['/bi/v1/reports/deals-pipeline.csv?stage=closed', 'stage'],
    ['/bi/v1/reports/deals-pipeline.csv?region=north', 'region'],
    ['/bi/v1/reports/deals-pipeline.csv?stage=won&stage=lost', 'stage'],
    ['/bi/v1/reports/deals-pipeline.json?bom=1', 'bom'],
    ['/bi/v1/reports/deals-pipeline.csv?bom=yes', 'bom'],
    ['/bi/v1/reports/customers-pseudonymised.json?updated_since=2026-01-01', 'updated_since'],
  ])('%s is a 400 naming %s', async (path, name) => {
    const res = await get(gw, path, bearer());
    expect(res.status).toBe(400);
    const body = (await res.json()) as { errors: { message: string; extensions: { code: string; parameter: string } }[] };
    expect(body.errors[0]!.extensions).toMatchObject({ code: 'INVALID_REPORT_PARAMETER', parameter: name });
    expect(body.errors[0]!.message).toContain(`"${name}"`);
  });

  it('filters by typed parameters', async () => {
    const all = (await (await get(gw, '/bi/v1/reports/deals-pipeline.json', bearer())).json()) as { data: { stage: string }[] };
    const won = (await (await get(gw, '/bi/v1/reports/deals-pipeline.json?stage=won', bearer())).json()) as { data: { stage: string }[] };
    expect(won.data.length).toBeGreaterThan(0);
    expect(won.data.length).toBeLessThan(all.data.length);
    expect(new Set(won.data.map((r) => r.stage))).toEqual(new Set(['won']));
  });

  it('describes the report: columns, types, classes and parameters', async () => {
    const res = await get(gw, '/bi/v1/reports/customers-pseudonymised/schema', bearer());
    expect(res.status).toBe(200);
    const schema = (await res.json()) as { columns: { name: string; type: string; class: string | null }[]; params: { name: string }[] };
    expect(schema.columns.slice(0, 3)).toEqual([
      { name: 'customer_id', type: 'string', class: null },
      { name: 'name_token', type: 'string', class: 'NAME' },
      { name: 'phone_token', type: 'string', class: 'PHONE' },
    ]);
    expect(schema.params.map((p) => p.name)).toEqual(['segment', 'updated_since']);
  });
});

describe('formats', () => {
  it('CSV parsed back by a CSV parser equals the JSON rows, and NDJSON too', async () => {
    const json = (await (await get(gw, '/bi/v1/reports/customers-pseudonymised.json', bearer())).json()) as { data: Record<string, unknown>[] };
    const csvRes = await get(gw, '/bi/v1/reports/customers-pseudonymised.csv?bom=1', bearer());
    expect(csvRes.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
    const bytes = Buffer.from(await csvRes.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    expect(text).toContain('\r\n');
    const parsed = parse(text, { bom: true, columns: true }) as Record<string, string>[];
    expect(parsed).toHaveLength(120);
    const asText = (v: unknown) => (v === null ? '' : String(v));
    expect(parsed).toEqual(json.data.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, asText(v)]))));
    const ndjson = (await (await get(gw, '/bi/v1/reports/customers-pseudonymised.ndjson', bearer())).text())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(ndjson).toEqual(json.data);
  });

  it('serves analysts keyed tokens and generalized values, never clear personal data', async () => {
    const json = (await (await get(gw, '/bi/v1/reports/customers-pseudonymised.json', bearer())).json()) as { data: Record<string, string | null>[] };
    const stored = await gw.mongo.db().collection('customers').find({}).toArray();
    const text = JSON.stringify(json);
    for (const c of stored.slice(0, 20)) {
      expect(text).not.toContain(c.phone);
      expect(text).not.toContain(c.name);
    }
    for (const row of json.data) {
      expect(row.phone_token).toMatch(/^tel_/);
      expect(row.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    }
  });

  it('pages with ?cursor= and Link: rel="next"; a cursor is bound to its token and parameters', async () => {
    const seen: string[] = [];
    let next: string | null = '/bi/v1/reports/customers-pseudonymised.json?cursor=';
    let firstLink: string | null = null;
    while (next) {
      const res = await get(gw, next, bearer());
      expect(res.status).toBe(200);
      const body = (await res.json()) as { data: { customer_id: string }[]; next_cursor: string | null };
      expect(body.data.length).toBeLessThanOrEqual(25);
      seen.push(...body.data.map((r) => r.customer_id));
      const link = res.headers.get('link');
      next = link ? /^<([^>]+)>; rel="next"$/.exec(link)![1]! : null;
      expect(next === null).toBe(body.next_cursor === null);
      firstLink ??= next;
    }
    expect(seen).toHaveLength(120);
    expect(new Set(seen).size).toBe(120);
    const other = await biToken(gw, ['customers-pseudonymised']);
    expect(await code(await get(gw, firstLink!, credentialHeaders(other.jwt)))).toBe('INVALID_CURSOR');
    expect(await code(await get(gw, `${firstLink!}&segment=retail`, bearer()))).toBe('INVALID_CURSOR');
  });
});

describe('row cap', () => {
  it('refuses a whole result above BI_MAX_ROWS with 413 and no rows; ?cursor= still serves it', async () => {
    const small = await startTestGateway({ customers: 30, env: { BI_MAX_ROWS: '20', BI_PAGE_SIZE: '10' } });
    try {
      const t = await biToken(small, ['customers-pseudonymised']);
      const res = await get(small, '/bi/v1/reports/customers-pseudonymised.csv', credentialHeaders(t.jwt));
      expect(res.status).toBe(413);
      expect(await code(res)).toBe('REPORT_TOO_LARGE');
      const page = await get(small, '/bi/v1/reports/customers-pseudonymised.csv?cursor=', credentialHeaders(t.jwt));
      expect(page.status).toBe(200);
      expect(page.headers.get('link')).toMatch(/rel="next"/);
      expect(parse(await page.text(), { columns: true })).toHaveLength(10);
    } finally {
      await small.close();
    }
  });
});
