// Environment → one validated, frozen Config. Parsed once at start-up; a bad value stops the
// process with a message naming the variable (docs/design.md, "Configuration"). Nothing reads
// process.env later. Secrets may come from files (`X_FILE`, secret-files.ts).
import { hostname } from 'node:os';
import { z } from 'zod';
import { ROLES, type Role } from '../policy/roles';
import { resolveSecretFiles } from './secret-files';

const ASYMMETRIC_ALGS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'] as const;
const SYMMETRIC_ALGS = ['HS256', 'HS384', 'HS512'] as const;

const csv = (allowed?: readonly string[]) =>
  z
    .string()
    .transform((s) =>
      s
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean),
    )
    .refine((list) => !allowed || list.every((v) => allowed.includes(v)), {
      message: `must be a comma-separated list of: ${allowed?.join(', ')}`,
    });

const duration = z
  .string()
  .regex(/^\d+(ms|s|m|h|d)$/, 'must be a duration such as 500ms, 30s, 15m, 1h or 30d')
  .transform(parseDuration);

export function parseDuration(text: string): number {
  const m = /^(\d+)(ms|s|m|h|d)$/.exec(text);
  if (!m) throw new Error(`invalid duration "${text}"`);
  const unit = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 'ms' | 's' | 'm' | 'h' | 'd'];
  return Number(m[1]) * unit;
}

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z
    .string()
    .transform((text, ctx) => {
      const port = /^\d{1,5}$/.test(text) ? Number(text) : NaN;
      if (port >= 0 && port <= 65535) return port;
      ctx.addIssue({ code: 'custom', message: `must be a port number (got ${JSON.stringify(text)})` });
      return z.NEVER;
    })
    .default(4000),
  HOST: z.string().min(1).default('127.0.0.1'),
  MONGODB_URI: z
    .string()
    .regex(/^mongodb(\+srv)?:\/\//, 'must start with mongodb:// or mongodb+srv://')
    .optional(),
  MONGODB_DB: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,63}$/, 'must be a plain database name')
    .default('crm'),
  POLICY_FILE: z.string().min(1).optional(),
  SCHEMA_DIR: z.string().min(1).optional(),
  JWT_ISSUER: z.string().min(1).optional(),
  JWT_AUDIENCE: z.string().min(1).optional(),
  JWT_JWKS_URL: z.string().url('must be an http(s) URL').optional(),
  JWT_PUBLIC_KEY: z.string().includes('BEGIN PUBLIC KEY', { message: 'must be a PEM public key (SPKI)' }).optional(),
  JWT_PRIVATE_KEY: z.string().includes('PRIVATE KEY', { message: 'must be a PEM private key (PKCS#8)' }).optional(),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters (HS256 key strength)').optional(),
  JWT_ALGORITHMS: csv([...ASYMMETRIC_ALGS, ...SYMMETRIC_ALGS]).optional(),
  JWT_ROLES_CLAIM: z
    .string()
    .regex(/^[A-Za-z0-9_:.-]+$/, 'must be a dotted claim path such as realm_access.roles')
    .default('roles'),
  JWT_CLOCK_TOLERANCE: duration.default(30_000),
  JWKS_CACHE_MAX_AGE: duration.default(600_000),
  AUDIT_MODE: z.enum(['sync', 'async', 'off']).default('sync'),
  AUDIT_INSTANCE_ID: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,64}$/, 'must be 1-64 letters, digits, dot, dash or underscore')
    .optional(),
  AUDIT_SIGNING_KEY: z.string().includes('PRIVATE KEY', { message: 'must be a PEM Ed25519 private key (PKCS#8)' }).optional(),
  AUDIT_CHECKPOINT_INTERVAL: duration.default(60_000),
  AUDIT_RETENTION: duration.optional(),
  PSEUDONYM_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
  INTROSPECTION_ROLES: csv(ROLES).default(['admin']),
  MAX_PAGE_SIZE: z.coerce.number().int().min(1).max(5000).default(1000),
  DEFAULT_PAGE_SIZE: z.coerce.number().int().min(1).max(5000).default(50),
  LOCAL_DIR: z.string().min(1).default('.local'),
  REPORTS_DIR: z.string().min(1).optional(),
  BI_MAX_ROWS: z.coerce.number().int().min(1).max(10_000_000).default(500_000),
  BI_PAGE_SIZE: z.coerce.number().int().min(1).max(5000).default(1000),
  BI_TOKEN_MAX_TTL: duration.default(90 * 86_400_000),
  EXECUTOR: z.enum(['jit', 'graphql-js']).default('jit'),
  SHUTDOWN_GRACE: duration.default(10_000),
  RATE_LIMITS: z.enum(['on', 'off']).default('on'),
  REQUEST_TIMEOUT: duration.default(30_000),
  MONGODB_MAX_TIME: duration.default(10_000),
  MAX_INFLIGHT: z.coerce.number().int().min(1).max(100_000).default(256),
  MAX_EVENT_LOOP_DELAY: duration.default(500),
  ALERT_WEBHOOK_URL: z.string().url('must be an http(s) URL').optional(),
  ALERT_WEBHOOK_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  CORS_ORIGINS: z
    .string()
    .transform((s) =>
      s
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean),
    )
    .refine((list) => list.every(isOrigin), { message: 'must be a comma-separated list of origins such as https://crm.example.com (scheme, host and port only; no "*")' })
    .default([]),
  SANDBOX: z.enum(['on', 'off']).optional(),
  TRUSTED_DOCUMENTS: z.enum(['off', 'allow', 'require']).default('off'),
  TRUSTED_DOCUMENTS_FILE: z.string().min(1).optional(),
  ENCRYPTION_MASTER_KEY: z
    .string()
    .refine((v) => /^[A-Za-z0-9+/]+={0,2}$/.test(v) && Buffer.from(v, 'base64').length === 96, 'must be 96 bytes, base64-encoded (a local KMS master key)')
    .optional(),
  ENCRYPTION_MASTER_KEY_FILE: z.string().min(1).optional(),
  ENCRYPTION_KEY_VAULT: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,63}\.[A-Za-z0-9_.-]{1,200}$/, 'must be a namespace db.collection, e.g. encryption.__keyVault')
    .default('encryption.__keyVault'),
  TLS_CERT_FILE: z.string().min(1).optional(),
  TLS_KEY_FILE: z.string().min(1).optional(),
  TLS_CLIENT_CA_FILE: z.string().min(1).optional(),
  TRUST_PROXY_TLS: z.enum(['0', '1', 'false', 'true']).default('0'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  OTEL_EXPORTER_OTLP_ENDPOINT: z.string().url('must be an http(s) URL such as http://otel-collector:4318').optional(),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: z.string().url('must be an http(s) URL such as http://otel-collector:4318/v1/traces').optional(),
  OTEL_SERVICE_NAME: z.string().min(1).default('crm-gateway'),
});

function isOrigin(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === text;
  } catch {
    return false;
  }
}

export type JwtSource = { kind: 'jwks'; url: string } | { kind: 'publicKey'; pem: string } | { kind: 'secret'; secret: string } | { kind: 'dev' }; // a local key generated under LOCAL_DIR; only without MONGODB_URI

/** Where the local KMS master key comes from; read (and its length checked) at start-up. */
export type MasterKeySource = { kind: 'env'; base64: string } | { kind: 'file'; path: string };

export interface TlsFiles {
  readonly certFile: string;
  readonly keyFile: string;
  /** Client certificates signed by this CA are required when set. */
  readonly clientCaFile: string | null;
}

export interface Config {
  readonly mode: 'dev' | 'production';
  readonly nodeEnv: 'development' | 'production' | 'test';
  readonly http: {
    readonly port: number;
    readonly host: string;
    /** On SIGTERM: open requests get half of this to finish, then are cut; the process is gone by its end. */
    readonly shutdownGraceMs: number;
    /** Each request's deadline: 504 DEADLINE_EXCEEDED when it passes. */
    readonly requestTimeoutMs: number;
    /** Cap of every MongoDB command's maxTimeMS (what is left of the request's time, at most this). */
    readonly mongoMaxTimeMs: number;
    /** Load shedding: 503 OVERLOADED beyond this many requests in flight, or this much event-loop delay. */
    readonly maxInFlight: number;
    readonly maxEventLoopDelayMs: number;
    /** HTTPS when set; otherwise plain HTTP, which production accepts only with trustProxyTls. */
    readonly tls: TlsFiles | null;
    /** A TLS-terminating proxy is in front (TRUST_PROXY_TLS=1). */
    readonly trustProxyTls: boolean;
  };
  readonly encryption: {
    readonly masterKey: MasterKeySource | null;
    /** Key-vault namespace, db.collection. */
    readonly keyVault: string;
  };
  readonly mongo: { readonly uri: string | null; readonly db: string };
  readonly policyFile: string | null;
  /** Folder of the SDL files (default: the repository's schema/); where @source mappings live. */
  readonly schemaDir: string | null;
  readonly jwt: {
    readonly source: JwtSource;
    readonly issuer: string;
    readonly audience: string;
    readonly algorithms: readonly string[];
    readonly rolesClaim: string;
    readonly clockToleranceMs: number;
    readonly jwksCacheMaxAgeMs: number;
    readonly privateKeyPem: string | null;
  };
  readonly audit: {
    /** sync: a response with sensitive data waits for its records to be durable; async: it does not; off: development only. */
    readonly mode: 'sync' | 'async' | 'off';
    /** Names this instance's hash chain; stable across restarts so the chain continues. */
    readonly instanceId: string;
    readonly signingKeyPem: string | null;
    readonly checkpointIntervalMs: number;
    /** Records older than this may be deleted (null: keep forever). */
    readonly retentionMs: number | null;
  };
  readonly pseudonymKey: string | null;
  readonly introspectionRoles: readonly Role[];
  readonly pages: { readonly max: number; readonly default: number };
  readonly localDir: string;
  /** Where bulk-access alerts are POSTed, signed with the secret (null: ledger, metric and log only). */
  readonly alerts: { readonly webhookUrl: string | null; readonly webhookSecret: string | null };
  /** Per-principal and failed-authentication rate limits (off only outside production: benchmarks). */
  readonly rateLimits: boolean;
  readonly bi: {
    /** Folder of the registered reports (default: the repository's reports/). */
    readonly reportsDir: string | null;
    /** Rows one response may carry; a larger whole result is refused with 413, never truncated. */
    readonly maxRows: number;
    /** Rows per execution of a paged report and per `?cursor=` response (at most MAX_PAGE_SIZE). */
    readonly pageSize: number;
    /** Longest lifetime `token issue --kind bi` accepts. */
    readonly tokenMaxTtlMs: number;
  };
  /** How operations execute: graphql-jit (compiled, default) or graphql-js. */
  readonly executor: 'jit' | 'graphql-js';
  readonly logLevel: string;
  /** OpenTelemetry traces over OTLP/HTTP; null: tracing off and its SDK never loaded. */
  readonly tracing: { readonly endpoint: string; readonly serviceName: string } | null;
  /** Browser origins allowed by CORS; dev mode also allows loopback origins on any port. */
  readonly cors: { readonly origins: readonly string[]; readonly allowLoopback: boolean };
  /** The Apollo Sandbox landing page: on in dev mode, off in production unless SANDBOX=on. */
  readonly sandbox: boolean;
  /** Which documents may run; the manifest is GraphQL Code Generator's persisted-documents.json. */
  readonly trustedDocuments: { readonly mode: 'off' | 'allow' | 'require'; readonly file: string | null };
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const DEV_ISSUER = 'crm-gateway-dev';
const DEFAULT_AUDIENCE = 'crm-gateway';

/** Parses the environment; throws ConfigError listing every problem with the variable's name. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const fromFiles = resolveSecretFiles(env);
  if (fromFiles.problems.length > 0) throw new ConfigError(fromFiles.problems);
  const cleaned = Object.fromEntries(Object.entries(fromFiles.env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${String(i.path[0] ?? 'environment')}: ${i.message}`));
  }
  const e = parsed.data;
  const problems: string[] = [];

  const sources = [e.JWT_JWKS_URL, e.JWT_PUBLIC_KEY, e.JWT_SECRET].filter((s) => s !== undefined);
  if (sources.length > 1) problems.push('JWT_JWKS_URL, JWT_PUBLIC_KEY, JWT_SECRET: set exactly one token verification source');

  let source: JwtSource;
  if (e.JWT_JWKS_URL) source = { kind: 'jwks', url: e.JWT_JWKS_URL };
  else if (e.JWT_PUBLIC_KEY) source = { kind: 'publicKey', pem: e.JWT_PUBLIC_KEY };
  else if (e.JWT_SECRET) source = { kind: 'secret', secret: e.JWT_SECRET };
  else source = { kind: 'dev' };

  const mode: Config['mode'] = source.kind === 'dev' && !e.MONGODB_URI && e.NODE_ENV !== 'production' ? 'dev' : 'production';
  if (source.kind === 'dev' && mode === 'production') {
    problems.push('JWT_JWKS_URL / JWT_PUBLIC_KEY / JWT_SECRET: production mode (MONGODB_URI or NODE_ENV=production set) requires a real token verification key');
  }
  if (mode === 'production' && !e.PSEUDONYM_KEY) {
    problems.push('PSEUDONYM_KEY: required in production mode (keyed tokens must not use a development key)');
  }
  if (mode === 'production' && source.kind !== 'dev' && !e.JWT_ISSUER) problems.push('JWT_ISSUER: required when a verification key is configured');
  if (mode === 'production' && source.kind !== 'dev' && !e.JWT_AUDIENCE) problems.push('JWT_AUDIENCE: required when a verification key is configured');

  const defaultAlgs = source.kind === 'secret' ? ['HS256'] : source.kind === 'dev' ? ['ES256'] : ['RS256', 'ES256', 'EdDSA'];
  const algorithms = e.JWT_ALGORITHMS ?? defaultAlgs;
  // HS/RS confusion: a symmetric algorithm must never be accepted with a public-key source, and
  // vice versa, or a public key could be used as an HMAC secret.
  const symmetric = algorithms.filter((a) => (SYMMETRIC_ALGS as readonly string[]).includes(a));
  if (source.kind === 'secret' && symmetric.length !== algorithms.length) problems.push('JWT_ALGORITHMS: only HS256/HS384/HS512 may be used with JWT_SECRET');
  if (source.kind !== 'secret' && symmetric.length > 0) problems.push('JWT_ALGORITHMS: HS* algorithms need JWT_SECRET; they are refused with public keys');
  if (algorithms.length === 0) problems.push('JWT_ALGORITHMS: must name at least one algorithm');
  // Auditing may be switched off only where no real data is served: the embedded store, not
  // NODE_ENV=production (benchmarks compare sync/async/off on the embedded store).
  if (e.AUDIT_MODE === 'off' && (e.MONGODB_URI || e.NODE_ENV === 'production'))
    problems.push('AUDIT_MODE: "off" is for development and benchmarks on the embedded store only; with MONGODB_URI or NODE_ENV=production use sync or async');
  if (mode === 'production' && !e.AUDIT_SIGNING_KEY) problems.push('AUDIT_SIGNING_KEY: required in production mode (audit checkpoints must be signed with a real key)');
  if (e.ALERT_WEBHOOK_URL && !e.ALERT_WEBHOOK_SECRET) problems.push('ALERT_WEBHOOK_SECRET: required with ALERT_WEBHOOK_URL (the receiver checks the signature)');
  if (e.RATE_LIMITS === 'off' && (e.MONGODB_URI || e.NODE_ENV === 'production')) problems.push('RATE_LIMITS: "off" is for development and benchmarks on the embedded store only');
  if (e.TRUSTED_DOCUMENTS !== 'off' && !e.TRUSTED_DOCUMENTS_FILE)
    problems.push(`TRUSTED_DOCUMENTS_FILE: required with TRUSTED_DOCUMENTS=${e.TRUSTED_DOCUMENTS} (the persisted-documents.json manifest)`);
  if (e.DEFAULT_PAGE_SIZE > e.MAX_PAGE_SIZE) problems.push('DEFAULT_PAGE_SIZE: must not exceed MAX_PAGE_SIZE');
  if (e.ENCRYPTION_MASTER_KEY && e.ENCRYPTION_MASTER_KEY_FILE) problems.push('ENCRYPTION_MASTER_KEY, ENCRYPTION_MASTER_KEY_FILE: set at most one');
  if (Boolean(e.TLS_CERT_FILE) !== Boolean(e.TLS_KEY_FILE)) problems.push('TLS_CERT_FILE, TLS_KEY_FILE: set both (certificate chain and private key) or neither');
  if (e.TLS_CLIENT_CA_FILE && !e.TLS_CERT_FILE) problems.push('TLS_CLIENT_CA_FILE: client certificates need the HTTPS listener (TLS_CERT_FILE and TLS_KEY_FILE)');
  if (e.BI_PAGE_SIZE > e.MAX_PAGE_SIZE) problems.push('BI_PAGE_SIZE: must not exceed MAX_PAGE_SIZE');
  if (e.BI_TOKEN_MAX_TTL < 60_000 || e.BI_TOKEN_MAX_TTL > 366 * 86_400_000) problems.push('BI_TOKEN_MAX_TTL: must be between 1m and 366d');

  if (problems.length > 0) throw new ConfigError(problems);

  return deepFreeze({
    mode,
    nodeEnv: e.NODE_ENV,
    http: {
      port: e.PORT,
      host: e.HOST,
      shutdownGraceMs: e.SHUTDOWN_GRACE,
      requestTimeoutMs: e.REQUEST_TIMEOUT,
      mongoMaxTimeMs: e.MONGODB_MAX_TIME,
      maxInFlight: e.MAX_INFLIGHT,
      maxEventLoopDelayMs: e.MAX_EVENT_LOOP_DELAY,
      tls: e.TLS_CERT_FILE && e.TLS_KEY_FILE ? { certFile: e.TLS_CERT_FILE, keyFile: e.TLS_KEY_FILE, clientCaFile: e.TLS_CLIENT_CA_FILE ?? null } : null,
      trustProxyTls: e.TRUST_PROXY_TLS === '1' || e.TRUST_PROXY_TLS === 'true',
    },
    encryption: {
      masterKey: e.ENCRYPTION_MASTER_KEY
        ? { kind: 'env', base64: e.ENCRYPTION_MASTER_KEY }
        : e.ENCRYPTION_MASTER_KEY_FILE
          ? { kind: 'file', path: e.ENCRYPTION_MASTER_KEY_FILE }
          : null,
      keyVault: e.ENCRYPTION_KEY_VAULT,
    },
    mongo: { uri: e.MONGODB_URI ?? null, db: e.MONGODB_DB },
    policyFile: e.POLICY_FILE ?? null,
    schemaDir: e.SCHEMA_DIR ?? null,
    jwt: {
      source,
      issuer: e.JWT_ISSUER ?? DEV_ISSUER,
      audience: e.JWT_AUDIENCE ?? DEFAULT_AUDIENCE,
      algorithms,
      rolesClaim: e.JWT_ROLES_CLAIM,
      clockToleranceMs: e.JWT_CLOCK_TOLERANCE,
      jwksCacheMaxAgeMs: e.JWKS_CACHE_MAX_AGE,
      privateKeyPem: e.JWT_PRIVATE_KEY ?? null,
    },
    audit: {
      mode: e.AUDIT_MODE,
      instanceId: e.AUDIT_INSTANCE_ID ?? defaultInstanceId(),
      signingKeyPem: e.AUDIT_SIGNING_KEY ?? null,
      checkpointIntervalMs: e.AUDIT_CHECKPOINT_INTERVAL,
      retentionMs: e.AUDIT_RETENTION ?? null,
    },
    pseudonymKey: e.PSEUDONYM_KEY ?? null,
    introspectionRoles: e.INTROSPECTION_ROLES as Role[],
    pages: { max: e.MAX_PAGE_SIZE, default: e.DEFAULT_PAGE_SIZE },
    localDir: e.LOCAL_DIR,
    rateLimits: e.RATE_LIMITS === 'on',
    alerts: { webhookUrl: e.ALERT_WEBHOOK_URL ?? null, webhookSecret: e.ALERT_WEBHOOK_SECRET ?? null },
    bi: { reportsDir: e.REPORTS_DIR ?? null, maxRows: e.BI_MAX_ROWS, pageSize: e.BI_PAGE_SIZE, tokenMaxTtlMs: e.BI_TOKEN_MAX_TTL },
    executor: e.EXECUTOR,
    logLevel: e.LOG_LEVEL,
    tracing: otlpTracesEndpoint(e.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, e.OTEL_EXPORTER_OTLP_ENDPOINT, e.OTEL_SERVICE_NAME),
    cors: { origins: e.CORS_ORIGINS, allowLoopback: mode === 'dev' },
    sandbox: e.SANDBOX === undefined ? mode === 'dev' : e.SANDBOX === 'on',
    trustedDocuments: { mode: e.TRUSTED_DOCUMENTS, file: e.TRUSTED_DOCUMENTS_FILE ?? null },
  });
}

/** The OpenTelemetry convention: a signal-specific endpoint is used as is; the base one gets /v1/traces. */
function otlpTracesEndpoint(traces: string | undefined, base: string | undefined, serviceName: string): Config['tracing'] {
  if (traces) return { endpoint: traces, serviceName };
  if (base) return { endpoint: `${base.replace(/\/+$/, '')}/v1/traces`, serviceName };
  return null;
}

function defaultInstanceId(): string {
  return (
    hostname()
      .replace(/[^A-Za-z0-9._-]/g, '-')
      .slice(0, 64) || 'gateway'
  );
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
