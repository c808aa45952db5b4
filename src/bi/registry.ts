// The report registry: every `reports/<id>.json` with its `reports/<id>.graphql`, loaded and
// validated once at start-up (validate.ts). One bad report stops start-up, naming the report and
// every problem with it, so a report that would fail or leak at request time never goes live.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ReportFileSchema } from './definition';
import type { Report, ReportRegistry } from './report';
import { validateReport, type ValidationDeps } from './validate';

export const DEFAULT_REPORTS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../reports');

export class ReportError extends Error {
  /** Report id (or file name) → its problems. */
  constructor(readonly problems: ReadonlyMap<string, readonly string[]>) {
    super(`invalid reports:\n${[...problems].map(([id, list]) => `  ${id}:\n${list.map((p) => `    - ${p}`).join('\n')}`).join('\n')}`);
    this.name = 'ReportError';
  }
}

/** Loads and validates every report in `dir`; throws ReportError naming each bad one. */
export function loadReports(dir: string, deps: ValidationDeps): ReportRegistry {
  const problems = new Map<string, string[]>();
  const reports = new Map<string, Report>();
  const files = existsSync(dir) ? readdirSync(dir).sort() : [];
  for (const name of files.filter((f) => f.endsWith('.graphql'))) {
    if (!files.includes(name.replace(/\.graphql$/, '.json'))) problems.set(name, ['a report document without its metadata (.json) file']);
  }
  for (const name of files.filter((f) => f.endsWith('.json'))) {
    const base = name.replace(/\.json$/, '');
    const fail = (p: string[]) => problems.set(base, p);
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(path.join(dir, name), 'utf8'));
    } catch (err) {
      fail([`${name} is not valid JSON: ${(err as Error).message}`]);
      continue;
    }
    const parsed = ReportFileSchema.safeParse(raw);
    if (!parsed.success) {
      fail(parsed.error.issues.map((i) => `${i.path.join('.') || name}: ${i.message}`));
      continue;
    }
    if (parsed.data.id !== base) {
      fail([`id "${parsed.data.id}" must match the file name ${name}`]);
      continue;
    }
    const docPath = path.join(dir, `${base}.graphql`);
    if (!existsSync(docPath)) {
      fail([`missing ${base}.graphql`]);
      continue;
    }
    const result = validateReport(parsed.data, readFileSync(docPath, 'utf8'), deps);
    if ('problems' in result) fail(result.problems);
    else reports.set(base, result.report);
  }
  if (problems.size > 0) throw new ReportError(problems);
  const ordered = Object.freeze([...reports.values()].sort((a, b) => a.id.localeCompare(b.id)));
  return {
    list: () => ordered,
    get: (id) => reports.get(id) ?? null,
  };
}
