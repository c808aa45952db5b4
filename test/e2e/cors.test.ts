// CORS over HTTP: the preflight a browser sends is answered for allowed origins only, with the
// headers clients send, no credentials and a max-age; actual responses carry the origin back only
// when it is allowed. test/browser/cors.test.ts proves the same in a real browser.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORS_MAX_AGE_SECONDS } from '../../src/http/cors';
import { startTestGateway, type TestGateway } from '../support/gateway';

const ALLOWED = 'https://crm.example.com';

describe('CORS allow-list', () => {
  let gw: TestGateway;
  let admin: string;
  beforeAll(async () => {
    gw = await startTestGateway({ customers: 1, env: { CORS_ORIGINS: `${ALLOWED}, https://bi.example.com` } });
    admin = await gw.token({ sub: 'admin-1', role: 'admin' });
  });
  afterAll(() => gw?.close());

  const preflight = (origin: string, method = 'POST', headers = 'authorization, content-type, apollo-require-preflight, x-request-id') =>
    fetch(gw.url, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': method, 'access-control-request-headers': headers } });

  it('answers a preflight from an allowed origin with the headers clients send, no credentials and a max-age', async () => {
    const res = await preflight(ALLOWED);
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(res.headers.get('access-control-allow-methods')).toBe('GET, POST');
    const allowed = res.headers.get('access-control-allow-headers')!.split(', ');
    expect(allowed).toEqual(expect.arrayContaining(['authorization', 'content-type', 'apollo-require-preflight', 'x-request-id']));
    expect(res.headers.get('access-control-max-age')).toBe(String(CORS_MAX_AGE_SECONDS));
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    expect(res.headers.get('vary')).toContain('Origin');
  });

  it('refuses a preflight from another origin, for another method, or asking for another header', async () => {
    for (const res of [
      await preflight('https://evil.example'),
      await preflight('http://localhost:3000'),
      await preflight(ALLOWED, 'PUT'),
      await preflight(ALLOWED, 'POST', 'authorization, cookie'),
    ]) {
      expect(res.status).toBe(403);
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
      expect(((await res.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe('ORIGIN_NOT_ALLOWED');
    }
  });

  it('names an allowed origin on the actual response and exposes the request id; never another origin', async () => {
    const ask = (origin: string) => gw.gql(admin, '{ me { subject } }', undefined, { headers: { origin } });
    const allowed = await ask(ALLOWED);
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(allowed.headers.get('access-control-expose-headers')).toContain('x-request-id');
    const other = await ask('https://evil.example');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('CORS in dev mode', () => {
  it('allows loopback origins on any port, and no others unless listed', async () => {
    const { loadConfig } = await import('../../src/config/env');
    const { createCors } = await import('../../src/http/cors');
    const config = loadConfig({ LOCAL_DIR: '/nonexistent-never-written' });
    expect(config.mode).toBe('dev');
    const cors = createCors(config.cors);
    for (const origin of ['http://localhost:5173', 'http://127.0.0.1:3000', 'http://[::1]:8080']) expect(cors.preflight(origin, 'POST', 'authorization').allowed).toBe(true);
    for (const origin of ['http://localhost.evil.example', 'https://localhost:5173', 'http://192.168.1.2:3000'])
      expect(cors.preflight(origin, 'POST', 'authorization').allowed).toBe(false);
    const production = createCors(
      loadConfig({
        JWT_SECRET: 'x'.repeat(40),
        JWT_ISSUER: 'i',
        JWT_AUDIENCE: 'a',
        NODE_ENV: 'production',
        PSEUDONYM_KEY: 'p'.repeat(40),
        AUDIT_SIGNING_KEY: '-----BEGIN PRIVATE KEY-----',
      }).cors,
    );
    expect(production.preflight('http://localhost:5173', 'POST', 'authorization').allowed).toBe(false);
  });

  it('CORS_ORIGINS accepts only exact origins', async () => {
    const { loadConfig, ConfigError } = await import('../../src/config/env');
    for (const bad of ['*', 'https://crm.example.com/', 'crm.example.com', 'https://crm.example.com/app']) {
      expect(() => loadConfig({ CORS_ORIGINS: bad })).toThrow(ConfigError);
      expect(() => loadConfig({ CORS_ORIGINS: bad })).toThrow(/CORS_ORIGINS: /);
    }
  });
});
