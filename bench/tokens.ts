// Keys for one benchmark run (fresh each run, never written to disk) and the tokens the load
// generator sends, signed with the gateway's own signer (src/auth/signer.ts) as an IdP would.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { loadSigner } from '../src/auth/signer';
import { DEMO_USERS } from '../src/data/seed';
import { gatewayConfig } from './variants/gateway';

export interface BenchSecrets {
  readonly JWT_SECRET: string;
  readonly JWT_ISSUER: string;
  readonly JWT_AUDIENCE: string;
  readonly PSEUDONYM_KEY: string;
  readonly AUDIT_SIGNING_KEY: string;
}

export function createBenchSecrets(): BenchSecrets {
  return {
    JWT_SECRET: randomBytes(32).toString('base64url'),
    JWT_ISSUER: 'https://idp.bench.invalid/realms/crm',
    JWT_AUDIENCE: 'crm-gateway-bench',
    PSEUDONYM_KEY: randomBytes(32).toString('base64url'),
    AUDIT_SIGNING_KEY: generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

/** The two callers: admin sees clear values, support masked ones; both see all customers. */
export const BENCH_CALLERS = { admin: DEMO_USERS.admin, support: DEMO_USERS.support } as const;
export type BenchCaller = keyof typeof BENCH_CALLERS;

export async function signBenchTokens(secrets: BenchSecrets, ttlMs = 6 * 3_600_000): Promise<Record<BenchCaller, string>> {
  const signer = await loadSigner(gatewayConfig({ ...secrets }, 'crm', 'sync'));
  if (!signer) throw new Error('bench: the gateway configuration has no signer');
  const out = {} as Record<BenchCaller, string>;
  for (const [name, user] of Object.entries(BENCH_CALLERS) as [BenchCaller, (typeof BENCH_CALLERS)[BenchCaller]][]) {
    out[name] = (await signer.issue({ sub: user.sub, role: user.role, ttlMs })).jwt;
  }
  return out;
}
