// Shared fixtures for the auth tests: configs built through loadConfig (as in production), key
// pairs, a local JWKS server and an in-memory token registry.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, exportSPKI, generateKeyPair, SignJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose';
import { loadConfig, type Config } from '../../src/config/env';
import { TEST_AUDIT_KEY } from '../support/keys';
import type { NewTokenRecord, TokenInfo, TokenRegistry } from '../../src/auth/registry';

export const ISSUER = 'https://idp.example.test/realms/crm';
export const AUDIENCE = 'crm-gateway';
export const SECRET = 'an-hs256-secret-that-is-long-enough-0123456789';

export async function tempDir(prefix = 'crm-auth-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

export function configFor(env: Record<string, string>): Config {
  return loadConfig({
    NODE_ENV: 'test',
    JWT_ISSUER: ISSUER,
    JWT_AUDIENCE: AUDIENCE,
    PSEUDONYM_KEY: 'p'.repeat(32),
    AUDIT_SIGNING_KEY: TEST_AUDIT_KEY,
    LOG_LEVEL: 'silent',
    ...env,
  });
}

export const now = () => Math.floor(Date.now() / 1000);

/** Standard valid claims; override or delete (undefined) any of them. */
export function claims(overrides: Record<string, unknown> = {}): JWTPayload {
  const base: Record<string, unknown> = {
    iss: ISSUER,
    aud: AUDIENCE,
    sub: 'u-42',
    iat: now(),
    exp: now() + 600,
    roles: ['sales'],
    team: 't-1',
    jti: 'jti-1',
  };
  for (const [k, v] of Object.entries(overrides)) {
    if (v === undefined) delete base[k];
    else base[k] = v;
  }
  return base as JWTPayload;
}

export async function sign(payload: JWTPayload, key: CryptoKey | Uint8Array, header: { alg: string; kid?: string }): Promise<string> {
  return new SignJWT(payload).setProtectedHeader({ typ: 'JWT', ...header }).sign(key);
}

export interface TestKeyPair {
  readonly alg: string;
  readonly kid: string;
  readonly privateKey: CryptoKey;
  readonly publicKey: CryptoKey;
  readonly publicJwk: JWK;
  readonly publicPem: string;
}

export async function keyPair(alg: 'RS256' | 'ES256', kid: string): Promise<TestKeyPair> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
  return { alg, kid, privateKey, publicKey, publicJwk, publicPem: await exportSPKI(publicKey) };
}

export interface JwksServer {
  readonly url: string;
  keys: JWK[];
  fetches: number;
  close(): Promise<void>;
}

export async function startJwksServer(keys: JWK[]): Promise<JwksServer> {
  let server: Server;
  const state = {
    url: '',
    keys,
    fetches: 0,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  server = createServer((_req, res) => {
    state.fetches += 1;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ keys: state.keys }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/certs`;
  return state;
}

/** TokenRegistry over a Map: the verifier's contract, without a database. */
export function memoryRegistry(): TokenRegistry & { readonly tokens: Map<string, TokenInfo> } {
  const tokens = new Map<string, TokenInfo>();
  return {
    tokens,
    async record(t: NewTokenRecord) {
      tokens.set(t.jti, { ...t, reports: t.reports ?? [], networks: t.networks ?? [], createdAt: new Date(), revokedAt: null, lastUsedAt: null, lastUsedFrom: null });
    },
    async revoke(jti) {
      const t = tokens.get(jti);
      if (!t) return false;
      if (!t.revokedAt) tokens.set(jti, { ...t, revokedAt: new Date() });
      return true;
    },
    async list() {
      return [...tokens.values()];
    },
    async isActive(jti) {
      const t = tokens.get(jti);
      return t !== undefined && t.revokedAt === null && t.expiresAt.getTime() > Date.now();
    },
    async lookup(jti) {
      const t = tokens.get(jti);
      return t !== undefined && t.revokedAt === null && t.expiresAt.getTime() > Date.now() ? { reports: t.reports, networks: t.networks, lastUsedAt: t.lastUsedAt } : null;
    },
    async touch(jti, at, from) {
      const t = tokens.get(jti);
      if (t) tokens.set(jti, { ...t, lastUsedAt: at, lastUsedFrom: from });
    },
  };
}
