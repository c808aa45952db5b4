import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compilePolicy, PolicyError, type CompiledPolicy } from './compile';

export const DEFAULT_POLICY_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../policy/default.json');

/** Reads and compiles a policy file; every failure is a PolicyError naming the file. */
export function loadPolicy(file: string | null): CompiledPolicy {
  const target = file ?? DEFAULT_POLICY_FILE;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(target, 'utf8'));
  } catch (err) {
    throw new PolicyError([`${target}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : 'not valid JSON'}`]);
  }
  return compilePolicy(json);
}
