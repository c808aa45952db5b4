// `crm-gateway audit verify|export|prune`: check the ledger's hash chains and signed checkpoints,
// stream records as NDJSON for a SIEM, and apply the retention period now. Reads MONGODB_URI /
// MONGODB_DB, or the running dev gateway's embedded store.
import { readFile } from 'node:fs/promises';
import { exportLedger } from '../audit/export';
import { loadAuditVerifyKey } from '../audit/keys';
import { pruneLedger } from '../audit/retention';
import { formatVerifyReport, verifyLedger } from '../audit/verify';
import { parseDuration } from '../config/env';
import { EXIT_FAILURE, EXIT_OK, parseFlags, usageError, runSubcommand } from './command';
import { configOrNull, failure, withDatabase } from './database';
import { startProgress } from './progress';

const USAGE = `usage: crm-gateway audit <verify|export|prune> [options]

commands:
  verify   check every instance's hash chain and signed checkpoints; exit 1 on a break
  export   stream ledger records as NDJSON (one JSON object per line) for a SIEM
  prune    delete batches past AUDIT_RETENTION now (whole chain prefixes ending at a checkpoint)

Run \`crm-gateway audit <command> --help\` for its options.`;

const VERIFY_USAGE = `usage: crm-gateway audit verify [--instance ID] [--public-key FILE] [--json]

  --instance ID      verify one instance's chain only
  --public-key FILE  Ed25519 public key (SPKI PEM) to check checkpoint signatures with; default:
                     the public half of AUDIT_SIGNING_KEY (or of the development key)
  --json             print the report as JSON

Prints one line per chain: OK with its range (sequence numbers count ledger batches, one per
request; the records they hold are counted too) and checkpoints, or BROKEN at the first bad
sequence number with the kind of break (edited, deleted, inserted, relinked, rewritten,
truncated, checkpoint). Exits 0 when every chain is intact, 1 otherwise.`;

const EXPORT_USAGE = `usage: crm-gateway audit export --since T [--until T] [--customer ID]

  --since T      ISO 8601 time (2024-06-01, 2024-06-01T08:00:00Z) or a duration back from now (24h, 7d)
  --until T      exclusive upper bound, same forms (default: now)
  --customer ID  only records about this customer

Writes one JSON object per line to stdout, oldest first: each record with its batch's seq, its
index in the batch and the batch's record count. Records never hold values.`;

const PRUNE_USAGE = `usage: crm-gateway audit prune [--retention DURATION]

Deletes, per chain, the ledger batches up to the newest signed checkpoint older than the
retention period (AUDIT_RETENTION, or --retention such as 400d). Verification still passes
afterwards: the first remaining batch is anchored by that checkpoint.`;

export function run(argv: string[]): Promise<number> {
  return runSubcommand(argv, USAGE, 'audit', { verify, export: exportCommand, prune });
}

async function verify(argv: string[]): Promise<number> {
  const parsed = parseFlags(argv, { instance: { type: 'string' }, 'public-key': { type: 'string' }, json: { type: 'boolean' } }, VERIFY_USAGE);
  if ('exitCode' in parsed) return parsed.exitCode;
  const { instance, 'public-key': publicKeyFile, json } = parsed.values;
  const config = configOrNull();
  if (!config) return EXIT_FAILURE;
  let key: Awaited<ReturnType<typeof loadAuditVerifyKey>>;
  try {
    key = await loadAuditVerifyKey(config, publicKeyFile !== undefined ? await readFile(publicKeyFile, 'utf8') : undefined);
  } catch (err) {
    return failure(`cannot load the checkpoint key: ${(err as Error).message}`);
  }
  return withDatabase(config, async (db) => {
    const progress = startProgress({ label: 'audit verify', unit: 'batches', total: 0 });
    const report = await verifyLedger(db, key, { ...(instance !== undefined ? { instanceId: instance } : {}), onProgress: (done, total) => progress.update(done, total) }).finally(
      () => progress.stop(),
    );
    console.log(json ? JSON.stringify(report, null, 2) : formatVerifyReport(report));
    return report.ok ? EXIT_OK : EXIT_FAILURE;
  });
}

async function exportCommand(argv: string[]): Promise<number> {
  const parsed = parseFlags(argv, { since: { type: 'string' }, until: { type: 'string' }, customer: { type: 'string' } }, EXPORT_USAGE);
  if ('exitCode' in parsed) return parsed.exitCode;
  const { since, until, customer } = parsed.values;
  if (since === undefined) return usageError('--since is required', EXPORT_USAGE);
  const now = new Date();
  const sinceDate = parseTime(since, now);
  if (!sinceDate) return usageError(`--since must be an ISO 8601 time or a duration such as 24h, got "${since}"`, EXPORT_USAGE);
  const untilDate = until === undefined ? undefined : parseTime(until, now);
  if (untilDate === null) return usageError(`--until must be an ISO 8601 time or a duration such as 1h, got "${until}"`, EXPORT_USAGE);
  if (customer !== undefined && !/^[A-Za-z0-9_-]{1,64}$/.test(customer)) return usageError('--customer must be a document id', EXPORT_USAGE);
  const config = configOrNull();
  if (!config) return EXIT_FAILURE;
  return withDatabase(config, async (db) => {
    const progress = startProgress({ label: 'audit export', unit: 'batches', total: 0 });
    const n = await exportLedger(
      db,
      { since: sinceDate, ...(untilDate ? { until: untilDate } : {}), ...(customer ? { customerId: customer } : {}), onProgress: (done, total) => progress.update(done, total) },
      process.stdout,
    ).finally(() => progress.stop());
    process.stderr.write(`exported ${n} records\n`);
    return EXIT_OK;
  });
}

async function prune(argv: string[]): Promise<number> {
  const parsed = parseFlags(argv, { retention: { type: 'string' } }, PRUNE_USAGE);
  if ('exitCode' in parsed) return parsed.exitCode;
  const config = configOrNull();
  if (!config) return EXIT_FAILURE;
  let retentionMs = config.audit.retentionMs;
  if (parsed.values.retention !== undefined) {
    try {
      retentionMs = parseDuration(parsed.values.retention);
    } catch {
      return usageError(`--retention must be a duration such as 400d, got "${parsed.values.retention}"`, PRUNE_USAGE);
    }
  }
  if (retentionMs === null) return failure('no retention period: set AUDIT_RETENTION or pass --retention');
  const ms = retentionMs;
  return withDatabase(config, async (db) => {
    for (const r of await pruneLedger(db, ms, new Date())) {
      console.log(`chain ${r.instanceId}: ${r.deleted > 0 ? `deleted ${r.deleted} batches through seq ${r.throughSeq}` : 'nothing past retention at a checkpoint boundary'}`);
    }
    return EXIT_OK;
  });
}

/** ISO 8601, or a duration back from now. */
function parseTime(text: string, now: Date): Date | null {
  if (/^\d+(ms|s|m|h|d)$/.test(text)) return new Date(now.getTime() - parseDuration(text));
  if (!/^\d{4}-\d{2}-\d{2}([T ][0-9:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(text)) return null;
  const d = new Date(text);
  return Number.isNaN(d.getTime()) ? null : d;
}
