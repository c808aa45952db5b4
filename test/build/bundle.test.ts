// `npm run build` produces a bundle that runs as an installed package would: bin/crm-gateway.mjs
// beside dist/, schema/ and policy/, no src/ and no tsx. Built into a temporary folder, so the
// test never touches (or depends on) a dist/ in the working tree.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
let pkg: string;

beforeAll(() => {
  pkg = mkdtempSync(path.join(tmpdir(), 'crm-gateway-pkg-'));
  const built = spawnSync(process.execPath, [path.join(ROOT, 'scripts/build.mjs')], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, CRM_GATEWAY_BUILD_OUTDIR: path.join(pkg, 'dist') },
  });
  expect(built.stderr).toMatch(/^build: \d+ files in /);
  expect(built.status).toBe(0);
  mkdirSync(path.join(pkg, 'bin'));
  copyFileSync(path.join(ROOT, 'bin/crm-gateway.mjs'), path.join(pkg, 'bin/crm-gateway.mjs'));
  for (const shared of ['schema', 'policy', 'node_modules', 'package.json']) symlinkSync(path.join(ROOT, shared), path.join(pkg, shared));
});

// No CRM_GATEWAY_SOURCES here: the launcher must pick the bundle by itself.
const run = (...args: string[]) =>
  spawnSync(process.execPath, [path.join(pkg, 'bin/crm-gateway.mjs'), ...args], { cwd: pkg, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });

it('runs commands from the bundle when there are no sources', () => {
  expect(existsSync(path.join(pkg, 'src'))).toBe(false);
  const config = run('config', 'check');
  expect(config.stderr).toBe('');
  expect(config.status).toBe(0);
  expect(JSON.parse(config.stdout).config.mode).toBe('dev');
  // policy check loads the shipped policy and builds the schema with every resolver.
  const policy = run('policy', 'check');
  expect(policy.status).toBe(0);
  expect(policy.stdout).toMatch(/policy \S+ \(.*policy\/default\.json\) is valid; \d+ classified fields covered/);
});
