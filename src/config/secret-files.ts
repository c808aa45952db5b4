// `X_FILE` variants of the secret variables: the value is read from the named file (Docker and
// Kubernetes secrets, systemd credentials), so a secret never has to sit in an environment
// listing, a compose file or a process table. Setting both X and X_FILE is refused: which one wins
// would be a guess. Trailing line breaks (what `echo` and most editors leave) are removed.
import { readFileSync } from 'node:fs';

export const SECRET_FILE_VARIABLES = ['MONGODB_URI', 'JWT_SECRET', 'JWT_PUBLIC_KEY', 'JWT_PRIVATE_KEY', 'PSEUDONYM_KEY', 'AUDIT_SIGNING_KEY'] as const;

/** The environment with every `X_FILE` replaced by `X` = the file's content; problems name the variable. */
export function resolveSecretFiles(env: Record<string, string | undefined>): { env: Record<string, string | undefined>; problems: string[] } {
  const out: Record<string, string | undefined> = { ...env };
  const problems: string[] = [];
  for (const name of SECRET_FILE_VARIABLES) {
    const fileVar = `${name}_FILE`;
    const file = env[fileVar];
    delete out[fileVar];
    if (file === undefined || file === '') continue;
    if (env[name] !== undefined && env[name] !== '') {
      problems.push(`${fileVar}: set ${name} or ${fileVar}, not both`);
      continue;
    }
    try {
      const content = readFileSync(file, 'utf8').replace(/[\r\n]+$/, '');
      if (content === '') problems.push(`${fileVar}: ${file} is empty`);
      else out[name] = content;
    } catch (err) {
      // The code (ENOENT, EACCES) says what is wrong; the path is the operator's own setting.
      problems.push(`${fileVar}: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  }
  return { env: out, problems };
}
