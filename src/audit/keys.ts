// The Ed25519 key that signs audit checkpoints. Configured like the JWT keys: AUDIT_SIGNING_KEY
// (PKCS#8 PEM) in production; in dev mode a key generated on first use under LOCAL_DIR/dev-keys
// and reused afterwards, so checkpoints written before a restart still verify after it.
// `audit verify` needs only the public half (--public-key), so the ledger can be checked by
// someone who cannot write checkpoints.
import { createPrivateKey, createPublicKey, generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import { link, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { calculateJwkThumbprint, exportJWK } from 'jose';
import { devKeyDir } from '../auth/dev-keys';
import type { Config } from '../config/env';

export const CHECKPOINT_ALG = 'EdDSA';
const DEV_FILE = 'audit-signing-key.pem';

export interface AuditVerifyKey {
  readonly publicKey: KeyObject;
  /** JWK thumbprint of the public key; checkpoints name the key that signed them. */
  readonly kid: string;
}

export interface AuditSigningKey extends AuditVerifyKey {
  readonly privateKey: KeyObject;
  /** Where a development key lives (for the start-up warning); null for a configured key. */
  readonly devPath: string | null;
  readonly created: boolean;
}

export async function loadAuditSigningKey(config: Config): Promise<AuditSigningKey> {
  if (config.audit.signingKeyPem) return { ...(await fromPrivatePem(config.audit.signingKeyPem, 'AUDIT_SIGNING_KEY')), devPath: null, created: false };
  const { pem, path, created } = await loadOrCreateDevPem(config.localDir);
  return { ...(await fromPrivatePem(pem, path)), devPath: path, created };
}

/** The key `audit verify` checks signatures with: a public PEM if given, else the signing key's public half. */
export async function loadAuditVerifyKey(config: Config, publicPem?: string): Promise<AuditVerifyKey> {
  if (publicPem !== undefined) {
    const publicKey = createPublicKey(publicPem);
    assertEd25519(publicKey, 'the public key');
    return { publicKey, kid: await thumbprint(publicKey) };
  }
  const { publicKey, kid } = await loadAuditSigningKey(config);
  return { publicKey, kid };
}

export function publicKeyPem(key: AuditVerifyKey): string {
  return key.publicKey.export({ type: 'spki', format: 'pem' }) as string;
}

async function fromPrivatePem(pem: string, where: string) {
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(pem);
  } catch {
    throw new Error(`${where}: not a readable PKCS#8 private key`);
  }
  assertEd25519(privateKey, where);
  const publicKey = createPublicKey(privateKey);
  return { privateKey, publicKey, kid: await thumbprint(publicKey) };
}

function assertEd25519(key: KeyObject, where: string): void {
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`${where}: must be an Ed25519 key, got ${key.asymmetricKeyType ?? key.type}`);
}

async function thumbprint(publicKey: KeyObject): Promise<string> {
  return `audit-${(await calculateJwkThumbprint(await exportJWK(publicKey))).slice(0, 16)}`;
}

/** Created with link(2) like the dev JWT key, so concurrent first starts agree on one key. */
async function loadOrCreateDevPem(localDir: string): Promise<{ pem: string; path: string; created: boolean }> {
  const dir = devKeyDir(localDir);
  const path = join(dir, DEV_FILE);
  const existing = await readIfExists(path);
  if (existing) return { pem: existing, path, created: false };
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await writeFile(join(dir, '.gitignore'), '*\n', { mode: 0o600 });
  const { privateKey } = generateKeyPairSync('ed25519');
  const tmp = join(dir, `.${DEV_FILE}.${randomUUID()}`);
  await writeFile(tmp, privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, { mode: 0o600 });
  let created = true;
  try {
    await link(tmp, path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    created = false;
  } finally {
    await rm(tmp, { force: true });
  }
  const pem = await readIfExists(path);
  if (!pem) throw new Error(`development audit key ${path} could not be read back`);
  return { pem, path, created };
}

async function readIfExists(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}
