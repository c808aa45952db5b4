import { parseArgs, type ParseArgsConfig } from 'node:util';

export interface Command {
  run(argv: string[]): Promise<number>;
}

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

export function usageError(message: string, usage: string): number {
  console.error(`crm-gateway: ${message}\n\n${usage}`);
  return EXIT_USAGE;
}

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * Parses a command's flags strictly (unknown flags and stray positionals are usage errors).
 * Returns null after printing the usage when the flags are bad or --help was asked for;
 * `exitCode` then says which.
 */
export function parseFlags<O extends Options>(
  argv: string[],
  options: O,
  usage: string,
  allowPositionals = false,
): { values: ReturnType<typeof parseArgs<{ options: O; allowPositionals: boolean; strict: true }>>['values']; positionals: string[] } | { exitCode: number } {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(usage);
    return { exitCode: EXIT_OK };
  }
  try {
    const parsed = parseArgs({ args: argv, options, allowPositionals, strict: true });
    return { values: parsed.values, positionals: parsed.positionals };
  } catch (err) {
    return { exitCode: usageError((err as Error).message, usage) };
  }
}

/** Parses a strictly positive integer flag; returns an error message instead of throwing. */
export function parsePositiveInt(raw: string | undefined, flag: string, fallback: number, max = Number.MAX_SAFE_INTEGER): number | string {
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw)) return `${flag} must be a whole number, got "${raw}"`;
  const n = Number(raw);
  if (n < 1 || n > max) return `${flag} must be between 1 and ${max}, got ${raw}`;
  return n;
}

/** Runs `<command> <sub> …` for commands with subcommands (token, audit, policy). */
export function runSubcommand(argv: string[], usage: string, noun: string, handlers: Record<string, (rest: string[]) => Promise<number>>): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === '--help' || sub === '-h' || sub === 'help') {
    console.log(usage);
    return Promise.resolve(EXIT_OK);
  }
  if (sub === undefined) return Promise.resolve(usageError(`missing ${noun} command`, usage));
  const handler = Object.hasOwn(handlers, sub) ? handlers[sub] : undefined;
  return handler ? handler(rest) : Promise.resolve(usageError(`unknown ${noun} command "${sub}"`, usage));
}
