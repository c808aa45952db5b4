// `crm-gateway keys`, `encrypt` and `decrypt` as an operator runs them, against the test MongoDB:
// data keys in MongoDB's key-vault shape, a plain collection encrypted in place (dry run first),
// a run killed with SIGKILL mid-way and resumed, the master key rotated without touching the
// documents, and `decrypt` restoring the original values.
import { Binary } from 'mongodb';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDatabase } from '../../src/data/seed';
import { realServer, startTestMongo, type TestMongo } from '../support/mongo';
import { tempDir } from '../auth/helpers';
import { ENCRYPTED_KEYS, cli, encryptionEnv, isCiphertext, newMasterKey, spawnCli } from '../encryption/helpers';

const FIELDS = ['phone', 'idNumber', 'bankCard'] as const;

async function snapshot(mongo: TestMongo) {
  const docs = await mongo
    .db()
    .collection('customers')
    .find({}, { projection: { phone: 1, idNumber: 1, bankCard: 1, name: 1 } })
    .sort({ _id: 1 })
    .toArray();
  return new Map(docs.map((d) => [String(d._id), d]));
}

// Each step runs the CLI as separate processes (several per test); on a loaded two-core machine
// one start can take many seconds, hence the generous per-test limit.
describe('keys, encrypt and decrypt', { timeout: 240_000 }, () => {
  let mongo: TestMongo;
  let env: Record<string, string>;
  let plain: Awaited<ReturnType<typeof snapshot>>;

  beforeAll(async () => {
    mongo = await startTestMongo();
    await seedDatabase(mongo.db(), { customers: 300 });
    env = encryptionEnv(mongo, newMasterKey());
    plain = await snapshot(mongo);
  });
  afterAll(() => mongo?.close());

  it('keys create makes data keys shaped like MongoDB key-vault documents; keys list shows ids and alt names only', async () => {
    for (const name of ENCRYPTED_KEYS) {
      const res = await cli(['keys', 'create', '--alt-name', name], env);
      expect(res.stderr).toBe('');
      expect(res.code).toBe(0);
      expect(res.stdout).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}\n$/);
    }
    const again = await cli(['keys', 'create', '--alt-name', 'crm-phone'], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('alt name already used');

    const doc = await mongo.client.db(mongo.dbName).collection('__keyVault').findOne({ keyAltNames: 'crm-phone' });
    expect(doc!._id).toBeInstanceOf(Binary);
    expect((doc!._id as unknown as Binary).sub_type).toBe(4);
    expect(doc!.masterKey).toEqual({ provider: 'local' });
    expect(doc!.status).toBe(0);
    expect((doc!.keyMaterial as Binary).position).toBe(16 + 96 + 16 + 32); // IV, 96 bytes padded, tag

    const list = await cli(['keys', 'list'], env);
    expect(list.code).toBe(0);
    expect(list.stdout).toContain('3 data keys');
    expect(list.stdout).toMatch(/[0-9a-f-]{36}\s+local\s+created .* alt names: crm-phone/);
    expect(list.stdout).not.toContain(env.ENCRYPTION_MASTER_KEY!.slice(0, 16));
  });

  it('encrypt --dry-run counts what it would encrypt and writes nothing', async () => {
    const res = await cli(['encrypt', '--collection', 'customers', '--dry-run'], env);
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('dry run: encrypting Customer.phone, Customer.idNumber, Customer.bankCard in customers');
    expect(res.stdout).toMatch(/300 documents scanned; would change \d+ values in 300 documents/);
    expect(await snapshot(mongo)).toEqual(plain);
  });

  it.skipIf(realServer)('encrypt killed with SIGKILL mid-way and run again encrypts every value exactly once, losing none', async () => {
    // Slow every reply down so the kill lands mid-run (fault injection: embedded store only).
    mongo.faults!.delay(15);
    const child = spawnCli(['encrypt', '--collection', 'customers', '--batch-size', '5'], env);
    let stderr = '';
    await new Promise<void>((resolve, reject) => {
      child.stderr!.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        const m = [...stderr.matchAll(/encrypt customers: (\d+)\/300/g)].at(-1);
        if (m && Number(m[1]) >= 60) {
          child.kill('SIGKILL');
          resolve();
        }
      });
      child.on('exit', () => reject(new Error(`exited before it could be killed:\n${stderr}`)));
    });
    await new Promise((resolve) => child.once('exit', resolve));
    mongo.faults!.delay(0);
    const partial = [...(await snapshot(mongo)).values()];
    const encryptedAtKill = partial.filter((d) => isCiphertext(d.phone)).length;
    expect(encryptedAtKill).toBeGreaterThan(0);
    expect(encryptedAtKill).toBeLessThan(300);

    const res = await cli(['encrypt', '--collection', 'customers', '--batch-size', '50'], env);
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('verified: 0 plaintext values left; 100 sampled documents decrypt');

    const after = await snapshot(mongo);
    expect(after.size).toBe(300);
    for (const [id, doc] of after) {
      for (const f of FIELDS) {
        if (plain.get(id)![f] === undefined || plain.get(id)![f] === null) continue;
        expect(isCiphertext(doc[f])).toBe(true);
      }
      expect(doc.name).toBe(plain.get(id)!.name);
    }
    // Exactly once: decrypting each value once gives back the original plaintext (checked by
    // `decrypt` below, which refuses nothing and leaves no ciphertext behind).
  });

  it('a second encrypt run finds nothing left to do', async () => {
    if (realServer) expect((await cli(['encrypt', '--collection', 'customers'], env)).code).toBe(0);
    const res = await cli(['encrypt', '--collection', 'customers'], env);
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('changed 0 values in 0 documents');
    expect(res.stdout).toContain('verified: 0 plaintext values left');
  });

  it('keys rotate-master rewraps every data key without touching the documents; the old master key no longer opens them', async () => {
    const before = await snapshot(mongo);
    const dir = await tempDir('crm-rotate-');
    const nextKey = newMasterKey();
    const file = path.join(dir, 'next.key');
    writeFileSync(file, `${nextKey}\n`);
    const res = await cli(['keys', 'rotate-master', '--new-key-file', file], env);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('rewrapped 3 data keys under the new master key');
    expect(await snapshot(mongo)).toEqual(before);

    const withOld = await cli(['encrypt', '--collection', 'customers'], env);
    expect(withOld.code).toBe(1);
    expect(withOld.stderr).toMatch(/encryption\.classes\.PHONE: no data key with alt name "crm-phone" .* readable with this master key/);

    // Interrupted rotations are finished by running again: keys already rewrapped are counted.
    env = { ...env, ENCRYPTION_MASTER_KEY: nextKey };
    const again = await cli(['keys', 'rotate-master', '--new-key-file', file], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('holds the current master key');
    const ok = await cli(['encrypt', '--collection', 'customers', '--dry-run'], env);
    expect(ok.code).toBe(0);
  });

  it('decrypt restores every original value', async () => {
    const res = await cli(['decrypt', '--collection', 'customers', '--batch-size', '64'], env);
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('verified: 0 encrypted values left');
    expect(await snapshot(mongo)).toEqual(plain);
  });

  it('refuses unknown collections and missing flags clearly', async () => {
    expect((await cli(['encrypt'], env)).code).toBe(2);
    const unknown = await cli(['encrypt', '--collection', 'nope'], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('collection "nope" backs no type of the schema');
    const noKey = await cli(['encrypt', '--collection', 'customers'], { ...env, ENCRYPTION_MASTER_KEY: '' });
    expect(noKey.code).toBe(1);
    expect(noKey.stderr).toContain('ENCRYPTION_MASTER_KEY / ENCRYPTION_MASTER_KEY_FILE: required');
  });
});
