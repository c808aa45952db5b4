// Configuration and the database for CLI commands that work on the gateway's data (token, audit):
// MONGODB_URI/MONGODB_DB when set, else the running dev gateway's embedded store.
import { MongoClient, type Db } from 'mongodb';
import { readDevStoreInfo } from '../auth/dev-store-info';
import { ConfigError, loadConfig, type Config } from '../config/env';
import { EXIT_FAILURE } from './command';

export const NO_DATABASE = 'no database: set MONGODB_URI or start the dev gateway with npm start';

/** The validated config, or null after printing what is wrong with the environment. */
export function configOrNull(): Config | null {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`crm-gateway: ${err.message}`);
      return null;
    }
    throw err;
  }
}

export function failure(message: string): number {
  console.error(`crm-gateway: ${message}`);
  return EXIT_FAILURE;
}

/** Connects, runs `work` on the database and closes; one-line errors, no URI credentials echoed. */
export async function withDatabase(config: Config, work: (db: Db) => Promise<number>): Promise<number> {
  const target = config.mongo.uri ? { uri: config.mongo.uri, db: config.mongo.db } : await readDevStoreInfo(config.localDir);
  if (!target) return failure(NO_DATABASE);
  const client = new MongoClient(target.uri, { serverSelectionTimeoutMS: 5_000, connectTimeoutMS: 5_000, appName: 'crm-gateway-cli' });
  try {
    await client.connect();
  } catch {
    return failure(`cannot reach ${config.mongo.uri ? 'MONGODB_URI' : `the dev gateway's store (${target.uri})`}; is it running?`);
  }
  try {
    return await work(client.db(target.db));
  } finally {
    await client.close();
  }
}
