// `crm-gateway schema print [--out FILE]`: the SDL clients run codegen against (GraphQL Code
// Generator's `schema:`), printed from the schema the gateway serves, so it is never out of date.
import { writeFileSync } from 'node:fs';
import { printSchema } from 'graphql';
import { resolvers } from '../../resolvers';
import { buildSchema } from '../schema/build';
import { EXIT_OK, parseFlags, runSubcommand } from './command';

const USAGE = `usage: crm-gateway schema print [--out FILE]

Prints the GraphQL schema the gateway serves (SDL, from SCHEMA_DIR or schema/) to stdout, or
writes it to FILE. Point your client's codegen at it.`;

export function run(argv: string[]): Promise<number> {
  return runSubcommand(argv, USAGE, 'schema', { print: printCommand });
}

async function printCommand(rest: string[]): Promise<number> {
  const flags = parseFlags(rest, { out: { type: 'string' } }, USAGE);
  if ('exitCode' in flags) return flags.exitCode;
  const sdl = `${printSchema(buildSchema(resolvers, process.env.SCHEMA_DIR || undefined).schema)}\n`;
  const out = flags.values.out as string | undefined;
  if (out) writeFileSync(out, sdl);
  else process.stdout.write(sdl);
  return EXIT_OK;
}
