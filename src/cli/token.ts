// `crm-gateway token issue|revoke|list`: mint tokens with the configured signing key and manage
// BI tokens in `api_tokens`. `issue` prints the JWT and nothing else on stdout, so
// `TOKEN=$(crm-gateway token issue …)` works; everything else goes to stderr.
import { existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import path from 'node:path';
import { parseNetworks } from '../auth/networks';
import { REPORT_ID } from '../bi/definition';
import { DEFAULT_REPORTS_DIR } from '../bi/registry';
import { parseDuration, type Config } from '../config/env';
import { isRole, ROLES } from '../policy/roles';
import { loadSigner } from '../auth/signer';
import { createTokenRegistry, type TokenRegistry } from '../auth/registry';
import { EXIT_FAILURE, EXIT_OK, parseFlags, usageError, runSubcommand } from './command';
import { configOrNull, failure, withDatabase } from './database';

const USAGE = `usage: crm-gateway token <issue|revoke|list> [options]

commands:
  issue    mint a token with the configured signing key; prints only the JWT
  revoke   revoke a BI token by its jti (takes effect on the next request)
  list     list BI tokens: jti, name, role, expiry, revocation

Run \`crm-gateway token <command> --help\` for its options.`;

const ISSUE_USAGE = `usage: crm-gateway token issue --sub ID --role ROLE [--team T] [--mfa] [--kind user|bi] [--ttl 1h] [--name N]
                          [--reports ID,ID] [--cidr NET,NET]

  --sub ID        subject (user id)
  --role ROLE     one of: ${ROLES.join(', ')}
  --team T        team id (claim \`team\`; managers see their team's customers)
  --mfa           mark the token as multi-factor authenticated (amr, auth_time = now)
  --kind KIND     user (default) or bi; a BI token needs --name and role analyst, is recorded
                  in api_tokens and can be revoked with \`crm-gateway token revoke JTI\`
  --ttl DURATION  lifetime such as 15m, 1h, 30d (default 1h; required for BI tokens, at most
                  BI_TOKEN_MAX_TTL, default 90d; user tokens at most 366d)
  --name N        BI token name shown by \`token list\` (e.g. metabase)
  --reports IDS   BI tokens: comma-separated report ids the token may run (required; see
                  \`crm-gateway reports list\`)
  --cidr NETS     BI tokens: comma-separated client networks (e.g. 10.0.0.0/8,2001:db8::/32)
                  the token is accepted from; default anywhere

Prints the JWT alone on stdout. The signing key is the development key under LOCAL_DIR, or
JWT_SECRET, or JWT_PRIVATE_KEY. BI tokens are stored in MONGODB_URI/MONGODB_DB, or in the
running dev gateway's store.`;

const REVOKE_USAGE = `usage: crm-gateway token revoke JTI

Revokes the BI token with that jti. Every gateway instance refuses it from the next request on.`;

const LIST_USAGE = `usage: crm-gateway token list

Lists BI tokens recorded in api_tokens (metadata only; the JWTs themselves are never stored).`;

const MAX_TTL_MS = 366 * 86_400_000;

export function run(argv: string[]): Promise<number> {
  return runSubcommand(argv, USAGE, 'token', { issue, revoke, list });
}

async function issue(argv: string[]): Promise<number> {
  const parsed = parseFlags(
    argv,
    {
      sub: { type: 'string' },
      role: { type: 'string' },
      team: { type: 'string' },
      mfa: { type: 'boolean' },
      kind: { type: 'string' },
      ttl: { type: 'string' },
      name: { type: 'string' },
      reports: { type: 'string' },
      cidr: { type: 'string' },
    },
    ISSUE_USAGE,
  );
  if ('exitCode' in parsed) return parsed.exitCode;
  const { sub, role, team, mfa, kind = 'user', ttl, name } = parsed.values;
  const reports = splitList(parsed.values.reports);
  const networks = splitList(parsed.values.cidr);

  if (!sub) return usageError('--sub is required', ISSUE_USAGE);
  if (!role) return usageError('--role is required', ISSUE_USAGE);
  if (!isRole(role)) return usageError(`unknown role "${role}"`, ISSUE_USAGE);
  if (team !== undefined && team === '') return usageError('--team must not be empty', ISSUE_USAGE);
  if (kind !== 'user' && kind !== 'bi') return usageError(`--kind must be user or bi, got "${kind}"`, ISSUE_USAGE);
  if (kind === 'bi' && !name) return usageError('--kind bi requires --name', ISSUE_USAGE);
  if (kind === 'bi' && role !== 'analyst') return usageError('BI tokens are for role analyst only', ISSUE_USAGE);
  if (kind !== 'bi' && name !== undefined) return usageError('--name applies to --kind bi only', ISSUE_USAGE);
  if (name !== undefined && !/^[\p{L}\p{N} ._-]{1,64}$/u.test(name)) {
    return usageError('--name must be 1-64 letters, digits, spaces, dots, dashes or underscores', ISSUE_USAGE);
  }
  if (kind !== 'bi' && (reports !== null || networks !== null)) return usageError('--reports and --cidr apply to --kind bi only', ISSUE_USAGE);
  if (kind === 'bi' && (reports === null || reports.length === 0)) return usageError('--kind bi requires --reports (the report ids the token may run)', ISSUE_USAGE);
  if (kind === 'bi' && ttl === undefined) return usageError('--kind bi requires --ttl: BI tokens always expire', ISSUE_USAGE);
  if (networks !== null) {
    try {
      parseNetworks(networks);
    } catch (err) {
      return usageError(`--cidr: ${(err as Error).message}`, ISSUE_USAGE);
    }
  }
  let ttlMs: number;
  try {
    ttlMs = parseDuration(ttl ?? '1h');
  } catch {
    return usageError(`--ttl must be a duration such as 15m, 1h or 30d, got "${ttl}"`, ISSUE_USAGE);
  }
  if (ttlMs < 1000 || ttlMs > MAX_TTL_MS) return usageError('--ttl must be between 1s and 366d', ISSUE_USAGE);

  const config = configOrNull();
  if (!config) return EXIT_FAILURE;
  if (kind === 'bi' && ttlMs > config.bi.tokenMaxTtlMs) {
    return usageError(`--ttl exceeds BI_TOKEN_MAX_TTL (${Math.floor(config.bi.tokenMaxTtlMs / 86_400_000)}d)`, ISSUE_USAGE);
  }
  if (kind === 'bi') {
    const unknown = unknownReports(config, reports!);
    if (unknown.length > 0) return usageError(`--reports: no such report: ${unknown.join(', ')}`, ISSUE_USAGE);
  }
  const loadSignerOrFail = async () => {
    const signer = await loadSigner(config);
    if (!signer)
      failure('no signing key: set JWT_PRIVATE_KEY (PKCS#8 PEM) or JWT_SECRET to issue tokens; with JWT_JWKS_URL or JWT_PUBLIC_KEY alone, tokens come from the identity provider');
    return signer;
  };

  if (kind === 'user') {
    const signer = await loadSignerOrFail();
    if (!signer) return EXIT_FAILURE;
    const issued = await signer.issue({ sub, role, ttlMs, ...(team !== undefined ? { team } : {}), ...(mfa ? { mfa } : {}) });
    process.stdout.write(`${issued.jwt}\n`);
    return EXIT_OK;
  }

  return withRegistry(config, async (registry) => {
    const signer = await loadSignerOrFail();
    if (!signer) return EXIT_FAILURE;
    const issued = await signer.issue({ sub, role, ttlMs, kind: 'bi', name: name as string, ...(team !== undefined ? { team } : {}), ...(mfa ? { mfa } : {}) });
    // Recorded before it is printed: a token the registry does not know would never verify.
    await registry.record({
      jti: issued.jti,
      name: name as string,
      subject: sub,
      role,
      scopes: [],
      expiresAt: new Date(issued.expiresAt * 1000),
      createdBy: createdBy(),
      reports: reports!,
      networks: networks ?? [],
    });
    process.stdout.write(`${issued.jwt}\n`);
    process.stderr.write(`recorded BI token ${issued.jti} (${name}) for reports ${reports!.join(', ')}, expires ${new Date(issued.expiresAt * 1000).toISOString()}\n`);
    return EXIT_OK;
  });
}

async function revoke(argv: string[]): Promise<number> {
  const parsed = parseFlags(argv, {}, REVOKE_USAGE, true);
  if ('exitCode' in parsed) return parsed.exitCode;
  if (parsed.positionals.length !== 1 || !parsed.positionals[0]) return usageError('expected exactly one JTI', REVOKE_USAGE);
  const jti = parsed.positionals[0];
  const config = configOrNull();
  if (!config) return EXIT_FAILURE;
  return withRegistry(config, async (registry) => {
    if (!(await registry.revoke(jti))) return failure(`no BI token with jti ${jti}`);
    console.log(`revoked ${jti}`);
    return EXIT_OK;
  });
}

async function list(argv: string[]): Promise<number> {
  const parsed = parseFlags(argv, {}, LIST_USAGE);
  if ('exitCode' in parsed) return parsed.exitCode;
  const config = configOrNull();
  if (!config) return EXIT_FAILURE;
  return withRegistry(config, async (registry) => {
    const tokens = await registry.list();
    if (tokens.length === 0) {
      console.log('no BI tokens');
      return EXIT_OK;
    }
    const now = Date.now();
    const rows = tokens.map((t) => [
      t.jti,
      t.name,
      t.role,
      `${t.expiresAt.toISOString()}${t.expiresAt.getTime() <= now ? ' (expired)' : ''}`,
      t.revokedAt ? t.revokedAt.toISOString() : 'no',
      t.reports.join(',') || '-',
      t.networks.join(',') || 'any',
      t.lastUsedAt ? `${t.lastUsedAt.toISOString()} ${t.lastUsedFrom ?? ''}`.trim() : 'never',
    ]);
    console.log(table(['JTI', 'NAME', 'ROLE', 'EXPIRES', 'REVOKED', 'REPORTS', 'NETWORKS', 'LAST USED'], rows));
    return EXIT_OK;
  });
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

/** A registry on MONGODB_URI/MONGODB_DB when set, else on the running dev gateway's store. */
function withRegistry(config: Config, work: (registry: TokenRegistry) => Promise<number>): Promise<number> {
  return withDatabase(config, (db) => work(createTokenRegistry(db)));
}

function splitList(value: string | undefined): string[] | null {
  if (value === undefined) return null;
  return value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
}

/** Report ids not in the report folder the gateway would load (REPORTS_DIR or the shipped one). */
function unknownReports(config: Config, ids: readonly string[]): string[] {
  const dir = config.bi.reportsDir ?? DEFAULT_REPORTS_DIR;
  return ids.filter((id) => !REPORT_ID.test(id) || !existsSync(path.join(dir, `${id}.json`)));
}

function createdBy(): string {
  try {
    return `cli:${userInfo().username}`;
  } catch {
    return 'cli';
  }
}
