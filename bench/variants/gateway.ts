// Variant "crm-gateway": the real gateway, full pipeline (JWT verification, shield, row scope,
// masking, audit), started with startGateway and a production-like configuration: HS256
// JWT_SECRET with issuer and audience, PSEUDONYM_KEY, AUDIT_SIGNING_KEY, AUDIT_MODE sync unless
// BENCH_AUDIT_MODE says otherwise. Which role sees clear or masked values is the token's business.
// AUDIT_MODE=off (to price the audit step) passes the same validation as any deployment: it is
// accepted on the embedded store only, which is what the benchmark runs on.
import pino from 'pino';
import { loadConfig, type Config } from '../../src/config/env';
import { startGateway } from '../../src/http/gateway';
import { isBenchEntry, runChild, type VariantDeps, type VariantServer } from './harness';

export type BenchAuditMode = 'sync' | 'async' | 'off';

/** The environment keys the gateway variant reads; the orchestrator fills them (bench/tokens.ts). */
export const GATEWAY_ENV_KEYS = ['JWT_SECRET', 'JWT_ISSUER', 'JWT_AUDIENCE', 'PSEUDONYM_KEY', 'AUDIT_SIGNING_KEY'] as const;

export function gatewayConfig(env: Readonly<Record<string, string | undefined>>, dbName: string, auditMode: BenchAuditMode): Config {
  return loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    MONGODB_DB: dbName,
    JWT_SECRET: env.JWT_SECRET,
    JWT_ISSUER: env.JWT_ISSUER,
    JWT_AUDIENCE: env.JWT_AUDIENCE,
    PSEUDONYM_KEY: env.PSEUDONYM_KEY,
    AUDIT_SIGNING_KEY: env.AUDIT_SIGNING_KEY,
    AUDIT_MODE: auditMode,
    AUDIT_INSTANCE_ID: `bench-gateway-${auditMode}`,
    MAX_PAGE_SIZE: '1000',
    LOCAL_DIR: env.BENCH_LOCAL_DIR,
    LOG_LEVEL: 'silent',
    // Loopback benchmark: the peers serve plain HTTP too.
    TRUST_PROXY_TLS: '1',
  });
}

export async function startGatewayVariant({ db, env }: Pick<VariantDeps, 'db' | 'env'>): Promise<VariantServer> {
  const mode = (env.BENCH_AUDIT_MODE ?? 'sync') as BenchAuditMode;
  if (!['sync', 'async', 'off'].includes(mode)) throw new Error(`BENCH_AUDIT_MODE: unknown mode ${mode}`);
  const config = gatewayConfig(env, db.databaseName, mode);
  const gateway = await startGateway({ config, db, logger: pino({ level: 'silent' }) });
  return {
    url: gateway.url,
    auditRecords: () => gateway.audit.stats().committedRecords,
    close: () => gateway.close(),
  };
}

if (isBenchEntry(import.meta.url)) await runChild('gateway', startGatewayVariant);
