// `crm-gateway token …` as an operator runs it: a real process, real environment variables.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeJwt } from 'jose';
import { startTestMongo } from '../support/mongo';
import { loadConfig } from '../../src/config/env';
import { TEST_AUDIT_KEY } from '../support/keys';
import { createTokenVerifier } from '../../src/auth/verifier';
import { loadVerificationKeys } from '../../src/auth/signer';
import { createTokenRegistry, type TokenRegistry } from '../../src/auth/registry';
import { writeDevStoreInfo } from '../../src/auth/dev-store-info';
import type { AuthError } from '../../src/auth/errors';
import { tempDir } from '../auth/helpers';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const JWT_LINE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\n$/;
const SECRET = 'cli-test-hs256-secret-0123456789abcdef';

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

function cli(args: string[], env: Record<string, string>): Promise<Result> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['bin/crm-gateway.mjs', 'token', ...args],
      // Only what the test sets: a MONGODB_URI or JWT_* from the developer's shell must not leak in.
      { cwd: REPO, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_ENV: 'development', ...env }, timeout: 30_000 },
      (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }),
    );
  });
}

let mongo: Awaited<ReturnType<typeof startTestMongo>>;
beforeAll(async () => {
  mongo = await startTestMongo();
});
afterAll(() => mongo?.close());

describe('token issue / revoke / list against the dev gateway store', () => {
  let env: Record<string, string>;
  let registry: TokenRegistry;

  beforeAll(async () => {
    const localDir = await tempDir('crm-cli-');
    env = { LOCAL_DIR: localDir };
    // What `npm start` writes when its embedded store is up.
    await writeDevStoreInfo(localDir, { uri: mongo.uri, db: mongo.dbName });
    registry = createTokenRegistry(mongo.db());
  });

  async function devVerifier() {
    const config = loadConfig({ LOCAL_DIR: env.LOCAL_DIR, LOG_LEVEL: 'silent' });
    const keys = await loadVerificationKeys(config, { logger: quietLogger });
    return createTokenVerifier(config.jwt, { keys, registry });
  }

  it('issue prints exactly one JWT, signed by the dev key, that verifies', async () => {
    const r = await cli(['issue', '--sub', 'u-1', '--role', 'manager', '--team', 't-7', '--mfa', '--ttl', '15m'], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(JWT_LINE);
    expect(r.stderr).toMatch(/DEVELOPMENT SIGNING KEY/);
    const p = await (await devVerifier()).verify(r.stdout.trim());
    expect(p).toMatchObject({ subject: 'u-1', role: 'manager', team: 't-7', mfa: true, kind: 'user' });
    expect(p.expiresAt - Math.floor(Date.now() / 1000)).toBeGreaterThan(14 * 60);
    expect(p.expiresAt - Math.floor(Date.now() / 1000)).toBeLessThanOrEqual(15 * 60);
  });

  it('a BI token is recorded, listed, verifies, and stops verifying once revoked', async () => {
    const issued = await cli(['issue', '--sub', 'svc-metabase', '--role', 'analyst', '--kind', 'bi', '--name', 'metabase', '--reports', 'deals-pipeline', '--ttl', '30d'], env);
    expect(issued.code).toBe(0);
    expect(issued.stdout).toMatch(JWT_LINE);
    const jwt = issued.stdout.trim();
    const jti = decodeJwt(jwt).jti as string;
    expect(await registry.isActive(jti)).toBe(true);
    const verifier = await devVerifier();
    await expect(verifier.verify(jwt)).resolves.toMatchObject({ kind: 'bi', role: 'analyst', tokenName: 'metabase', jti });

    const listed = await cli(['list'], env);
    expect(listed.code).toBe(0);
    const row = listed.stdout.split('\n').find((l) => l.startsWith(jti));
    expect(listed.stdout.split('\n')[0]).toMatch(/^JTI\s+NAME\s+ROLE\s+EXPIRES\s+REVOKED\s+REPORTS\s+NETWORKS\s+LAST USED$/);
    expect(row).toMatch(new RegExp(`^${jti}\\s+metabase\\s+analyst\\s+\\d{4}-\\d\\d-\\d\\dT\\S+\\s+no\\s+deals-pipeline\\s+any\\s+(never|\\d{4}-\\S+( \\S+)?)$`));
    expect(listed.stdout).not.toContain(jwt.split('.')[2]);

    const revoked = await cli(['revoke', jti], env);
    expect(revoked).toMatchObject({ code: 0 });
    expect(await registry.isActive(jti)).toBe(false);
    const err = await verifier.verify(jwt).catch((e: unknown) => e);
    expect((err as AuthError).reason).toBe('revoked');
    // The REVOKED column now holds the revocation time.
    expect((await cli(['list'], env)).stdout.split('\n').find((l) => l.startsWith(jti))).toMatch(/\s\d{4}-\d\d-\d\dT\S+Z\s+deals-pipeline\s/);
  }, 120_000); // four CLI processes: slow on a loaded two-core machine

  it('revoke of an unknown jti fails with exit 1', async () => {
    const r = await cli(['revoke', 'no-such-jti'], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no BI token with jti no-such-jti/);
  });
});

describe('token issue with MONGODB_URI and JWT_SECRET', () => {
  it('records the BI token in MONGODB_URI/MONGODB_DB and signs HS256', async () => {
    const env = {
      LOCAL_DIR: await tempDir('crm-cli-'),
      MONGODB_URI: mongo.uri,
      MONGODB_DB: mongo.dbName,
      JWT_SECRET: SECRET,
      JWT_ISSUER: 'https://idp.example.test',
      JWT_AUDIENCE: 'crm-gateway',
      PSEUDONYM_KEY: 'k'.repeat(32),
      AUDIT_SIGNING_KEY: TEST_AUDIT_KEY,
    };
    const r = await cli(['issue', '--sub', 'svc-superset', '--role', 'analyst', '--kind', 'bi', '--name', 'superset', '--ttl', '7d', '--reports', 'deals-pipeline'], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(JWT_LINE);
    const config = loadConfig({ ...env, LOG_LEVEL: 'silent' });
    const registry = createTokenRegistry(mongo.db());
    const verifier = createTokenVerifier(config.jwt, { keys: await loadVerificationKeys(config), registry });
    const p = await verifier.verify(r.stdout.trim());
    expect(p).toMatchObject({ kind: 'bi', tokenName: 'superset', subject: 'svc-superset' });
    expect((await registry.list()).find((t) => t.jti === p.jti)).toMatchObject({ name: 'superset', role: 'analyst', subject: 'svc-superset', revokedAt: null });
  });
});

describe('BI token allow-lists', () => {
  let env: Record<string, string>;
  beforeAll(async () => {
    const localDir = await tempDir('crm-cli-');
    env = { LOCAL_DIR: localDir };
    await writeDevStoreInfo(localDir, { uri: mongo.uri, db: mongo.dbName });
  });

  it('records the report allow-list and networks, and the verified principal carries the reports', async () => {
    const r = await cli(
      [
        'issue',
        '--sub',
        'svc-grafana',
        '--role',
        'analyst',
        '--kind',
        'bi',
        '--name',
        'grafana',
        '--ttl',
        '90d',
        '--reports',
        'deals-pipeline,interactions-weekly',
        '--cidr',
        '10.0.0.0/8,::1/128',
      ],
      env,
    );
    expect(r.code).toBe(0);
    const jti = decodeJwt(r.stdout.trim()).jti as string;
    const registry = createTokenRegistry(mongo.db());
    expect((await registry.list()).find((t) => t.jti === jti)).toMatchObject({
      reports: ['deals-pipeline', 'interactions-weekly'],
      networks: ['10.0.0.0/8', '::1/128'],
      lastUsedAt: null,
    });
    const config = loadConfig({ ...env, LOG_LEVEL: 'silent' });
    const verifier = createTokenVerifier(config.jwt, { keys: await loadVerificationKeys(config), registry });
    await expect(verifier.verify(r.stdout.trim(), { clientAddress: '10.1.2.3' })).resolves.toMatchObject({ reports: ['deals-pipeline', 'interactions-weekly'] });
    await expect(verifier.verify(r.stdout.trim(), { clientAddress: '192.168.1.1' })).rejects.toMatchObject({ reason: 'address_not_allowed' });
    const listed = await cli(['list'], env);
    expect(listed.stdout).toMatch(/deals-pipeline,interactions-weekly/);
  });

  it('refuses a BI lifetime over BI_TOKEN_MAX_TTL, an unknown report and a bad network', async () => {
    for (const [extra, message] of [
      [['--ttl', '91d', '--reports', 'deals-pipeline'], /BI_TOKEN_MAX_TTL/],
      [['--ttl', '7d', '--reports', 'no-such-report'], /no such report: no-such-report/],
      [['--ttl', '7d', '--reports', 'deals-pipeline', '--cidr', '10.0.0.0/40'], /not a CIDR network/],
      [['--reports', 'deals-pipeline'], /requires --ttl/],
    ] as const) {
      const r = await cli(['issue', '--sub', 'svc-x', '--role', 'analyst', '--kind', 'bi', '--name', 'x', ...extra], env);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stdout).toBe('');
    }
    const longer = await cli(['issue', '--sub', 'svc-x', '--role', 'analyst', '--kind', 'bi', '--name', 'x', '--ttl', '120d', '--reports', 'deals-pipeline'], {
      ...env,
      BI_TOKEN_MAX_TTL: '180d',
    });
    expect(longer.code).toBe(0);
  }, 120_000);
});

describe('token usage errors and help', () => {
  let env: Record<string, string>;
  beforeAll(async () => {
    env = { LOCAL_DIR: await tempDir('crm-cli-') };
  });

  it.each([
    [['issue', '--sub', 'u', '--role', 'admin', '--bogus']],
    [['issue', '--role', 'admin']],
    [['issue', '--sub', 'u']],
    [['issue', '--sub', 'u', '--role', 'root']],
    [['issue', '--sub', 'u', '--role', 'admin', '--ttl', '1 hour']],
    [['issue', '--sub', 'u', '--role', 'admin', '--ttl', '0s']],
    [['issue', '--sub', 'u', '--role', 'admin', '--kind', 'service']],
    [['issue', '--sub', 'u', '--role', 'analyst', '--kind', 'bi']],
    [['issue', '--sub', 'u', '--role', 'admin', '--kind', 'bi', '--name', 'x']],
    [['revoke']],
    [['revoke', 'a', 'b']],
    [['list', 'extra']],
    [[]],
    [['frobnicate']],
  ])('%j exits 2 with the usage', async (args) => {
    const r = await cli(args, env);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/usage: crm-gateway token/);
  });

  it.each([[['--help']], [['issue', '--help']], [['revoke', '--help']], [['list', '--help']]])('%j prints help and exits 0', async (args) => {
    const r = await cli(args, env);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/usage: crm-gateway token/);
  });

  it('without MONGODB_URI or a running dev gateway, BI commands fail with one line', async () => {
    for (const args of [['list'], ['revoke', 'x'], ['issue', '--sub', 'u', '--role', 'analyst', '--kind', 'bi', '--name', 'n', '--reports', 'deals-pipeline', '--ttl', '1d']]) {
      const r = await cli(args, env);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe('crm-gateway: no database: set MONGODB_URI or start the dev gateway with npm start\n');
      expect(r.stdout).toBe('');
    }
  });

  it('with only a public key configured there is no signing key: exit 1', async () => {
    const { generateKeyPair, exportSPKI } = await import('jose');
    const { publicKey } = await generateKeyPair('RS256');
    const r = await cli(['issue', '--sub', 'u', '--role', 'admin'], {
      ...env,
      JWT_PUBLIC_KEY: await exportSPKI(publicKey),
      JWT_ISSUER: 'https://idp.example.test',
      JWT_AUDIENCE: 'crm-gateway',
      PSEUDONYM_KEY: 'k'.repeat(32),
      AUDIT_SIGNING_KEY: TEST_AUDIT_KEY,
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/no signing key/);
  });

  it('an invalid environment stops with the variable named: exit 1', async () => {
    const r = await cli(['issue', '--sub', 'u', '--role', 'admin'], { ...env, JWT_SECRET: 'short' });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/JWT_SECRET/);
  });
});

const quietLogger = { warn: () => {}, debug: () => {}, error: () => {}, info: () => {} } as unknown as import('pino').Logger;
