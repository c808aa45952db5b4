import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDataset } from '../../src/data/seed';
import { startTestMongo } from '../support/mongo';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

// Asynchronous on purpose: the embedded store may serve from this very process, so a blocking
// spawnSync would keep it from ever answering the child.
function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/crm-gateway.mjs', 'seed', ...args], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

let mongo: Awaited<ReturnType<typeof startTestMongo>>;

beforeAll(async () => {
  mongo = await startTestMongo();
});

afterAll(async () => {
  await mongo?.close();
});

describe('crm-gateway seed', () => {
  it('loads 50 customers into the given database and prints the counts', async () => {
    const { code, stdout, stderr } = await cli(['--uri', mongo.uri, '--db', mongo.dbName, '--customers', '50', '--drop']);
    expect(stderr).toBe('');
    expect(code).toBe(0);

    const expected = generateDataset({ seed: 1, customers: 50 });
    const db = mongo.db();
    expect(await db.collection('users').countDocuments()).toBe(21);
    expect(await db.collection('customers').countDocuments()).toBe(50);
    expect(await db.collection('deals').countDocuments()).toBe(expected.deals.length);
    expect(await db.collection('interactions').countDocuments()).toBe(expected.interactions.length);
    expect(stdout).toMatch(/customers\s+50\n/);
    expect(stdout).toMatch(new RegExp(`deals\\s+${expected.deals.length}\\n`));
    expect(await db.collection('customers').findOne({ _id: expected.customers[0]._id })).toEqual(expected.customers[0]);
  });

  it('refuses a second load without --drop (exit 1, one line) and replaces the data with --drop', async () => {
    const refused = await cli(['--uri', mongo.uri, '--db', mongo.dbName, '--customers', '50']);
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(refused.stderr).toContain('--drop');

    const reseeded = await cli(['--uri', mongo.uri, '--db', mongo.dbName, '--customers', '20', '--seed', '2', '--drop']);
    expect(reseeded.code).toBe(0);
    const db = mongo.db();
    expect(await db.collection('customers').countDocuments()).toBe(20);
    const first = generateDataset({ seed: 2, customers: 1 }).customers[0];
    expect(await db.collection('customers').findOne({ _id: first._id })).toEqual(first);
  });

  it('prints its usage for --help', async () => {
    const { code, stdout } = await cli(['--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('usage: crm-gateway seed --uri URI');
  });

  it.each([
    ['no --uri', []],
    ['an unknown flag', ['--uri', 'mongodb://127.0.0.1:1', '--bogus']],
    ['a non-numeric --customers', ['--uri', 'mongodb://127.0.0.1:1', '--customers', 'lots']],
    ['zero customers', ['--uri', 'mongodb://127.0.0.1:1', '--customers', '0']],
    ['a negative --seed', ['--uri', 'mongodb://127.0.0.1:1', '--seed', '-3']],
    ['a URI that is not MongoDB', ['--uri', 'http://127.0.0.1:1']],
    ['a malformed MongoDB URI', ['--uri', 'mongodb://']],
    ['an invalid database name', ['--uri', 'mongodb://127.0.0.1:1', '--db', 'a/b']],
  ])('exits 2 with the usage on stderr for %s', async (_, args) => {
    const { code, stdout, stderr } = await cli(args);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('usage: crm-gateway seed');
  });

  it('reports an unreachable server in one line, without a stack or the credentials', async () => {
    const port = await closedPort();
    const { code, stdout, stderr } = await cli(['--uri', `mongodb://seeder:hunter2secret@127.0.0.1:${port}/admin`, '--customers', '5']);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain(`127.0.0.1:${port}`);
    expect(stderr).not.toContain('hunter2secret');
    expect(stderr).not.toContain('seeder');
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});
