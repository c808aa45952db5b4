// The layering rules (docs/architecture.md) hold for the gateway's sources, the allow-list of
// folder cycles only shrinks, and every rule refuses the import it is written against.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkArchitecture, describeReport, folderOf, loadConfig, type ArchitectureReport } from '../scripts/architecture';

/** The allow-list's size as committed: lower it when an entry goes, never raise it. */
const COMMITTED_MAX_ALLOWED_FOLDER_CYCLES = 0;

const config = loadConfig();

describe('the gateway sources', () => {
  it('break no layering rule and have no folder cycle beyond the allow-list', async () => {
    const report = await checkArchitecture(config);
    expect(describeReport(report)).toEqual([]);
  });

  it('keep the allow-list of folder cycles at or below its committed size', () => {
    expect(config.MAX_ALLOWED_FOLDER_CYCLES).toBeLessThanOrEqual(COMMITTED_MAX_ALLOWED_FOLDER_CYCLES);
    expect(config.allowedFolderCycles.length).toBeLessThanOrEqual(config.MAX_ALLOWED_FOLDER_CYCLES);
  });
});

it('names folders as the rules mean them: src/<folder>, modules of src/ itself, top-level folders', () => {
  expect(folderOf('src/data/seed/names.ts')).toBe('src/data');
  expect(folderOf('src/context.ts')).toBe('src/context.ts');
  expect(folderOf('resolvers/query.ts')).toBe('resolvers');
  expect(folderOf('bin/crm-gateway.mjs')).toBe('bin');
});

describe('a tree with one deliberately bad import per rule', () => {
  let dir: string;
  let report: ArchitectureReport;

  const files: Record<string, string> = {
    'src/errors.ts': 'export const E = 1;\n',
    'src/context.ts': "import { D } from './data/documents';\nexport const C = D;\n",
    'src/data/documents.ts': 'export const D = 1;\n',
    // policy imports the data layer (types count too)
    'src/policy/rights.ts': "import type { Doc } from '../data/types';\nexport type R = Doc;\n",
    'src/data/types.ts': 'export interface Doc { id: string }\n',
    // masking reads a file
    'src/masking/phone.ts': "import { readFileSync } from 'node:fs';\nexport const m = readFileSync;\n",
    // the embedded store imports the gateway's error table
    'src/embedded/server.ts': "import { E } from '../errors';\nexport const s = E;\n",
    // a resolver imports the MongoDB driver
    'resolvers/customer.ts': "import { ObjectId } from 'mongodb';\nexport const r = ObjectId;\n",
    // the audit step imports a resolver
    'src/audit/plugin.ts': "import { r } from '../../resolvers/customer';\nexport const a = r;\n",
    // the HTTP layer imports a CLI command
    'src/http/server.ts': "import { main } from '../cli/main';\nexport const h = main;\n",
    'src/cli/main.ts': 'export const main = 1;\n',
    // the data layer imports the request context (which imports the data layer)
    'src/data/source.ts': "import { C } from '../context';\nexport const ds = C;\n",
    // a folder cycle without a module cycle: data → schema → data
    'src/data/filters.ts': "import { F } from '../schema/field-map';\nexport const f = F;\n",
    'src/schema/field-map.ts': "import { D } from '../data/documents';\nexport const F = D;\n",
    // a module cycle
    'src/limits/a.ts': "import { b } from './b';\nexport const a = b;\n",
    'src/limits/b.ts': "import type { a } from './a';\nexport const b = 1 as unknown as typeof a;\n",
    'node_modules/mongodb/package.json': '{ "name": "mongodb", "version": "0.0.0", "main": "index.js" }\n',
    'node_modules/mongodb/index.js': 'exports.ObjectId = class {};\n',
  };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'crm-arch-'));
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      writeFileSync(path.join(dir, file), text);
    }
    report = await checkArchitecture(config, dir, ['src', 'resolvers']);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    ['policy-is-pure', 'src/policy/rights.ts → src/data/types.ts'],
    ['masking-is-pure', 'src/masking/phone.ts → fs'],
    ['embedded-is-self-contained', 'src/embedded/server.ts → src/errors.ts'],
    ['resolvers-reach-mongodb-through-data', 'resolvers/customer.ts → node_modules/mongodb/index.js'],
    ['audit-imports-no-resolver', 'src/audit/plugin.ts → resolvers/customer.ts'],
    ['nothing-imports-the-cli', 'src/http/server.ts → src/cli/main.ts'],
    ['lower-layers-do-not-import-the-request-context', 'src/data/source.ts → src/context.ts'],
    ['no-module-cycles', 'src/limits/a.ts → src/limits/b.ts'],
  ])('%s refuses %s', (rule, edge) => {
    expect(report.violations).toContain(`${rule}: ${edge}`);
  });

  it('refuses a folder cycle even when no module cycle makes it', () => {
    expect(report.folderCycles.map((e) => `${e.from} → ${e.to}`)).toEqual(expect.arrayContaining(['src/data → src/schema', 'src/schema → src/data']));
  });

  it('tolerates a cycle only for the folder dependencies on the allow-list, and reports entries that no longer close one', async () => {
    const allowing = {
      ...config,
      allowedFolderCycles: [
        { from: 'src/data', to: 'src/schema', why: 'fixture' },
        { from: 'src/masking', to: 'src/policy', why: 'fixture: no such dependency' },
      ],
    };
    const withAllowance = await checkArchitecture(allowing, dir, ['src', 'resolvers']);
    const remaining = withAllowance.folderCycles.map((e) => `${e.from} → ${e.to}`);
    expect(remaining).not.toContain('src/data → src/schema');
    expect(remaining).toContain('src/schema → src/data');
    expect(withAllowance.staleAllowances.map((a) => `${a.from} → ${a.to}`)).toEqual(['src/masking → src/policy']);
  });
});
