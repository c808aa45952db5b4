// `crm-gateway alerts list` and `alerts clear --sub ID`: the open bulk-access alerts, and closing
// one after an admin has checked the case (the principal is served at its policy levels again
// from its next request, and its window starts empty). The alert records stay in the ledger.
import { createBulkAccessStore } from '../data/bulk-access-store';
import { EXIT_FAILURE, EXIT_OK, parseFlags, runSubcommand, usageError } from './command';
import { configOrNull, withDatabase } from './database';

const USAGE = `usage: crm-gateway alerts list
       crm-gateway alerts clear --sub ID

list   open bulk-access alerts (subject, role, distinct customers, threshold, window, until)
clear  close the alerts about subject ID and forget its window, once the case is checked

Uses MONGODB_URI/MONGODB_DB, or the running dev gateway's store.`;

export function run(argv: string[]): Promise<number> {
  return runSubcommand(argv, USAGE, 'alerts', { list, clear });
}

async function list(rest: string[]): Promise<number> {
  const flags = parseFlags(rest, {}, USAGE);
  if ('exitCode' in flags) return flags.exitCode;
  const config = configOrNull();
  if (!config) return EXIT_FAILURE;
  return withDatabase(config, async (db) => {
    const alerts = await (await createBulkAccessStore(db)).list(Date.now());
    if (alerts.length === 0) {
      console.log('no open alerts');
      return EXIT_OK;
    }
    for (const a of alerts) {
      console.log(
        `${a.subject}\trole=${a.role ?? 'unknown'}\tkind=${a.tokenKind}\tcustomers=${a.distinctCustomers}\tthreshold=${a.threshold}\twindow=${a.windowMinutes}m\traised=${a.raisedAt.toISOString()}\tuntil=${a.until.toISOString()}`,
      );
    }
    return EXIT_OK;
  });
}

async function clear(rest: string[]): Promise<number> {
  const flags = parseFlags(rest, { sub: { type: 'string' } }, USAGE);
  if ('exitCode' in flags) return flags.exitCode;
  const sub = flags.values.sub as string | undefined;
  if (!sub) return usageError('--sub ID is required', USAGE);
  const config = configOrNull();
  if (!config) return EXIT_FAILURE;
  return withDatabase(config, async (db) => {
    const closed = await (await createBulkAccessStore(db)).clear(sub);
    console.log(closed === 0 ? `no open alert about ${sub}; its window was reset` : `closed ${closed} alert(s) about ${sub}`);
    return EXIT_OK;
  });
}
