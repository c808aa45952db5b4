// What the encryption commands (encrypt, decrypt) share: the policy and schema as `serve` loads
// them, and the field encryption opened over the target database exactly as at start-up.
import type { Db } from 'mongodb';
import pino from 'pino';
import { resolvers } from '../../resolvers';
import { ConfigError, type Config } from '../config/env';
import { openFieldEncryption, type FieldEncryption } from '../encryption/setup';
import { PolicyError, type CompiledPolicy } from '../policy/compile';
import { loadPolicy } from '../policy/load';
import { buildSchema } from '../schema/build';
import type { FieldMap } from '../schema/field-map';
import { failure } from './database';

export interface EncryptionTarget {
  readonly policy: CompiledPolicy;
  readonly fieldMap: FieldMap;
  readonly encryption: FieldEncryption;
}

/** Opens field encryption over `db`; null after printing why it cannot be. */
export async function openEncryptionTarget(config: Config, db: Db): Promise<EncryptionTarget | null> {
  try {
    const policy = loadPolicy(config.policyFile);
    const { fieldMap } = buildSchema(resolvers, config.schemaDir ?? undefined);
    const logger = pino({ level: 'warn' }, pino.destination(2));
    const encryption = await openFieldEncryption({ config, policy, fieldMap, db, logger });
    if (!encryption) {
      failure('no encryption master key: set ENCRYPTION_MASTER_KEY or ENCRYPTION_MASTER_KEY_FILE');
      return null;
    }
    return { policy, fieldMap, encryption };
  } catch (err) {
    if (err instanceof PolicyError || err instanceof ConfigError) {
      failure(err.message);
      return null;
    }
    throw err;
  }
}
