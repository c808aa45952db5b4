// `crm-gateway reports list|check`: the registered BI reports (REPORTS_DIR or the shipped
// reports/), validated exactly as start-up validates them: against the schema (SCHEMA_DIR), the
// policy (POLICY_FILE) and the query limits. `check` exits 1 naming every bad report.
import { resolvers } from '../../resolvers';
import { loadReports, DEFAULT_REPORTS_DIR, ReportError } from '../bi/registry';
import type { ReportRegistry } from '../bi/report';
import { loadPolicy } from '../policy/load';
import { buildSchema } from '../schema/build';
import { EXIT_FAILURE, EXIT_OK, parseFlags, runSubcommand } from './command';
import { configOrNull, failure } from './database';

const USAGE = `usage: crm-gateway reports <list|check> [options]

commands:
  list     the registered reports, one per line, the id first
  check    validate every report against the schema, the policy and the query limits

Reports are read from REPORTS_DIR (default: the repository's reports/).`;

const LIST_USAGE = `usage: crm-gateway reports list

Prints one report per line, the id first: id, version, roles, token kinds, title.`;

const CHECK_USAGE = `usage: crm-gateway reports check

Validates every report as start-up does; exits 1 and names each bad report and its problems.`;

export function run(argv: string[]): Promise<number> {
  return runSubcommand(argv, USAGE, 'reports', { list, check });
}

function load(): ReportRegistry | number {
  const config = configOrNull();
  if (!config) return EXIT_FAILURE;
  try {
    const built = buildSchema(resolvers, config.schemaDir ?? undefined);
    const policy = loadPolicy(config.policyFile);
    return loadReports(config.bi.reportsDir ?? DEFAULT_REPORTS_DIR, { schema: built.schema, fieldMap: built.fieldMap, policy, limits: policy.widestLimits });
  } catch (err) {
    if (err instanceof ReportError) return failure(err.message);
    throw err;
  }
}

async function list(argv: string[]): Promise<number> {
  const parsed = parseFlags(argv, {}, LIST_USAGE);
  if ('exitCode' in parsed) return parsed.exitCode;
  const registry = load();
  if (typeof registry === 'number') return registry;
  for (const r of registry.list()) console.log(`${r.id}\tv${r.version}\t${r.roles.join(',')}\t${r.tokenKinds.join(',')}\t${r.title}`);
  return EXIT_OK;
}

async function check(argv: string[]): Promise<number> {
  const parsed = parseFlags(argv, {}, CHECK_USAGE);
  if ('exitCode' in parsed) return parsed.exitCode;
  const registry = load();
  if (typeof registry === 'number') return registry;
  console.log(`${registry.list().length} reports valid`);
  return EXIT_OK;
}
