// `crm-gateway documents check` and `crm-gateway schema print`, through the real binary. Each
// run starts a process that compiles TypeScript, which takes seconds on a loaded machine: the
// generous timeouts are for that, not for the commands.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildSchema as buildFromSdl, parse, validate } from 'graphql';
import { expect, it } from 'vitest';
import { sha256, writeManifest } from '../support/documents';

const cli = (...args: string[]) => spawnSync(process.execPath, ['bin/crm-gateway.mjs', ...args], { encoding: 'utf8', env: { ...process.env, SCHEMA_DIR: '' } });

it('documents check accepts a manifest whose documents all run', () => {
  const file = writeManifest(['query Me { me { subject role } }', 'query Page { customers(first: 10) { nodes { id name } } }']);
  const res = cli('documents', 'check', file);
  expect(res.stderr).toBe('');
  expect(res.stdout).toContain('2 document(s), 2 can run, 0 cannot');
  expect(res.status).toBe(0);
}, 120_000);

it('documents check names each document that is invalid, too deep or mis-keyed, and exits 1', () => {
  const deep = `{ customers { nodes { ${'deals { customer { '.repeat(8)}id${' } }'.repeat(8)} } } }`;
  const file = writeManifest(['{ me { subject } }', '{ nope }', deep]);
  const res = cli('documents', 'check', file);
  expect(res.status).toBe(1);
  expect(res.stderr).toContain(`${sha256('{ nope }')}: not valid against the schema: Cannot query field "nope"`);
  expect(res.stderr).toContain(`${sha256(deep)}: QUERY_TOO_DEEP`);
  expect(res.stdout).toContain('3 document(s), 1 can run, 2 cannot');

  const dir = mkdtempSync(path.join(tmpdir(), 'docs-'));
  writeFileSync(path.join(dir, 'bad.json'), JSON.stringify({ [sha256('{ a }')]: '{ me { subject } }' }));
  const misKeyed = cli('documents', 'check', path.join(dir, 'bad.json'));
  expect(misKeyed.status).toBe(1);
  expect(misKeyed.stderr).toContain('is not the SHA-256 of its document');
  expect(cli('documents', 'check').status).toBe(2);
}, 180_000);

it('schema print writes the SDL the gateway serves, which validates client documents', () => {
  const out = path.join(mkdtempSync(path.join(tmpdir(), 'sdl-')), 'schema.graphql');
  const res = cli('schema', 'print', '--out', out);
  expect(res.status).toBe(0);
  const schema = buildFromSdl(readFileSync(out, 'utf8'));
  expect(validate(schema, parse('{ me { subject } customers(first: 1) { nodes { phone } } }'))).toEqual([]);
  expect(cli('schema', 'print').stdout).toBe(readFileSync(out, 'utf8'));
}, 120_000);
