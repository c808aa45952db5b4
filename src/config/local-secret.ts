// Development secrets kept under LOCAL_DIR (git-ignored): generated once, reused on later starts,
// so demo tokens and keyed tokens stay stable across restarts. Production passes real keys.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export function loadOrCreateLocalSecret(localDir: string, name: string): string {
  const dir = path.join(localDir, 'dev-keys');
  const file = path.join(dir, `${name}.secret`);
  try {
    const existing = readFileSync(file, 'utf8').trim();
    if (existing.length >= 32) return existing;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}
