// `crm-gateway <command>`: dispatches to one module per command. Each command module exports
// `run(argv)` returning the process exit code (0 ok, 1 failure, 2 usage error).
import { usageError, type Command } from './command';

const COMMANDS: Record<string, { summary: string; load: () => Promise<Command> }> = {
  serve: { summary: 'start the gateway (what npm start runs)', load: () => import('./serve') },
  store: { summary: 'run the embedded MongoDB-compatible store on loopback', load: () => import('./store') },
  token: { summary: 'issue a token; revoke or list BI tokens', load: () => import('./token') },
  config: { summary: 'validate the environment and print the effective configuration, secrets redacted', load: () => import('./config') },
  policy: { summary: 'validate a policy file and print the role × class matrix', load: () => import('./policy') },
  seed: { summary: 'load the deterministic synthetic CRM data set into a MongoDB', load: () => import('./seed') },
  reports: { summary: 'list or check the registered BI reports', load: () => import('./reports') },
  audit: { summary: 'verify the audit ledger, export it as NDJSON, apply retention', load: () => import('./audit') },
  alerts: { summary: 'list open bulk-access alerts; clear one after checking the case', load: () => import('./alerts') },
  documents: { summary: 'check a trusted-document manifest against the schema and limits', load: () => import('./documents') },
  schema: { summary: 'print the SDL clients run codegen against', load: () => import('./schema') },
  keys: { summary: 'create and list data keys; rewrap them under a new master key', load: () => import('./keys') },
  encrypt: { summary: 'encrypt the declared fields of an existing collection in place', load: () => import('./encrypt') },
  decrypt: { summary: 'decrypt a collection encrypted by `encrypt`, in place', load: () => import('./decrypt') },
};

function help(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(8)} ${c.summary}`);
  return ['usage: crm-gateway <command> [options]', '', 'commands:', ...lines, '', 'Run `crm-gateway <command> --help` for its options.'].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    console.log(help());
    return name === undefined ? 2 : 0;
  }
  const entry = COMMANDS[name];
  if (!entry) return usageError(`unknown command "${name}"`, help());
  const command = await entry.load();
  return command.run(rest);
}
