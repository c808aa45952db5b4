// `crm-gateway config check`: validates the environment exactly as start-up does (secret files,
// every variable, the policy file) and prints the effective configuration with secrets redacted.
// Nothing connects anywhere, so it runs in CI, in an image build or beside a compose file.
import { ConfigError, loadConfig } from '../config/env';
import { redactedConfig } from '../config/redact';
import { PolicyError } from '../policy/compile';
import { loadPolicy } from '../policy/load';
import { EXIT_FAILURE, EXIT_OK, parseFlags, runSubcommand } from './command';

const USAGE = `usage: crm-gateway config check

Validates the configuration in the environment (the variables in the README, X_FILE variants of
the secrets included) and the policy file, as \`serve\` would at start-up, and prints the effective
configuration as JSON on stdout, secrets redacted. Exits 1 naming each variable that is wrong.`;

export function run(argv: string[]): Promise<number> {
  return runSubcommand(argv, USAGE, 'config', { check });
}

async function check(rest: string[]): Promise<number> {
  const flags = parseFlags(rest, {}, USAGE);
  if ('exitCode' in flags) return flags.exitCode;
  try {
    const config = loadConfig();
    const policy = loadPolicy(config.policyFile);
    console.log(JSON.stringify({ config: redactedConfig(config), policyVersion: policy.version }, null, 2));
    return EXIT_OK;
  } catch (err) {
    if (err instanceof ConfigError || err instanceof PolicyError) {
      console.error(`crm-gateway: ${err.message}`);
      return EXIT_FAILURE;
    }
    throw err;
  }
}
