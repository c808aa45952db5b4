// Variant "crm-gateway": the real gateway, full pipeline (JWT verification, shield, row scope,
// masking, audit), started with startGateway and a production-like configuration: HS256
// JWT_SECRET with issuer and audience, PSEUDONYM_KEY, AUDIT_SIGNING_KEY, AUDIT_MODE sync unless
// BENCH_AUDIT_MODE says otherwise. Which role sees clear or masked values is the token's business.
// AUDIT_MODE=off (to price the audit step) passes the same validation as any deployment: it is
// accepted on the embedded store only, which is what the benchmark runs on.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { DEFAULT_POLICY_FILE } from '../../src/policy/load';
import { loadConfig, type Config } from '../../src/config/env';
import { startGateway } from '../../src/http/gateway';
import { isBenchEntry, runChild, type VariantDeps, type VariantServer } from './harness';

export type BenchAuditMode = 'sync' | 'async' | 'off';

/** The environment keys the gateway variant reads; the orchestrator fills them (bench/tokens.ts). */
export const GATEWAY_ENV_KEYS = ['JWT_SECRET', 'JWT_ISSUER', 'JWT_AUDIENCE', 'PSEUDONYM_KEY', 'AUDIT_SIGNING_KEY'] as const;

/**
 * The benchmark sends thousands of requests a minute for one admin over the same customers: with
 * the shipped policy it would be rate limited and, on long runs, degraded by the bulk-access watch.
 * Limits on: the same counting and watching, with thresholds no run reaches. Off: RATE_LIMITS=off
 * and no bulkAccess section, to price them (query-limit checks stay: they cannot be switched off).
 */
function benchPolicy(localDir: string, limits: boolean): string {
  const policy = JSON.parse(readFileSync(DEFAULT_POLICY_FILE, 'utf8'));
  if (limits) {
    for (const profile of [policy.limits.default, ...Object.values(policy.limits.roles), policy.limits.bi]) (profile as Record<string, number>).requestsPerMinute = 1_000_000;
    for (const role of Object.keys(policy.bulkAccess.roles)) policy.bulkAccess.roles[role] = 10_000_000;
  } else {
    delete policy.bulkAccess;
  }
  const file = path.join(localDir, `bench-policy-limits-${limits ? 'on' : 'off'}.json`);
  writeFileSync(file, JSON.stringify(policy));
  return file;
}

export function gatewayConfig(env: Readonly<Record<string, string | undefined>>, dbName: string, auditMode: BenchAuditMode, limits = true): Config {
  const localDir = env.BENCH_LOCAL_DIR ?? mkdtempSync(path.join(tmpdir(), 'bench-gw-'));
  mkdirSync(localDir, { recursive: true });
  return loadConfig({
    POLICY_FILE: benchPolicy(localDir, limits),
    RATE_LIMITS: limits ? 'on' : 'off',
    PORT: '0',
    HOST: '127.0.0.1',
    MONGODB_DB: dbName,
    JWT_SECRET: env.JWT_SECRET,
    JWT_ISSUER: env.JWT_ISSUER,
    JWT_AUDIENCE: env.JWT_AUDIENCE,
    PSEUDONYM_KEY: env.PSEUDONYM_KEY,
    AUDIT_SIGNING_KEY: env.AUDIT_SIGNING_KEY,
    AUDIT_MODE: auditMode,
    AUDIT_INSTANCE_ID: `bench-gateway-${auditMode}${limits ? '' : '-nolimits'}`,
    MAX_PAGE_SIZE: '1000',
    LOCAL_DIR: localDir,
    LOG_LEVEL: 'silent',
    // Loopback benchmark: the peers serve plain HTTP too.
    TRUST_PROXY_TLS: '1',
    // Load shedding stays on, at an event-loop delay no run should reach: the peers shed nothing,
    // and a 1,000-row page at 50 clients on two shared cores delays the loop past the 500 ms
    // default (every shed request would be an invalid run, not a slower one).
    MAX_EVENT_LOOP_DELAY: '10s',
  });
}

export async function startGatewayVariant({ db, env }: Pick<VariantDeps, 'db' | 'env'>): Promise<VariantServer> {
  const mode = (env.BENCH_AUDIT_MODE ?? 'sync') as BenchAuditMode;
  if (!['sync', 'async', 'off'].includes(mode)) throw new Error(`BENCH_AUDIT_MODE: unknown mode ${mode}`);
  const config = gatewayConfig(env, db.databaseName, mode, env.BENCH_LIMITS !== 'off');
  const gateway = await startGateway({ config, db, logger: pino({ level: 'silent' }) });
  return {
    url: gateway.url,
    auditRecords: () => gateway.audit.stats().committedRecords,
    close: () => gateway.close(),
  };
}

if (isBenchEntry(import.meta.url)) await runChild('gateway', startGatewayVariant);
