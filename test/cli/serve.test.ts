// The README's quick start: `npm start` (crm-gateway serve) with no configuration starts the
// gateway on the embedded store with demo data and prints a working token per demo role.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';

it('serve in dev mode prints demo tokens that work, and stops cleanly on SIGTERM', async () => {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, PORT: '0', LOCAL_DIR: mkdtempSync(path.join(tmpdir(), 'serve-')), LOG_LEVEL: 'warn' };
  const child = spawn(process.execPath, ['bin/crm-gateway.mjs', 'serve'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  try {
    const deadline = Date.now() + 45_000;
    while (!/auditor .*\n\s+(\S+)/.test(out)) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`serve did not print its banner:\n${out}\n${err}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(out).toContain('DEV MODE');
    expect(err + out).toMatch(/DEVELOPMENT SIGNING KEY/);
    const url = /GraphQL endpoint : (\S+)/.exec(out)![1]!;
    const token = (role: string) => new RegExp(`${role}\\s+\\([^)]*\\)\\n\\s+(\\S+)`).exec(out)![1]!;
    const ask = async (role: string) => {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token(role)}` },
        body: JSON.stringify({ query: '{ me { subject role } customers(first: 2) { nodes { phone } } }' }),
      });
      return (await res.json()) as { data: { me: { role: string }; customers: { nodes: { phone: string }[] } | null } };
    };
    const sales = await ask('sales');
    expect(sales.data.me).toEqual({ subject: 'sales-east-1', role: 'sales' });
    expect(sales.data.customers!.nodes).toHaveLength(2);
    const manager = await ask('manager');
    for (const n of manager.data.customers!.nodes) expect(n.phone).toMatch(/^(\d{3}\*{4}\d{4}|\+\d+ \*+\d{4})$/);
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
  expect(child.exitCode).toBe(0);
}, 60_000);
