// `crm-gateway documents check FILE`: validates a trusted-document manifest (GraphQL Code
// Generator's persisted-documents.json) exactly as start-up does: every key is the SHA-256 of its
// document, and every document parses, is valid against the schema and is within the query limits.
import { resolvers } from '../../resolvers';
import { checkManifest } from '../documents/check';
import { loadManifest, ManifestError } from '../documents/manifest';
import { loadPolicy } from '../policy/load';
import { buildSchema } from '../schema/build';
import { EXIT_FAILURE, EXIT_OK, parseFlags, runSubcommand, usageError } from './command';

const USAGE = `usage: crm-gateway documents check FILE

Validates a trusted-document manifest (a JSON object of SHA-256 hash → document, as GraphQL Code
Generator's client preset writes persisted-documents.json) against the schema (SCHEMA_DIR) and
the widest query limits of the policy (POLICY_FILE; depth, expanded fields, aliases, directives,
tokens). Prints one line per document that cannot run; exits 1 if there is any.`;

export function run(argv: string[]): Promise<number> {
  return runSubcommand(argv, USAGE, 'documents', { check });
}

async function check(rest: string[]): Promise<number> {
  const flags = parseFlags(rest, {}, USAGE, true);
  if ('exitCode' in flags) return flags.exitCode;
  const [file, ...extra] = flags.positionals;
  if (file === undefined || extra.length > 0) return usageError('documents check takes exactly one FILE', USAGE);
  let manifest: ReturnType<typeof loadManifest>;
  try {
    manifest = loadManifest(file);
  } catch (err) {
    if (!(err instanceof ManifestError)) throw err;
    console.error(`crm-gateway: ${err.message}`);
    return EXIT_FAILURE;
  }
  const { schema } = buildSchema(resolvers, process.env.SCHEMA_DIR || undefined);
  const problems = checkManifest(manifest, schema, loadPolicy(process.env.POLICY_FILE || null).widestLimits);
  for (const { hash, problem } of problems) console.error(`${hash}: ${problem}`);
  console.log(`${file}: ${manifest.size} document(s), ${manifest.size - problems.length} can run, ${problems.length} cannot`);
  return problems.length === 0 ? EXIT_OK : EXIT_FAILURE;
}
