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
  expect(res.stdout).toContain(
    'aggregates: groups under 5 suppressed (threshold noise sd 1); noise sd 3 per count, 1× the largest value per sum; date filters by month; 200 queries per principal per 24h',
  );
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

it('policy check shows which fields are encrypted and with which algorithm', () => {
  const res = cli('check', '--file', 'policy/encrypted.json');
  expect(res.status).toBe(0);
  expect(res.stdout).toContain('Customer.phone (PHONE): Deterministic (exact lookups), key alt name "crm-phone"');
  expect(res.stdout).toContain('Customer.bankCard (BANK_CARD): Random, key alt name "crm-bank-card"');
});

it('policy check refuses full filters, sorting or grouping on an encrypted field, naming the field', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'policy-'));
  const p = JSON.parse(readFileSync('policy/encrypted.json', 'utf8'));
  p.roles.admin.query.PHONE = { filter: 'full', sort: true };
  p.roles.analyst.query.NATIONAL_ID = { filter: 'none', group: true };
  writeFileSync(path.join(dir, 'p.json'), JSON.stringify(p));
  const res = cli('check', '--file', path.join(dir, 'p.json'));
  expect(res.status).toBe(1);
  expect(res.stderr).toContain('Customer.phone (PHONE) is encrypted, but roles.admin.query.PHONE grants filter "full", sort');
  expect(res.stderr).toContain('Customer.idNumber (NATIONAL_ID) is encrypted, but roles.analyst.query.NATIONAL_ID grants group');
});

it('policy check refuses an encrypted class without exactly one data key reference', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'policy-'));
  const p = JSON.parse(readFileSync('policy/encrypted.json', 'utf8'));
  p.encryption.classes.BANK_CARD = {};
  p.encryption.classes.PASSPORT = { keyAltName: 'x' };
  writeFileSync(path.join(dir, 'p.json'), JSON.stringify(p));
  const res = cli('check', '--file', path.join(dir, 'p.json'));
  expect(res.status).toBe(1);
  expect(res.stderr).toContain('encryption.classes.BANK_CARD: name the data key by exactly one of keyId or keyAltName');
  expect(res.stderr).toContain('encryption.classes.PASSPORT: unknown data class');
});
