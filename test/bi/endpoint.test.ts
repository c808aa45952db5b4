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
