// `crm-gateway decrypt --collection C [--dry-run] [--batch-size N]`: reverses `encrypt`.
import type { Command } from './command';
import { runMigration } from './migrate-command';

const USAGE = `usage: crm-gateway decrypt --collection NAME [--dry-run] [--batch-size N]

Decrypts, in place, every encrypted value of the classified fields of collection NAME (the
reverse of crm-gateway encrypt), with the same key vault and master key. Resumable; values that
do not decrypt are reported and left as they are. Serve with a policy that no longer declares
those classes encrypted afterwards, or new writes will be encrypted again.

options:
  --collection NAME  the collection to decrypt
  --dry-run          count what would be decrypted; write nothing
  --batch-size N     documents per batch (default 500)
  --help             show this help`;

export const run: Command['run'] = (argv) => runMigration('decrypt', argv, USAGE);
