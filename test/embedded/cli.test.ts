// `crm-gateway store`: prints its connection string, serves the driver, stops on SIGINT.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import { describe, expect, it } from 'vitest';

const BIN = path.resolve(__dirname, '../../bin/crm-gateway.mjs');

function runCli(args: string[]) {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, out: () => stdout, err: () => stderr };
}

describe('crm-gateway store', () => {
  it('prints the connection string, serves the driver and exits 0 on SIGINT', async () => {
    const cli = runCli(['store', '--port', '0']);
    const deadline = Date.now() + 20_000;
    let uri: string | undefined;
    while (!uri && Date.now() < deadline) {
      uri = cli.out().match(/mongodb:\/\/127\.0\.0\.1:\d+/)?.[0];
      if (!uri) await new Promise((r) => setTimeout(r, 50));
    }
    expect(uri, cli.err()).toBeDefined();
    const client = new MongoClient(uri!, { serverSelectionTimeoutMS: 3000 });
    await client.db('cli').collection('c').insertOne({ a: 1 });
    expect(await client.db('cli').collection('c').countDocuments()).toBe(1);
    await client.close();
    cli.child.kill('SIGINT');
    expect(await cli.exited).toBe(0);
  });

  it('rejects a bad --port with the usage and exit code 2', async () => {
    const cli = runCli(['store', '--port', 'abc']);
    expect(await cli.exited).toBe(2);
    expect(cli.err()).toContain('--port must be a whole number');
    expect(cli.err()).toContain('usage: crm-gateway store');
  });

  it('rejects an unknown flag with exit code 2', async () => {
    const cli = runCli(['store', '--bogus']);
    expect(await cli.exited).toBe(2);
    expect(cli.err()).toContain('usage: crm-gateway store');
  });
});
