import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { DEFAULT_POLICY_FILE } from '../../src/policy/load';

const cli = (...args: string[]) => spawnSync(process.execPath, ['bin/crm-gateway.mjs', 'policy', ...args], { encoding: 'utf8', env: { ...process.env, POLICY_FILE: '' } });

it('policy check prints the role × class matrix for the default policy', () => {
  const res = cli('check');
  expect(res.status).toBe(0);
  expect(res.stdout).toContain('| class       | admin');
  expect(res.stdout).toMatch(/\| PHONE\s+\| clear \[f:full,s\]\s+\| partial \[R\]/);
  expect(res.stdout).toContain('partial (clear w/ MFA)');
  expect(res.stdout).toContain('aggregates: groups under 5 suppressed (threshold noise sd 1); noise sd 3 per count, 1× the largest value per sum; date filters by month; 200 queries per principal per 24h');
});

it('policy check --file refuses an incomplete policy with exit 1 and names the gap', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'policy-'));
  const p = JSON.parse(readFileSync(DEFAULT_POLICY_FILE, 'utf8'));
  delete p.roles.support.view.PHONE;
  writeFileSync(path.join(dir, 'p.json'), JSON.stringify(p));
  const res = cli('check', '--file', path.join(dir, 'p.json'));
  expect(res.status).toBe(1);
  expect(res.stderr).toContain('roles.support.view.PHONE: missing');
});

it('policy with bad flags exits 2 with usage', () => {
  expect(cli('check', '--nope').status).toBe(2);
  expect(cli('frobnicate').status).toBe(2);
});
