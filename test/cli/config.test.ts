// `crm-gateway config check` as an operator runs it: secrets from files, the effective
// configuration on stdout with every secret redacted, each wrong variable named on stderr.
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { TEST_AUDIT_KEY } from '../support/keys';

const configCheck = (env: Record<string, string>) =>
  spawnSync(process.execPath, ['bin/crm-gateway.mjs', 'config', 'check'], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', CRM_GATEWAY_SOURCES: '1', ...env } });

function secretFile(dir: string, name: string, content: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, `${content}\n`, { mode: 0o600 });
  return file;
}

it('reads every secret from its _FILE, prints the production configuration and none of the secrets', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'config-check-'));
  const password = randomBytes(12).toString('hex');
  const pseudonymKey = randomBytes(32).toString('hex');
  const publicKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const res = configCheck({
    HOST: '0.0.0.0',
    MONGODB_URI_FILE: secretFile(dir, 'uri', `mongodb://crm_gateway:${password}@mongo1:27017,mongo2:27017/crm?replicaSet=rs0&authSource=admin`),
    JWT_PUBLIC_KEY_FILE: secretFile(dir, 'jwt.pub', publicKey),
    JWT_ISSUER: 'https://idp.example/realms/crm',
    JWT_AUDIENCE: 'crm-gateway',
    PSEUDONYM_KEY_FILE: secretFile(dir, 'pseudonym', pseudonymKey),
    AUDIT_SIGNING_KEY_FILE: secretFile(dir, 'audit.pem', TEST_AUDIT_KEY),
  });
  expect(res.stderr).toBe('');
  expect(res.status).toBe(0);
  const out = JSON.parse(res.stdout);
  expect(out.config).toMatchObject({
    mode: 'production',
    http: { host: '0.0.0.0', port: 4000 },
    mongo: { uri: 'mongodb://crm_gateway:***@mongo1:27017,mongo2:27017/crm?replicaSet=rs0&authSource=admin', db: 'crm' },
    jwt: { source: { kind: 'publicKey', key: '[set, redacted]' }, algorithms: ['RS256', 'ES256', 'EdDSA'] },
    audit: { signingKeyPem: '[set, redacted]' },
    pseudonymKey: '[set, redacted]',
    tracing: null,
  });
  expect(out.policyVersion).toMatch(/\S/);
  for (const secret of [password, pseudonymKey, 'BEGIN PUBLIC KEY', 'PRIVATE KEY']) expect(res.stdout).not.toContain(secret);
});

it('names each wrong variable: X and X_FILE both set, an unreadable file, a bad value', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'config-check-'));
  const both = configCheck({ JWT_SECRET: 'x'.repeat(40), JWT_SECRET_FILE: secretFile(dir, 'jwt', 'y'.repeat(40)) });
  expect(both.status).toBe(1);
  expect(both.stderr).toContain('JWT_SECRET_FILE: set JWT_SECRET or JWT_SECRET_FILE, not both');

  const missing = configCheck({ PSEUDONYM_KEY_FILE: path.join(dir, 'absent') });
  expect(missing.status).toBe(1);
  expect(missing.stderr).toContain(`PSEUDONYM_KEY_FILE: cannot read ${path.join(dir, 'absent')} (ENOENT)`);

  const short = configCheck({ JWT_SECRET_FILE: secretFile(dir, 'short', 'too-short') });
  expect(short.status).toBe(1);
  expect(short.stderr).toContain('JWT_SECRET: must be at least 32 characters');
  expect(short.stdout).toBe('');
});

it('an OTLP endpoint turns tracing on and is shown as the traces URL', () => {
  const res = configCheck({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel-collector:4318/' });
  expect(res.status).toBe(0);
  expect(JSON.parse(res.stdout).config.tracing).toEqual({ endpoint: 'http://otel-collector:4318/v1/traces', serviceName: 'crm-gateway' });
});
