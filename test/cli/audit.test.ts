// `crm-gateway audit …` as an operator runs it: a real process against a MongoDB holding a ledger.
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAuditVerifyKey, publicKeyPem } from '../../src/audit/keys';
import { startTestMongo, type TestMongo } from '../support/mongo';
import { TEST_AUDIT_KEY } from '../support/keys';
import { ledgerConfig, openLedger, sampleBatch } from '../audit/helpers';

const REPO = fileURLToPath(new URL('../..', import.meta.url));

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

let mongo: TestMongo;
let env: Record<string, string>;
const config = ledgerConfig({ AUDIT_INSTANCE_ID: 'gw-cli' });

function cli(args: string[], extra: Record<string, string> = {}): Promise<Result> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['bin/crm-gateway.mjs', 'audit', ...args], { cwd: REPO, env: { ...env, ...extra }, timeout: 30_000 }, (err, stdout, stderr) =>
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }),
    );
  });
}

beforeAll(async () => {
  mongo = await startTestMongo();
  const ledger = await openLedger(mongo.db(), config);
  // Three requests of two records each: c-0 c-1 | c-2 c-3 | c-4 c-5.
  for (let i = 0; i < 3; i++) await ledger.submit(sampleBatch('gw-cli', 2, { subject: 'support-7', first: 2 * i, requestId: `req-${i}` }));
  await ledger.close();
  env = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    MONGODB_URI: mongo.uri,
    MONGODB_DB: mongo.dbName,
    JWT_SECRET: 'audit-cli-secret-0123456789-abcdefghijkl',
    JWT_ISSUER: 'https://idp.test',
    JWT_AUDIENCE: 'crm-gateway-test',
    PSEUDONYM_KEY: 'test-pseudonym-key-0123456789-abcdefghij',
    AUDIT_SIGNING_KEY: TEST_AUDIT_KEY,
    LOCAL_DIR: config.localDir,
  };
});
afterAll(() => mongo?.close());

describe('crm-gateway audit', () => {
  it('export streams NDJSON without values, filtered by customer', async () => {
    const res = await cli(['export', '--since', '1h', '--customer', 'c-2']);
    expect(res.code).toBe(0);
    const lines = res.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      instanceId: 'gw-cli',
      seq: 2,
      index: 0,
      batchRecords: 2,
      requestId: 'req-1',
      subject: 'support-7',
      field: 'Customer.phone',
      documentId: 'c-2',
      customerId: 'c-2',
      level: 'partial',
      decision: 'view',
    });
    expect(lines[0].hash).toMatch(/^[0-9a-f]{64}$/);
    expect(lines[0].time).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    const all = (await cli(['export', '--since', '1h'])).stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(all.map((l) => [l.seq, l.index, l.documentId])).toEqual([
      [1, 0, 'c-0'],
      [1, 1, 'c-1'],
      [2, 0, 'c-2'],
      [2, 1, 'c-3'],
      [3, 0, 'c-4'],
      [3, 1, 'c-5'],
    ]);
    expect((await cli(['export'])).code).toBe(2);
  });

  it('verify exits 0 on an intact ledger and 1 with the first break, checked with the public key only', async () => {
    const publicFile = path.join(config.localDir, 'audit-public.pem');
    writeFileSync(publicFile, publicKeyPem(await loadAuditVerifyKey(config)));
    const ok = await cli(['verify', '--public-key', publicFile]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('chain gw-cli: OK seq 1..3 (3 batches, 6 records), 1 signed checkpoints, last at seq 3, 0 batches after it');

    await mongo
      .db()
      .collection('audit_events')
      .updateOne({ instanceId: 'gw-cli', seq: 2 }, { $set: { 'groups.0.entries.0.level': 'clear' } });
    const broken = await cli(['verify', '--public-key', publicFile]);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toMatch(/chain gw-cli: BROKEN at seq 2 \[edited\]/);
    expect(broken.stdout).toContain('1 broken');
  });
});
