#!/usr/bin/env node
// `npm run build`: bundles the gateway's own TypeScript (src/, resolvers/) into dist/cli/ with
// esbuild. Packages stay external (installed by npm as usual), so the bundle holds only our code.
//
// Why esbuild and not tsc: the sources import each other without file extensions (tsconfig's
// "Bundler" resolution, what tsx and vitest expect), which Node's ESM loader refuses; tsc would
// emit those imports unchanged. esbuild resolves them while bundling, in well under a second, and
// tsc keeps doing what it does best here: `npm run typecheck`.
//
// The bundle sits two folders below the package root (dist/cli/), exactly as deep as src/schema/
// and src/policy/, because those modules find the shipped schema/ and policy/ folders relative to
// their own file (`../../schema`); chunks are written beside the entry for the same reason.
import { build } from 'esbuild';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = process.env.CRM_GATEWAY_BUILD_OUTDIR ? path.resolve(process.env.CRM_GATEWAY_BUILD_OUTDIR) : path.join(root, 'dist');

rmSync(outdir, { recursive: true, force: true });
const result = await build({
  absWorkingDir: root,
  entryPoints: { main: 'src/cli/main.ts' },
  outdir: path.join(outdir, 'cli'),
  bundle: true,
  // One chunk per command module: `crm-gateway token issue` does not parse the server's code.
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  packages: 'external',
  sourcemap: 'linked',
  outExtension: { '.js': '.mjs' },
  chunkNames: '[name]-[hash]',
  logLevel: 'warning',
  metafile: true,
});
writeFileSync(path.join(outdir, 'cli', 'build-info.json'), `${JSON.stringify({ builtAt: new Date().toISOString() })}\n`);
console.error(`build: ${Object.keys(result.metafile.outputs).filter((f) => f.endsWith('.mjs')).length} files in ${path.relative(root, outdir) || '.'}/cli`);
