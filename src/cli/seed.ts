// `crm-gateway seed`: loads the deterministic synthetic CRM data set into any MongoDB.
import { MongoClient, MongoServerError } from 'mongodb';
import { EXIT_FAILURE, EXIT_OK, parseFlags, parsePositiveInt, usageError } from './command';
import { DEFAULT_CUSTOMERS, DEFAULT_SEED, SEED_COLLECTIONS, SeedTargetNotEmptyError, seedDatabase } from '../data/seed';
import { startProgress } from './progress';

const MAX_CUSTOMERS = 5_000_000;

const USAGE = `usage: crm-gateway seed --uri URI [--db NAME] [--customers N] [--seed S] [--drop]

Loads the synthetic CRM data set (users, customers, deals, interactions) into a MongoDB database
and prints how many documents each collection received. The same seed gives the same documents.

options:
  --uri URI        MongoDB connection string (mongodb:// or mongodb+srv://), required
  --db NAME        database name (default crm)
  --customers N    number of customers, 1 to ${MAX_CUSTOMERS} (default ${DEFAULT_CUSTOMERS})
  --seed S         generator seed, a positive integer (default ${DEFAULT_SEED})
  --drop           drop the four collections first; without it they must be empty
  -h, --help       show this help`;

const FLAGS = {
  uri: { type: 'string' },
  db: { type: 'string' },
  customers: { type: 'string' },
  seed: { type: 'string' },
  drop: { type: 'boolean' },
} as const;

// MongoDB database names: no path or namespace separators, at most 63 bytes.
const DB_NAME = /^[^/\\. "$*<>:|?\0]{1,63}$/;
const MONGODB_SCHEME = /^mongodb(\+srv)?:\/\//;

export async function run(argv: string[]): Promise<number> {
  const parsed = parseFlags(argv, FLAGS, USAGE);
  if ('exitCode' in parsed) return parsed.exitCode;
  const { values } = parsed;

  const uri = values.uri;
  if (uri === undefined) return usageError('--uri is required', USAGE);
  if (!MONGODB_SCHEME.test(uri)) return usageError('--uri must start with mongodb:// or mongodb+srv://', USAGE);
  const dbName = values.db ?? 'crm';
  if (!DB_NAME.test(dbName)) return usageError(`--db is not a valid database name: "${dbName}"`, USAGE);
  const customers = parsePositiveInt(values.customers, '--customers', DEFAULT_CUSTOMERS, MAX_CUSTOMERS);
  if (typeof customers === 'string') return usageError(customers, USAGE);
  const seed = parsePositiveInt(values.seed, '--seed', DEFAULT_SEED);
  if (typeof seed === 'string') return usageError(seed, USAGE);

  let client: MongoClient;
  try {
    client = new MongoClient(uri, { serverSelectionTimeoutMS: 3_000, appName: 'crm-gateway seed' });
  } catch (err) {
    return usageError(`--uri is not a valid connection string: ${describeError(err, uri)}`, USAGE);
  }
  try {
    await client.connect();
    const progress = startProgress({ label: 'seed', unit: 'customers', total: customers });
    const counts = await seedDatabase(client.db(dbName), { seed, customers, drop: values.drop ?? false, onProgress: (done) => progress.update(done) }).finally(() =>
      progress.stop(),
    );
    console.log(`seeded database "${dbName}" (seed ${seed}):`);
    for (const name of SEED_COLLECTIONS) console.log(`  ${name.padEnd(13)}${String(counts[name]).padStart(10)}`);
    return EXIT_OK;
  } catch (err) {
    const where = `cannot load data into MongoDB at ${hostsOf(uri)}`;
    console.error(`crm-gateway seed: ${err instanceof SeedTargetNotEmptyError ? err.message : `${where}: ${describeError(err, uri)}`}`);
    return EXIT_FAILURE;
  } finally {
    await client.close().catch(() => undefined);
  }
}

/** The host list of a connection string, without credentials, path or options. */
function hostsOf(uri: string): string {
  return /^mongodb(?:\+srv)?:\/\/(?:[^@/]*@)?([^/?]*)/.exec(uri)?.[1] || 'unknown host';
}

/**
 * One line describing a driver error, with the connection string's credentials blanked out and
 * no stored values: a duplicate-key message quotes the duplicated value, so only its code is kept.
 */
function describeError(err: unknown, uri: string): string {
  if (err instanceof MongoServerError && err.code === 11000) return 'duplicate key (E11000)';
  let message = (err instanceof Error ? err.message : String(err)).split('\n')[0] || 'unknown error';
  const userinfo = /^mongodb(?:\+srv)?:\/\/([^@/]*)@/.exec(uri)?.[1];
  const secrets = [uri, ...(userinfo ? [userinfo, ...userinfo.split(':')] : [])].filter((s) => s.length >= 3);
  for (const secret of secrets) {
    message = message.replaceAll(secret, '***');
    const decoded = safeDecode(secret);
    if (decoded && decoded !== secret) message = message.replaceAll(decoded, '***');
  }
  return message;
}

function safeDecode(s: string): string | null {
  try {
    return decodeURIComponent(s);
  } catch {
    return null;
  }
}
