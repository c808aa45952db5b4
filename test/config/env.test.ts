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
  expect(c.http).toEqual({
    port: 4000,
    host: '127.0.0.1',
    shutdownGraceMs: 10_000,
    requestTimeoutMs: 30_000,
    mongoMaxTimeMs: 10_000,
    maxInFlight: 256,
    maxEventLoopDelayMs: 500,
    tls: null,
    trustProxyTls: false,
  });
  expect(c.encryption).toEqual({ masterKey: null, keyVault: 'encryption.__keyVault' });
  expect(c.mongo).toEqual({ uri: null, db: 'crm' });
  expect(c.audit.mode).toBe('sync');
  expect(c.introspectionRoles).toEqual(['admin']);
  expect(Object.isFrozen(c.jwt)).toBe(true);
});

it('a bad value names the variable and what is wrong', () => {
  expect(problems({ PORT: 'abc' })).toEqual(['PORT: must be a port number (got "abc")']);
  expect(problems({ PORT: '70000' })).toEqual(['PORT: must be a port number (got "70000")']);
  expect(problems({ TRUSTED_DOCUMENTS: 'require' })).toEqual(['TRUSTED_DOCUMENTS_FILE: required with TRUSTED_DOCUMENTS=require (the persisted-documents.json manifest)']);
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

it('Sandbox is on in dev mode and off in production unless SANDBOX=on', () => {
  const production = {
    JWT_SECRET: 'x'.repeat(40),
    JWT_ISSUER: 'i',
    JWT_AUDIENCE: 'a',
    NODE_ENV: 'production',
    PSEUDONYM_KEY: 'p'.repeat(40),
    AUDIT_SIGNING_KEY: '-----BEGIN PRIVATE KEY-----',
  };
  expect(loadConfig({}).sandbox).toBe(true);
  expect(loadConfig({ SANDBOX: 'off' }).sandbox).toBe(false);
  expect(loadConfig(production).sandbox).toBe(false);
  expect(loadConfig({ ...production, SANDBOX: 'on' }).sandbox).toBe(true);
});

it('encryption and TLS settings are checked at start-up, naming the variable, never echoing a key', () => {
  const notAKey = 'c2hvcnQ=';
  expect(problems({ ENCRYPTION_MASTER_KEY: notAKey })[0]).toMatch(/^ENCRYPTION_MASTER_KEY: must be 96 bytes, base64-encoded/);
  expect(problems({ ENCRYPTION_MASTER_KEY: notAKey }).join('\n')).not.toContain(notAKey);
  const key = Buffer.alloc(96, 7).toString('base64');
  expect(problems({ ENCRYPTION_MASTER_KEY: key, ENCRYPTION_MASTER_KEY_FILE: '/k' })[0]).toMatch(/^ENCRYPTION_MASTER_KEY, ENCRYPTION_MASTER_KEY_FILE: set at most one/);
  expect(problems({ ENCRYPTION_KEY_VAULT: 'novault' })[0]).toMatch(/^ENCRYPTION_KEY_VAULT: must be a namespace/);
  expect(problems({ TLS_CERT_FILE: '/c.pem' })[0]).toMatch(/^TLS_CERT_FILE, TLS_KEY_FILE: set both/);
  expect(problems({ TLS_CLIENT_CA_FILE: '/ca.pem' })[0]).toMatch(/^TLS_CLIENT_CA_FILE: client certificates need the HTTPS listener/);
  expect(problems({ TRUST_PROXY_TLS: 'yes' })[0]).toMatch(/^TRUST_PROXY_TLS: /);
  const c = loadConfig({ ENCRYPTION_MASTER_KEY: key, TLS_CERT_FILE: '/c.pem', TLS_KEY_FILE: '/k.pem', TRUST_PROXY_TLS: '1' });
  expect(c.encryption.masterKey).toEqual({ kind: 'env', base64: key });
  expect(c.http.tls).toEqual({ certFile: '/c.pem', keyFile: '/k.pem', clientCaFile: null });
  expect(c.http.trustProxyTls).toBe(true);
});
