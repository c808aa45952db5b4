// SIGTERM as an orchestrator sends it: the gateway ends within SHUTDOWN_GRACE even while a
// request is still executing (that request is cut), and what it already sent is in the audit
// ledger when it has gone. The gateway and the store run as separate processes, as deployed.
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { MongoClient } from 'mongodb';
import { afterEach, expect, it } from 'vitest';
import { loadSigner } from '../../src/auth/signer';
import { loadConfig } from '../../src/config/env';
import { seedDatabase } from '../../src/data/seed';
import { TEST_AUDIT_KEY } from '../support/keys';
import { TEST_AUDIENCE, TEST_ISSUER, TEST_SECRET } from '../support/gateway';

type Child = ChildProcessByStdio<null, Readable, Readable>;
const children: Child[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

function start(args: string[], env: Record<string, string>): { child: Child; output: () => string } {
  const child = spawn(process.execPath, ['bin/crm-gateway.mjs', ...args], { env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  return { child, output: () => out };
}

async function waitFor<T>(what: string, probe: () => T | null, output: () => string, ms = 45_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const found = probe();
    if (found !== null) return found;
    if (Date.now() > deadline) throw new Error(`${what} did not happen:\n${output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const exited = (child: Child) => new Promise<number | null>((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code))));

async function startGatewayOnStore(grace: string) {
  const store = start(['store', '--port', '0'], {});
  const uri = await waitFor('store start', () => /^(mongodb:\/\/[^\s"]+)$/m.exec(store.output())?.[1] ?? null, store.output);
  const client = new MongoClient(uri);
  await seedDatabase(client.db('crm'), { customers: 20 });
  const env = {
    MONGODB_URI: uri,
    JWT_SECRET: TEST_SECRET,
    JWT_ISSUER: TEST_ISSUER,
    JWT_AUDIENCE: TEST_AUDIENCE,
    PSEUDONYM_KEY: 'test-pseudonym-key-0123456789-abcdefghij',
    AUDIT_SIGNING_KEY: TEST_AUDIT_KEY,
    AUDIT_MODE: 'async',
    // Production mode refuses plain HTTP unless a TLS-terminating proxy is declared; this is loopback.
    TRUST_PROXY_TLS: '1',
    SHUTDOWN_GRACE: grace,
    PORT: '0',
    LOCAL_DIR: mkdtempSync(path.join(tmpdir(), 'shutdown-')),
    LOG_LEVEL: 'info',
  };
  const gateway = start(['serve'], env);
  const url = await waitFor('gateway start', () => /"url":"([^"]+)"/.exec(gateway.output())?.[1] ?? null, gateway.output);
  const signer = (await loadSigner(loadConfig({ ...env, LOG_LEVEL: 'silent' })))!;
  const { jwt } = await signer.issue({ sub: 'support-1', role: 'support', ttlMs: 600_000 });
  const ask = (requestId: string) =>
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${jwt}`, 'x-request-id': requestId },
      body: JSON.stringify({ query: '{ customers(first: 5) { nodes { phone } } }' }),
    });
  return { store, gateway, client, ask };
}

it('flushes the audit records of what was sent before it exits (AUDIT_MODE=async)', async () => {
  const { gateway, client, ask } = await startGatewayOnStore('10s');
  try {
    const res = await ask('sent-before-sigterm');
    expect(res.status).toBe(200);
    expect(((await res.json()) as { data: { customers: { nodes: unknown[] } } }).data.customers.nodes).toHaveLength(5);
    gateway.child.kill('SIGTERM');
    expect(await exited(gateway.child)).toBe(0);
    const batch = await client.db('crm').collection('audit_events').findOne({ requestId: 'sent-before-sigterm' });
    expect(batch).not.toBeNull();
  } finally {
    await client.close();
  }
}, 90_000);

it('ends within the grace period while a request is still executing, and cuts that request', async () => {
  const { store, gateway, client, ask } = await startGatewayOnStore('3s');
  try {
    expect((await ask('warm-up')).status).toBe(200);
    // The store stops answering: the next request waits on MongoDB and does not end by itself.
    store.child.kill('SIGSTOP');
    const open = ask('still-executing').then(
      (res) => ({ status: res.status }),
      (err: Error) => ({ cut: err.name }),
    );
    await new Promise((r) => setTimeout(r, 300));
    const signalled = Date.now();
    gateway.child.kill('SIGTERM');
    const code = await Promise.race([exited(gateway.child), new Promise<'still running'>((r) => setTimeout(() => r('still running'), 8_000))]);
    expect(code).not.toBe('still running');
    expect(Date.now() - signalled).toBeLessThan(8_000);
    expect(await open).toEqual({ cut: 'TypeError' });
  } finally {
    store.child.kill('SIGCONT');
    await client.close(true);
  }
}, 90_000);
