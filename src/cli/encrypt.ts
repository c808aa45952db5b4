// `crm-gateway encrypt --collection C [--dry-run] [--batch-size N]`: encrypts the fields the
// policy declares encrypted in an existing plain collection, in place; resumable.
import type { Command } from './command';
import { runMigration } from './migrate-command';

const USAGE = `usage: crm-gateway encrypt --collection NAME [--dry-run] [--batch-size N]

Encrypts, in place, the fields of collection NAME whose data class the policy (POLICY_FILE)
declares encrypted, in MongoDB's client-side field level encryption format, with the data keys
of the key vault (ENCRYPTION_KEY_VAULT) under the master key (ENCRYPTION_MASTER_KEY or
ENCRYPTION_MASTER_KEY_FILE). Works in batches of _id order; safe to interrupt and run again (each
value is encrypted exactly once). Ends by counting plaintext left and decrypting a sample; exits 1
if any is left. Progress goes to stderr, the summary to stdout.

options:
  --collection NAME  the collection to encrypt (e.g. customers)
  --dry-run          count what would be encrypted; write nothing
  --batch-size N     documents per batch (default 500)
  --help             show this help`;

export const run: Command['run'] = (argv) => runMigration('encrypt', argv, USAGE);
