#!/usr/bin/env node
// Runs the built bundle (dist/, from `npm run build`) when there is one, else the TypeScript
// sources through tsx, so a fresh clone needs no build step and `npm test` never needs one.
//
// A bundle older than any file under src/ or resolvers/ is stale (sources edited or checked out
// after the build): the sources run instead, silently (commands promise exact stdout and stderr),
// so neither a developer nor a test (tests spawn this file, some with a bare environment) ever
// runs code that is not what the tree says.
// CRM_GATEWAY_SOURCES=1 forces the sources; vitest sets it for every test it runs.
// An installed package ships dist/ and no src/, and never needs tsx (a development dependency).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bundle = path.join(root, 'dist', 'cli', 'main.mjs');

function newestMtimeMs(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(path.join(entry.parentPath ?? entry.path, entry.name)).mtimeMs);
  }
  return newest;
}

function bundleIsCurrent() {
  if (process.env.CRM_GATEWAY_SOURCES === '1' || !existsSync(bundle)) return false;
  const built = statSync(bundle).mtimeMs;
  const stale = ['src', 'resolvers']
    .map((d) => path.join(root, d))
    .filter(existsSync)
    .some((d) => newestMtimeMs(d) > built);
  return !stale;
}

let main;
if (bundleIsCurrent()) {
  ({ main } = await import(bundle));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/cli/main.ts'));
}
process.exitCode = await main(process.argv.slice(2));
