// Design statements live in this repository: comments cite docs/design.md by section, and every
// cited section exists; nothing points at design notes kept outside the repository.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const FOLDERS = ['src', 'resolvers', 'test', 'bench', 'schema', 'policy', 'deploy'];

function files(): string[] {
  return FOLDERS.flatMap((folder) =>
    readdirSync(path.join(ROOT, folder), { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile() && /\.(ts|mjs|js|json|graphql|ya?ml|sh)$/.test(e.name) && !e.parentPath.includes('generated'))
      .map((e) => path.join(e.parentPath, e.name)),
  );
}
const sources = files().map((file) => ({ file: path.relative(ROOT, file), text: readFileSync(file, 'utf8') }));

it('no source points at a spec, pitfalls or style file outside the repository', () => {
  const outside = /\bSPEC (section|§)|\bPITFALLS\b|\bSTYLE\.md\b|\bSPEC\.md\b|\/work\/shared\b/;
  const offenders = sources.filter(({ file, text }) => file !== 'test/docs/design-references.test.ts' && outside.test(text)).map(({ file }) => file);
  expect(offenders).toEqual([]);
});

it('every section of docs/design.md a comment cites exists', () => {
  const headings = new Set([...readFileSync(path.join(ROOT, 'docs/design.md'), 'utf8').matchAll(/^## (.+)$/gm)].map((m) => m[1]));
  const cited = sources.flatMap(({ file, text }) => [...text.matchAll(/docs\/design\.md, "?([A-Z][^":)]+)"?/g)].map((m) => ({ file, section: m[1]!.trim() })));
  expect(cited.length).toBeGreaterThan(20);
  expect(cited.filter(({ section }) => !headings.has(section))).toEqual([]);
});
