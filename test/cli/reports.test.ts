// `crm-gateway reports list|check` as an operator runs it, and start-up refusing a bad report.
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const REPO = fileURLToPath(new URL('../..', import.meta.url));

function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['bin/crm-gateway.mjs', 'reports', ...args],
      {
        cwd: REPO,
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_ENV: 'development', LOCAL_DIR: mkdtempSync(path.join(tmpdir(), 'crm-rep-')), ...env },
        timeout: 30_000,
      },
      (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }),
    );
  });
}

function reportsCopy(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'crm-reports-'));
  cpSync(path.join(REPO, 'reports'), dir, { recursive: true });
  return dir;
}

describe('crm-gateway reports', () => {
  it('list prints one report per line, the id first', async () => {
    const r = await cli(['list']);
    expect(r.code).toBe(0);
    expect(
      r.stdout
        .trim()
        .split('\n')
        .map((l) => l.split('\t')[0]),
    ).toEqual(['customers-by-region', 'customers-pseudonymised', 'deals-pipeline', 'interactions-weekly']);
  });

  it('check passes on the shipped reports', async () => {
    const r = await cli(['check']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/4 reports valid/);
  });

  it.each([
    [
      'a column that names a field the operation does not select',
      'customers-by-region',
      (m: any) => (m.columns[0].path = 'key.district'),
      /customers-by-region:[\s\S]*column province: the operation selects no key\.district/,
    ],
    [
      'a classified column declared unclassified',
      'customers-pseudonymised',
      (m: any) => (m.columns[2].class = null),
      /customers-pseudonymised:[\s\S]*column phone_token: Customer\.phone is PHONE, declared null/,
    ],
    [
      'a parameter the operation does not declare',
      'customers-by-region',
      (m: any) => (m.params.region = { type: 'string' }),
      /customers-by-region:[\s\S]*parameter region: the operation declares no \$region/,
    ],
    [
      'a role the policy does not let group by city',
      'customers-by-region',
      (m: any) => m.access.roles.push('manager'),
      /customers-by-region:[\s\S]*role manager: grouping on Customer\.address/,
    ],
  ])('check refuses %s, naming the report', async (_what, id, edit, message) => {
    const dir = reportsCopy();
    const file = path.join(dir, `${id}.json`);
    const meta = JSON.parse(readFileSync(file, 'utf8'));
    edit(meta);
    writeFileSync(file, JSON.stringify(meta));
    const r = await cli(['check'], { REPORTS_DIR: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(message);
  });

  it('check refuses a BI report that would serve a class in clear to analysts', async () => {
    const dir = reportsCopy();
    const policy = JSON.parse(readFileSync(path.join(REPO, 'policy/default.json'), 'utf8'));
    policy.roles.analyst.view.PHONE = 'clear';
    const policyFile = path.join(dir, '..', `policy-${path.basename(dir)}.json`);
    writeFileSync(policyFile, JSON.stringify(policy));
    const r = await cli(['check'], { REPORTS_DIR: dir, POLICY_FILE: policyFile });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/customers-pseudonymised:[\s\S]*column phone_token: BI tokens would be served PHONE in clear/);
  });

  it('the gateway refuses to start with a bad report', async () => {
    const dir = reportsCopy();
    writeFileSync(path.join(dir, 'deals-pipeline.graphql'), 'query DealsPipeline { dealStats(groupBy: [stage]) { nope } }');
    const { startTestGateway } = await import('../support/gateway');
    await expect(startTestGateway({ seed: false, env: { REPORTS_DIR: dir } })).rejects.toThrow(/deals-pipeline:[\s\S]*Cannot query field "nope"/);
  });
});
