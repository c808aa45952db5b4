// `crm-gateway keys create|list|rotate-master`: the data keys in the key vault
// (ENCRYPTION_KEY_VAULT, MongoDB's document shape) under the local master key. Output names key
// ids and alt names only; key material never leaves the process.
import { ConfigError, type Config } from '../config/env';
import { openKeyVault } from '../encryption/key-vault';
import { loadMasterKey, loadOrCreateDevMasterKey, readMasterKeyFile } from '../encryption/master-key';
import { EXIT_FAILURE, EXIT_OK, parseFlags, runSubcommand, usageError } from './command';
import { configOrNull, failure, withDatabase } from './database';

const USAGE = `usage: crm-gateway keys <command>

commands:
  create [--alt-name NAME]...    create a data key (96 random bytes wrapped by the master key);
                                 prints its id. Name it in the policy's encryption section by
                                 keyId or keyAltName.
  list                           list the data keys: id, alt names, KMS provider, dates
  rotate-master --new-key-file F rewrap every data key under the new master key in file F
                                 (96 bytes, base64; e.g. openssl rand -base64 96); documents are
                                 not touched. Safe to run again if interrupted. Then set
                                 ENCRYPTION_MASTER_KEY(_FILE) to the new key everywhere.

The key vault is ENCRYPTION_KEY_VAULT (default encryption.__keyVault) in MONGODB_URI (or the dev
gateway's store); the master key is ENCRYPTION_MASTER_KEY or ENCRYPTION_MASTER_KEY_FILE.`;

export function run(argv: string[]): Promise<number> {
  return runSubcommand(argv, USAGE, 'keys', { create, list, 'rotate-master': rotateMaster });
}

function masterKeyOf(config: Config): Buffer | null {
  try {
    const key = loadMasterKey(config.encryption.masterKey);
    if (key) return key;
    if (config.mode === 'dev') return loadOrCreateDevMasterKey(config.localDir);
    failure('no encryption master key: set ENCRYPTION_MASTER_KEY or ENCRYPTION_MASTER_KEY_FILE');
    return null;
  } catch (err) {
    if (err instanceof ConfigError) {
      failure(err.message);
      return null;
    }
    throw err;
  }
}

async function create(rest: string[]): Promise<number> {
  const flags = parseFlags(rest, { 'alt-name': { type: 'string', multiple: true } }, USAGE);
  if ('exitCode' in flags) return flags.exitCode;
  const config = configOrNull();
  if (!config) return EXIT_FAILURE;
  const master = masterKeyOf(config);
  if (!master) return EXIT_FAILURE;
  const altNames = (flags.values['alt-name'] as string[] | undefined) ?? [];
  return withDatabase(config, async (db) => {
    const vault = openKeyVault(db.client, config.encryption.keyVault);
    await vault.ensureIndexes();
    const taken = (await vault.list()).filter((k) => k.keyAltNames.some((n) => altNames.includes(n)));
    if (taken.length > 0) return failure(`alt name already used by data key ${taken[0]!.id}`);
    console.log(await vault.create(master, altNames));
    return EXIT_OK;
  });
}

async function list(rest: string[]): Promise<number> {
  const flags = parseFlags(rest, {}, USAGE);
  if ('exitCode' in flags) return flags.exitCode;
  const config = configOrNull();
  if (!config) return EXIT_FAILURE;
  return withDatabase(config, async (db) => {
    const vault = openKeyVault(db.client, config.encryption.keyVault);
    const keys = await vault.list();
    console.log(`${keys.length} data keys in ${vault.namespace}`);
    for (const k of keys) {
      console.log(
        `${k.id}  ${k.provider.padEnd(5)}  created ${k.creationDate?.toISOString() ?? '-'}  updated ${k.updateDate?.toISOString() ?? '-'}  ${k.keyAltNames.length > 0 ? `alt names: ${k.keyAltNames.join(', ')}` : ''}`.trimEnd(),
      );
    }
    return EXIT_OK;
  });
}

async function rotateMaster(rest: string[]): Promise<number> {
  const flags = parseFlags(rest, { 'new-key-file': { type: 'string' } }, USAGE);
  if ('exitCode' in flags) return flags.exitCode;
  const file = flags.values['new-key-file'] as string | undefined;
  if (!file) return usageError('--new-key-file is required', USAGE);
  const config = configOrNull();
  if (!config) return EXIT_FAILURE;
  const master = masterKeyOf(config);
  if (!master) return EXIT_FAILURE;
  let next: Buffer;
  try {
    next = readMasterKeyFile(file, '--new-key-file');
  } catch (err) {
    if (err instanceof ConfigError) return failure(err.message);
    throw err;
  }
  if (next.equals(master)) return failure('--new-key-file holds the current master key');
  return withDatabase(config, async (db) => {
    const vault = openKeyVault(db.client, config.encryption.keyVault);
    try {
      const { rewrapped, alreadyRotated } = await vault.rotateMaster(master, next);
      console.log(`rewrapped ${rewrapped} data keys under the new master key${alreadyRotated > 0 ? `; ${alreadyRotated} already were` : ''}`);
      console.log('now set ENCRYPTION_MASTER_KEY (or ENCRYPTION_MASTER_KEY_FILE) to the new key on every gateway instance');
      return EXIT_OK;
    } catch (err) {
      return failure((err as Error).message);
    }
  });
}
