// Field encryption at start-up: refuse a policy that grants rights ciphertext cannot serve, find
// the master key (required once the policy declares encrypted classes; generated under LOCAL_DIR
// in dev mode only), unwrap the data keys, and check that every declared class has its key.
// Anything missing stops start-up with a message naming the variable, class or key.
import type { Db } from 'mongodb';
import type { Logger } from 'pino';
import { ConfigError, type Config } from '../config/env';
import { PolicyError, type CompiledPolicy } from '../policy/compile';
import { encryptedRightsProblems } from '../policy/encrypted-rights';
import type { FieldMap } from '../schema/field-map';
import { createFieldCrypto, type FieldCrypto } from './field-crypto';
import { loadKeyRing, type KeyRing } from './key-ring';
import { openKeyVault } from './key-vault';
import { loadMasterKey, loadOrCreateDevMasterKey } from './master-key';

export interface FieldEncryption {
  readonly crypto: FieldCrypto;
  readonly ring: KeyRing;
}

export async function openFieldEncryption(deps: { config: Config; policy: CompiledPolicy; fieldMap: FieldMap; db: Db; logger: Logger }): Promise<FieldEncryption | null> {
  const { config, policy, logger } = deps;
  const problems = encryptedRightsProblems(policy, deps.fieldMap);
  if (problems.length > 0) throw new PolicyError(problems);

  const declared = policy.encryption.size > 0;
  let master = loadMasterKey(config.encryption.masterKey);
  if (master === null && declared) {
    if (config.mode !== 'dev') {
      throw new ConfigError(['ENCRYPTION_MASTER_KEY / ENCRYPTION_MASTER_KEY_FILE: required when the policy declares encrypted classes']);
    }
    master = loadOrCreateDevMasterKey(config.localDir);
    logger.warn({ localDir: config.localDir }, 'DEV MODE: using a development encryption master key under LOCAL_DIR/dev-keys; never use it in production');
  }
  if (master === null) return null;

  const vault = openKeyVault(deps.db.client, config.encryption.keyVault);
  await vault.ensureIndexes();
  if (config.mode === 'dev') {
    // The demo creates the data keys its policy names; production creates them with `keys create`.
    const existing = await vault.readAll(master);
    for (const [cls, ref] of policy.encryption) {
      if (ref.key.keyAltName !== undefined && !existing.altNames.has(ref.key.keyAltName)) {
        await vault.create(master, [ref.key.keyAltName]);
        logger.warn({ dataClass: cls, keyAltName: ref.key.keyAltName }, 'DEV MODE: created a data key for an encrypted class');
      }
    }
  }
  const ring = await loadKeyRing(vault, master, { onError: (err) => logger.error({ errorClass: (err as Error)?.name }, 'key vault refresh failed') });
  const missing: string[] = [];
  for (const [cls, ref] of policy.encryption) {
    if (!ring.resolve(ref.key)) {
      const name = ref.key.keyAltName !== undefined ? `alt name "${ref.key.keyAltName}"` : `id ${ref.key.keyId}`;
      missing.push(
        `encryption.classes.${cls}: no data key with ${name} in ${vault.namespace} readable with this master key (create one: crm-gateway keys create${ref.key.keyAltName !== undefined ? ` --alt-name ${ref.key.keyAltName}` : ''})`,
      );
    }
  }
  if (missing.length > 0) throw new PolicyError(missing);
  if (ring.unreadable.length > 0) logger.warn({ keys: ring.unreadable.length }, 'the key vault holds data keys this master key cannot open; values under them are withheld');
  return { crypto: createFieldCrypto(policy, ring), ring };
}
