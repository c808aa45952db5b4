// `crm-gateway encrypt` and `crm-gateway decrypt`: one runner, two directions (src/encryption/migrate.ts).
import { EncryptionUnavailableError } from '../encryption/field-crypto';
import { fieldsOf, migrate, verify, type Direction } from '../encryption/migrate';
import { EXIT_FAILURE, EXIT_OK, parseFlags, parsePositiveInt, usageError } from './command';
import { configOrNull, failure, withDatabase } from './database';
import { openEncryptionTarget } from './field-encryption';
import { createProgress } from './progress';

const DEFAULT_BATCH = 500;

export async function runMigration(direction: Direction, argv: string[], usage: string): Promise<number> {
  const flags = parseFlags(argv, { collection: { type: 'string' }, 'dry-run': { type: 'boolean' }, 'batch-size': { type: 'string' } }, usage);
  if ('exitCode' in flags) return flags.exitCode;
  const name = flags.values.collection as string | undefined;
  if (!name) return usageError('--collection is required', usage);
  const batchSize = parsePositiveInt(flags.values['batch-size'] as string | undefined, '--batch-size', DEFAULT_BATCH, 100_000);
  if (typeof batchSize === 'string') return usageError(batchSize, usage);
  const dryRun = flags.values['dry-run'] === true;
  const config = configOrNull();
  if (!config) return EXIT_FAILURE;

  return withDatabase(config, async (db) => {
    const target = await openEncryptionTarget(config, db);
    if (!target) return EXIT_FAILURE;
    const { fieldMap, encryption } = target;
    const known = [...fieldMap.types.values()].map((t) => t.collection);
    if (!known.includes(name)) return failure(`collection "${name}" backs no type of the schema (known: ${[...new Set(known)].join(', ')})`);
    const fields = fieldsOf(fieldMap, name, encryption.crypto, direction);
    if (fields.length === 0) return failure(`no ${direction === 'encrypt' ? 'encrypted' : 'classified'} field is stored in "${name}" (see the policy's encryption section)`);
    const collection = db.collection(name);
    console.log(`${dryRun ? 'dry run: ' : ''}${direction}ing ${fields.map((f) => f.coordinate).join(', ')} in ${name}`);

    const progress = createProgress(`${direction} ${name}`);
    let result: Awaited<ReturnType<typeof migrate>>;
    try {
      result = await migrate({ collection, fields, crypto: encryption.crypto, direction, batchSize, dryRun, onProgress: (done, total) => progress.update(done, total) });
    } catch (err) {
      progress.stop();
      if (err instanceof EncryptionUnavailableError) return failure(err.message);
      throw err;
    }
    progress.stop();
    const verb = dryRun ? 'would change' : 'changed';
    console.log(`${result.scanned} documents scanned; ${verb} ${result.values} values in ${result.documents} documents`);
    if (result.undecryptable > 0) console.log(`${result.undecryptable} values did not decrypt (tampered or under an unknown key) and were left as they are`);
    if (dryRun) return EXIT_OK;
    const check = await verify({ collection, fields, crypto: encryption.crypto, direction, sampleSize: 100 });
    const left = direction === 'encrypt' ? 'plaintext' : 'encrypted';
    console.log(
      `verified: ${check.remaining} ${left} values left${direction === 'encrypt' ? `; ${check.sampled} sampled documents decrypt${check.sampleFailures > 0 ? ` with ${check.sampleFailures} failures` : ''}` : ''}`,
    );
    if (result.skippedConcurrent > 0) console.log(`${result.skippedConcurrent} documents changed while running; run the command again to finish them`);
    return check.remaining === 0 && check.sampleFailures === 0 ? EXIT_OK : EXIT_FAILURE;
  });
}
