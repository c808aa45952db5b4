// `crm-gateway policy check [--file F]`: validates a policy file exactly as start-up does (against
// the schema's classified fields too) and prints the role × class matrix.
import { resolvers } from '../../resolvers';
import { PolicyError } from '../policy/compile';
import { encryptedRightsProblems } from '../policy/encrypted-rights';
import { loadPolicy, DEFAULT_POLICY_FILE } from '../policy/load';
import { renderLimits } from '../policy/limits-table';
import { renderMatrix } from '../policy/matrix';
import { buildSchema } from '../schema/build';
import { EXIT_FAILURE, EXIT_OK, parseFlags, runSubcommand } from './command';

const USAGE = `usage: crm-gateway policy check [--file F]

Validates the policy file (default: POLICY_FILE or ${DEFAULT_POLICY_FILE}) and prints the
role × data-class matrix: view level (level after MFA), [f:exact|full filter right, s sort,
g group, R reveal], then the query and rate limits per caller and the bulk-access thresholds.
Exits 1 when the policy is invalid.`;

export function run(argv: string[]): Promise<number> {
  return runSubcommand(argv, USAGE, 'policy', { check });
}

async function check(rest: string[]): Promise<number> {
  const flags = parseFlags(rest, { file: { type: 'string' } }, USAGE);
  if ('exitCode' in flags) return flags.exitCode;
  const file = (flags.values.file as string | undefined) || process.env.POLICY_FILE || null;
  try {
    const policy = loadPolicy(file);
    // Every classified field in the schema must map to a class the policy decided (all are, once
    // the policy is complete; this also catches SDL that names a class the gateway lacks).
    const { fieldMap } = buildSchema(resolvers, process.env.SCHEMA_DIR || undefined);
    const problems = encryptedRightsProblems(policy, fieldMap);
    if (problems.length > 0) throw new PolicyError(problems);
    console.log(`policy ${policy.version} (${file ?? DEFAULT_POLICY_FILE}) is valid; ${fieldMap.classified.length} classified fields covered\n`);
    console.log(renderMatrix(policy));
    console.log(`\nlimits (policy ${policy.version}; docs/limits.md):\n`);
    console.log(renderLimits(policy));
    const a = policy.aggregates;
    console.log(
      `\naggregates: groups under ${a.minGroupSize} suppressed (threshold noise sd ${a.noise.thresholdSd}); noise sd ${a.noise.countSd} per count, ` +
        `${a.noise.sumSd}× the largest value per sum; date filters by ${a.dateGranularity}; ${a.budget.queries} queries per principal per ${a.budget.windowHours}h`,
    );
    console.log(`lookups: ${policy.lookups.budgetPerHour} per principal per hour; reveals: ${policy.reveal.budgetPerHour} per hour, MFA within ${policy.reveal.mfaMaxAgeSeconds}s`);
    if (policy.encryption.size > 0) {
      console.log('\nencrypted at rest (AEAD_AES_256_CBC_HMAC_SHA_512):');
      for (const field of fieldMap.classified) {
        const enc = policy.encryption.get(field.dataClass!);
        if (!enc) continue;
        const key = enc.key.keyAltName !== undefined ? `key alt name "${enc.key.keyAltName}"` : `key id ${enc.key.keyId}`;
        console.log(`  ${field.coordinate} (${field.dataClass}): ${enc.algorithm === 'deterministic' ? 'Deterministic (exact lookups)' : 'Random'}, ${key}`);
      }
    }
    return EXIT_OK;
  } catch (err) {
    if (err instanceof PolicyError) {
      console.error(`crm-gateway: ${err.message}`);
      return EXIT_FAILURE;
    }
    throw err;
  }
}
