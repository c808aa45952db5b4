// The local KMS master key (96 bytes, base64): from ENCRYPTION_MASTER_KEY, from the file named by
// ENCRYPTION_MASTER_KEY_FILE, or — in dev mode only — generated once under LOCAL_DIR. Errors name
// the variable and never quote the key.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, type MasterKeySource } from '../config/env';
import { AEAD_KEY_LENGTH } from './aead';

export function decodeMasterKey(text: string, variable: string): Buffer {
  const trimmed = text.trim();
  const key = /^[A-Za-z0-9+/]+={0,2}$/.test(trimmed) ? Buffer.from(trimmed, 'base64') : Buffer.alloc(0);
  if (key.length !== AEAD_KEY_LENGTH) throw new ConfigError([`${variable}: must be ${AEAD_KEY_LENGTH} bytes, base64-encoded (a local KMS master key)`]);
  return key;
}

export function readMasterKeyFile(file: string, variable: string): Buffer {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError([`${variable}: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? 'error'})`]);
  }
  return decodeMasterKey(text, variable);
}

export function loadMasterKey(source: MasterKeySource | null): Buffer | null {
  if (source === null) return null;
  return source.kind === 'env' ? decodeMasterKey(source.base64, 'ENCRYPTION_MASTER_KEY') : readMasterKeyFile(source.path, 'ENCRYPTION_MASTER_KEY_FILE');
}

/** Dev mode: a development master key kept under LOCAL_DIR/dev-keys (git-ignored). */
export function loadOrCreateDevMasterKey(localDir: string): Buffer {
  const dir = path.join(localDir, 'dev-keys');
  const file = path.join(dir, 'encryption-master.key');
  try {
    return readMasterKeyFile(file, 'dev master key');
  } catch (err) {
    if (!(err instanceof ConfigError) || !err.message.includes('ENOENT')) throw err;
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const key = randomBytes(AEAD_KEY_LENGTH);
  writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600 });
  return key;
}
