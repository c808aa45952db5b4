// Shared by the encryption tests: a production-like environment for the CLI and the gateway
// (real keys, a key vault inside the test's own database so close() drops it), and the CLI run
// as an operator runs it.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Binary } from 'mongodb';
import type { TestMongo } from '../support/mongo';
import { TEST_AUDIT_KEY } from '../support/keys';

export const REPO = fileURLToPath(new URL('../..', import.meta.url));
export const ENCRYPTED_POLICY = 'policy/encrypted.json';
export const ENCRYPTED_KEYS = ['crm-phone', 'crm-national-id', 'crm-bank-card'] as const;

export function newMasterKey(): string {
  return randomBytes(96).toString('base64');
}

export function encryptionEnv(mongo: TestMongo, masterKey: string): Record<string, string> {
  return {
    MONGODB_URI: mongo.uri,
    MONGODB_DB: mongo.dbName,
    JWT_SECRET: 'encryption-test-secret-0123456789abcdef',
    JWT_ISSUER: 'https://idp.test',
    JWT_AUDIENCE: 'crm-gateway-test',
    PSEUDONYM_KEY: 'encryption-test-pseudonym-key-0123456789',
    AUDIT_SIGNING_KEY: TEST_AUDIT_KEY,
    ENCRYPTION_MASTER_KEY: masterKey,
    ENCRYPTION_KEY_VAULT: `${mongo.dbName}.__keyVault`,
    POLICY_FILE: ENCRYPTED_POLICY,
    LOG_LEVEL: 'silent',
  };
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Only what the test sets: a MONGODB_URI or keys from the developer's shell must not leak in. */
function childEnv(env: Record<string, string>): Record<string, string> {
  return { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_ENV: 'development', ...env };
}

export function cli(args: string[], env: Record<string, string>): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['bin/crm-gateway.mjs', ...args], { cwd: REPO, env: childEnv(env), timeout: 60_000 }, (err, stdout, stderr) =>
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }),
    );
  });
}

export function spawnCli(args: string[], env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['bin/crm-gateway.mjs', ...args], { cwd: REPO, env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
}

export function isCiphertext(v: unknown): v is Binary {
  return v instanceof Binary && v.sub_type === 6;
}
