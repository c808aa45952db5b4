// The JWT attack set over HTTP: every forged, stale or misdirected token gets HTTP 401 with a
// GraphQL-shaped error that says why in general terms and leaks nothing.
import { generateKeyPairSync } from 'node:crypto';
import { SignJWT, base64url } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenRegistry } from '../../src/auth/registry';
import { writeManifest } from '../support/documents';
import { startTestGateway, TEST_AUDIENCE, TEST_ISSUER, TEST_SECRET, type TestGateway } from '../support/gateway';

const secret = new TextEncoder().encode(TEST_SECRET);
const now = () => Math.floor(Date.now() / 1000);

/** A token signed with the gateway's own secret; `claims` override the valid defaults. */
function hs256(claims: Record<string, unknown>) {
  return new SignJWT({ roles: ['admin'], sub: 'admin-1', iss: TEST_ISSUER, aud: TEST_AUDIENCE, iat: now(), exp: now() + 600, ...claims })
    .setProtectedHeader({ alg: 'HS256' })
    .sign(secret);
}

function expectRefused(res: { status: number; body: any }, reason: string) {
  expect(res.status).toBe(401);
  expect(res.body.data).toBeUndefined();
  expect(res.body.errors).toHaveLength(1);
  expect(res.body.errors[0].extensions).toEqual({ code: 'UNAUTHENTICATED', reason });
}

describe('HS256-configured gateway', () => {
  let gw: TestGateway;
  const ME = '{ me { subject role } }';
  beforeAll(async () => {
    // BI tokens run only the trusted-document manifest's documents.
    gw = await startTestGateway({ customers: 5, env: { TRUSTED_DOCUMENTS_FILE: writeManifest([ME]) } });
  });
  afterAll(() => gw?.close());

  it('accepts a valid token and reports the principal', async () => {
    const res = await gw.gql(await hs256({}), ME);
    expect(res.body).toEqual({ data: { me: { subject: 'admin-1', role: 'admin' } } });
  });

  it('refuses a request without a token', async () => {
    expectRefused(await gw.gql(null, ME), 'missing');
  });

  it('refuses alg "none"', async () => {
    const header = base64url.encode(JSON.stringify({ alg: 'none', typ: 'JWT' }));
    const payload = base64url.encode(JSON.stringify({ sub: 'admin-1', roles: ['admin'], iss: TEST_ISSUER, aud: TEST_AUDIENCE, exp: now() + 600 }));
    expectRefused(await gw.gql(`${header}.${payload}.`, ME), 'algorithm_not_allowed');
  });

  it('refuses expired, not-yet-valid, wrong-issuer and wrong-audience tokens', async () => {
    expectRefused(await gw.gql(await hs256({ exp: now() - 3600 }), ME), 'expired');
    expectRefused(await gw.gql(await hs256({ nbf: now() + 3600 }), ME), 'not_yet_valid');
    expectRefused(await gw.gql(await hs256({ iss: 'https://evil.example' }), ME), 'wrong_issuer');
    expectRefused(await gw.gql(await hs256({ aud: 'other-api' }), ME), 'wrong_audience');
    expectRefused(await gw.gql(await hs256({ exp: undefined }), ME), 'invalid_claims');
  });

  it('refuses a tampered payload (role raised after signing)', async () => {
    const token = await gw.token({ sub: 'sales-east-1', role: 'sales', team: 'east' });
    const [h, p, s] = token.split('.');
    const claims = JSON.parse(Buffer.from(p!, 'base64url').toString());
    claims.roles = ['admin'];
    const forged = `${h}.${base64url.encode(JSON.stringify(claims))}.${s}`;
    expectRefused(await gw.gql(forged, ME), 'bad_signature');
  });

  it('refuses a token signed with another secret, and garbage', async () => {
    const other = await new SignJWT({ roles: ['admin'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('a')
      .setIssuer(TEST_ISSUER)
      .setAudience(TEST_AUDIENCE)
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode('x'.repeat(40)));
    expectRefused(await gw.gql(other, ME), 'bad_signature');
    expectRefused(await gw.gql('not-a-jwt', ME), 'malformed');
  });

  it('refuses a revoked BI token on the next request', async () => {
    const token = await gw.token({ sub: 'bi-metabase', role: 'analyst', kind: 'bi', name: 'metabase' });
    const jti = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()).jti as string;
    const registry = createTokenRegistry(gw.mongo.db());
    // Unrecorded BI tokens are refused: only tokens the gateway issued and recorded count.
    expectRefused(await gw.gql(token, ME), 'revoked');
    await registry.record({ jti, name: 'metabase', subject: 'bi-metabase', role: 'analyst', scopes: [], expiresAt: new Date(Date.now() + 3_600_000), createdBy: 'test' });
    // Authenticated now; a BI token's GraphQL text is refused after authentication (403, not 401).
    const accepted = await gw.gql(token, ME);
    expect(accepted.status).toBe(403);
    expect(accepted.body.errors?.[0]?.extensions?.code).toBe('BI_QUERY_NOT_ALLOWED');
    await registry.revoke(jti);
    expectRefused(await gw.gql(token, ME), 'revoked');
  });

  it('error bodies never echo claims', async () => {
    const res = await gw.gql(await hs256({ aud: 'secret-audience-name' }), ME);
    expect(JSON.stringify(res.body)).not.toContain('secret-audience-name');
  });
});

describe('public-key-configured gateway', () => {
  let gw: TestGateway;
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  beforeAll(async () => {
    gw = await startTestGateway({
      customers: 5,
      env: { JWT_SECRET: '', JWT_PUBLIC_KEY: publicPem, JWT_ALGORITHMS: 'RS256', JWT_PRIVATE_KEY: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() },
    });
  });
  afterAll(() => gw?.close());

  it('accepts RS256 tokens from the configured key', async () => {
    const res = await gw.gql(await gw.token({ sub: 'support-1', role: 'support' }), '{ me { role } }');
    expect(res.body).toEqual({ data: { me: { role: 'support' } } });
  });

  it('refuses HS256 signed with the RSA public key as the secret (HS/RS confusion)', async () => {
    const forged = await new SignJWT({ roles: ['admin'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('admin-1')
      .setIssuer(TEST_ISSUER)
      .setAudience(TEST_AUDIENCE)
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(publicPem));
    expectRefused(await gw.gql(forged, '{ me { role } }'), 'algorithm_not_allowed');
  });

  it('refuses a token whose kid names an unknown key', async () => {
    const { privateKey: other } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const forged = await new SignJWT({ roles: ['admin'] })
      .setProtectedHeader({ alg: 'RS256', kid: 'unknown-kid' })
      .setSubject('admin-1')
      .setIssuer(TEST_ISSUER)
      .setAudience(TEST_AUDIENCE)
      .setExpirationTime('5m')
      .sign(other);
    const res = await gw.gql(forged, '{ me { role } }');
    expect(res.status).toBe(401);
    expect(['bad_signature', 'unknown_key']).toContain(res.body.errors?.[0]?.extensions?.reason);
  });
});
