// The README's quick start: `npm start` (crm-gateway serve) with no configuration starts the
// gateway on the embedded store with demo data, prints a working token per demo role and opens
// Sandbox signed in as admin; a second start on the busy port fails without disturbing it.
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';

function serve(env: NodeJS.ProcessEnv): { child: ChildProcessWithoutNullStreams; output: () => { out: string; err: string } } {
  const child = spawn(process.execPath, ['bin/crm-gateway.mjs', 'serve'], { env: { PATH: process.env.PATH, LOG_LEVEL: 'warn', ...env }, stdio: 'pipe' });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  return { child, output: () => ({ out, err }) };
}

it('serve in dev mode prints demo tokens that work, opens Sandbox signed in, survives a second start on its port, and stops cleanly on SIGTERM', async () => {
  const localDir = mkdtempSync(path.join(tmpdir(), 'serve-'));
  const { child, output } = serve({ PORT: '0', LOCAL_DIR: localDir });
  try {
    const deadline = Date.now() + 45_000;
    while (!/auditor .*\n\s+(\S+)/.test(output().out)) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`serve did not print its banner:\n${output().out}\n${output().err}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const { out, err } = output();
    expect(out).toContain('DEV MODE');
    // Said once (by the verifier at start-up), not once per key user.
    expect((err + out).match(/DEVELOPMENT SIGNING KEY/g)).toHaveLength(1);
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

    // Sandbox: the admin demo token is in its connection headers; no telemetry, no cookies.
    const page = await (await fetch(url, { headers: { accept: 'text/html' } })).text();
    expect(page).toContain(`"sharedHeaders":{"Authorization":"Bearer ${token('admin')}"}`);
    expect(page).toContain('"runTelemetry":false');
    expect(page).toContain('"includeCookies":false');

    // A second start on the same port fails, says why, and leaves the running gateway's files alone.
    const info = readFileSync(path.join(localDir, 'dev-store.json'), 'utf8');
    const port = new URL(url).port;
    const second = spawnSync(process.execPath, ['bin/crm-gateway.mjs', 'serve'], {
      env: { PATH: process.env.PATH, PORT: port, LOCAL_DIR: localDir, LOG_LEVEL: 'warn' },
      encoding: 'utf8',
      timeout: 45_000,
    });
    expect(second.status).toBe(1);
    expect(second.stderr).toContain(`PORT: 127.0.0.1:${port} is already in use`);
    expect(readFileSync(path.join(localDir, 'dev-store.json'), 'utf8')).toBe(info);
    expect((await ask('sales')).data.me.role).toBe('sales');
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
  expect(child.exitCode).toBe(0);
}, 120_000);

it('PORT that is not a port number stops start-up naming the variable and the value', () => {
  const res = spawnSync(process.execPath, ['bin/crm-gateway.mjs', 'serve'], { env: { PATH: process.env.PATH, PORT: 'abc' }, encoding: 'utf8' });
  expect(res.status).toBe(1);
  expect(res.stderr).toContain('PORT: must be a port number (got "abc")');
});
