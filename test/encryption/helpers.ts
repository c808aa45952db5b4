// Shared by the encryption tests: a production-like environment for the CLI and the gateway
// (real keys, a key vault inside the test's own database so close() drops it), and the CLI run
// as an operator runs it.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Binary, type Db } from 'mongodb';
import { resolvers } from '../../resolvers';
import { createFieldCrypto } from '../../src/encryption/field-crypto';
import { loadKeyRing } from '../../src/encryption/key-ring';
import { openKeyVault } from '../../src/encryption/key-vault';
import { fieldsOf, migrate } from '../../src/encryption/migrate';
import { loadPolicy } from '../../src/policy/load';
import { buildSchema } from '../../src/schema/build';
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

/**
 * Creates the data keys a policy names in `<db>.__keyVault` and encrypts the declared fields of
 * every collection in place, as `crm-gateway encrypt` does (same modules, without a process).
 */
export async function encryptStore(db: Db, policyFile: string, masterKeyBase64: string): Promise<void> {
  const master = Buffer.from(masterKeyBase64, 'base64');
  const vault = openKeyVault(db.client, `${db.databaseName}.__keyVault`);
  const policy = loadPolicy(path.isAbsolute(policyFile) ? policyFile : path.join(REPO, policyFile));
  const names = new Set([...policy.encryption.values()].map((c) => c.key.keyAltName).filter((n): n is string => n !== undefined));
  for (const name of names) await vault.create(master, [name]);
  const crypto = createFieldCrypto(policy, await loadKeyRing(vault, master));
  const { fieldMap } = buildSchema(resolvers);
  for (const name of new Set([...fieldMap.types.values()].map((t) => t.collection))) {
    const fields = fieldsOf(fieldMap, name, crypto, 'encrypt');
    if (fields.length > 0) await migrate({ collection: db.collection(name), fields, crypto, direction: 'encrypt', batchSize: 500, dryRun: false });
  }
}

/** A copy of a policy in a temporary file, changed by `edit`. */
export function policyVariant(source: string, edit: (policy: any) => void): string {
  const policy = JSON.parse(readFileSync(path.join(REPO, source), 'utf8'));
  edit(policy);
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'crm-policy-')), 'policy.json');
  writeFileSync(file, JSON.stringify(policy));
  return file;
}
