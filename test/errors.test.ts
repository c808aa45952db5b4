// Every error code the gateway can return is documented in the README's error list (a code, or
// a PREFIX_* family such as REVEAL_*), so clients can rely on the list.
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { ERRORS } from '../src/errors';

it('the README names every error code', () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const families = [...readme.matchAll(/`([A-Z]+)_\*`/g)].map((m) => `${m[1]}_`);
  const missing = Object.keys(ERRORS).filter((code) => !readme.includes(`\`${code}\``) && !families.some((f) => code.startsWith(f)));
  expect(missing).toEqual([]);
});
