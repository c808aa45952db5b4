import { expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/env';
import { TEST_AUDIT_KEY } from '../support/keys';

const problems = (env: Record<string, string>) => {
  try {
    loadConfig(env);
    return [];
  } catch (err) {
    if (err instanceof ConfigError) return [...err.problems];
    throw err;
  }
};

it('no configuration at all is dev mode on the embedded store, with the documented defaults', () => {
  const c = loadConfig({});
  expect(c.mode).toBe('dev');
  expect(c.http).toEqual({ port: 4000, host: '127.0.0.1', shutdownGraceMs: 10_000 });
  expect(c.mongo).toEqual({ uri: null, db: 'crm' });
  expect(c.audit.mode).toBe('sync');
  expect(c.introspectionRoles).toEqual(['admin']);
  expect(Object.isFrozen(c.jwt)).toBe(true);
});

it('a bad value names the variable and what is wrong', () => {
  expect(problems({ PORT: 'eighty' })[0]).toMatch(/^PORT: /);
  expect(problems({ MONGODB_URI: 'postgres://x' })[0]).toMatch(/^MONGODB_URI: must start with mongodb:\/\//);
  expect(problems({ JWT_SECRET: 'short' })[0]).toMatch(/^JWT_SECRET: must be at least 32 characters/);
  expect(problems({ AUDIT_MODE: 'sometimes' })[0]).toMatch(/^AUDIT_MODE: /);
  expect(problems({ INTROSPECTION_ROLES: 'admin,root' })[0]).toMatch(/^INTROSPECTION_ROLES: /);
  expect(problems({ JWT_CLOCK_TOLERANCE: '5 minutes' })[0]).toMatch(/^JWT_CLOCK_TOLERANCE: must be a duration/);
});

it('production mode refuses to start without real keys', () => {
  const p = problems({ MONGODB_URI: 'mongodb://db.example:27017' });
  expect(p.join('\n')).toMatch(/requires a real token verification key/);
  expect(p.join('\n')).toMatch(/PSEUDONYM_KEY: required/);
  expect(p.join('\n')).toMatch(/AUDIT_SIGNING_KEY: required/);
});

it('refuses HS/RS confusion and two verification sources', () => {
  const secret = 's'.repeat(40);
  expect(problems({ JWT_SECRET: secret, JWT_ALGORITHMS: 'RS256', JWT_ISSUER: 'i', JWT_AUDIENCE: 'a', PSEUDONYM_KEY: secret, AUDIT_SIGNING_KEY: TEST_AUDIT_KEY })).toEqual([
    'JWT_ALGORITHMS: only HS256/HS384/HS512 may be used with JWT_SECRET',
  ]);
  expect(
    problems({ JWT_SECRET: secret, JWT_JWKS_URL: 'https://idp.example/jwks', JWT_ISSUER: 'i', JWT_AUDIENCE: 'a', PSEUDONYM_KEY: secret, AUDIT_SIGNING_KEY: TEST_AUDIT_KEY })[0],
  ).toMatch(/set exactly one token verification source/);
});

it('auditing can be switched off only on the embedded store', () => {
  expect(problems({ AUDIT_MODE: 'off' })).toEqual([]);
  expect(problems({ AUDIT_MODE: 'off', NODE_ENV: 'production' }).join('\n')).toMatch(/AUDIT_MODE: "off"/);
});
