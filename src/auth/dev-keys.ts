// The development signing key: an ES256 pair generated on first use under LOCAL_DIR/dev-keys and
// reused afterwards, so tokens printed by `npm start` or `crm-gateway token issue` keep working
// across restarts. Never used in production mode (config refuses to start without real keys).
import { mkdir, readFile, writeFile, link, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';

export const DEV_KEY_ALG = 'ES256';

export interface DevKeyPair {
  readonly kid: string;
  readonly alg: typeof DEV_KEY_ALG;
  readonly privateJwk: JWK;
  readonly publicJwk: JWK;
  /** Where the key lives, for the warning. */
  readonly dir: string;
  /** True when this call generated the key. */
  readonly created: boolean;
}

const PRIVATE_FILE = 'signing-key.private.jwk.json';
const PUBLIC_FILE = 'signing-key.public.jwk.json';

export function devKeyDir(localDir: string): string {
  return join(localDir, 'dev-keys');
}

/**
 * Loads the dev key pair, generating it when absent. The private JWK file is the source of truth
 * and is created with link(2), which fails if it already exists: when the gateway and the CLI
 * start at the same moment, both end up with the same key.
 */
export async function loadOrCreateDevKeyPair(localDir: string): Promise<DevKeyPair> {
  const dir = devKeyDir(localDir);
  const existing = await readPrivateJwk(dir);
  if (existing) return toPair(existing, dir, false);

  await mkdir(dir, { recursive: true, mode: 0o700 });
  // The folder is git-ignored through .local/, but LOCAL_DIR may point elsewhere.
  await writeFile(join(dir, '.gitignore'), '*\n', { mode: 0o600 });

  const { privateKey, publicKey } = await generateKeyPair(DEV_KEY_ALG, { extractable: true });
  const publicJwk = await exportJWK(publicKey);
  const kid = `dev-${(await calculateJwkThumbprint(publicJwk)).slice(0, 16)}`;
  const privateJwk: JWK = { ...(await exportJWK(privateKey)), kid, alg: DEV_KEY_ALG, use: 'sig' };

  const tmp = join(dir, `.${PRIVATE_FILE}.${randomUUID()}`);
  await writeFile(tmp, `${JSON.stringify(privateJwk, null, 2)}\n`, { mode: 0o600 });
  let created = true;
  try {
    await link(tmp, join(dir, PRIVATE_FILE));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    created = false;
  } finally {
    await rm(tmp, { force: true });
  }
  const winner = await readPrivateJwk(dir);
  if (!winner) throw new Error(`development key in ${dir} could not be read back`);
  const pair = toPair(winner, dir, created);
  if (created) await writeFile(join(dir, PUBLIC_FILE), `${JSON.stringify({ keys: [pair.publicJwk] }, null, 2)}\n`);
  return pair;
}

async function readPrivateJwk(dir: string): Promise<JWK | null> {
  let text: string;
  try {
    text = await readFile(join(dir, PRIVATE_FILE), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  const jwk = JSON.parse(text) as JWK;
  if (jwk.kty !== 'EC' || jwk.crv !== 'P-256' || typeof jwk.d !== 'string' || typeof jwk.kid !== 'string') {
    throw new Error(`${join(dir, PRIVATE_FILE)} is not an ES256 private JWK with a kid; delete it to generate a new development key`);
  }
  return jwk;
}

function toPair(privateJwk: JWK, dir: string, created: boolean): DevKeyPair {
  const { kty, crv, x, y, kid } = privateJwk;
  return {
    kid: kid as string,
    alg: DEV_KEY_ALG,
    privateJwk,
    publicJwk: { kty, crv, x, y, kid, alg: DEV_KEY_ALG, use: 'sig' },
    dir,
    created,
  };
}

export function devKeyWarning(pair: DevKeyPair): string {
  return (
    `DEVELOPMENT SIGNING KEY in use (${pair.dir}, kid ${pair.kid}${pair.created ? ', just generated' : ''}). ` +
    'Tokens signed with it are for local development only; configure JWT_JWKS_URL, JWT_PUBLIC_KEY or JWT_SECRET for real use.'
  );
}
