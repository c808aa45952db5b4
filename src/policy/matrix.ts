// The role × class matrix as `crm-gateway policy check` prints it: view level (with the level
// after MFA), filter right, and s/g for sort and group rights; reveal marked with `R`.
import { DATA_CLASSES } from './classes';
import type { CompiledPolicy } from './compile';
import { ROLES } from './roles';

export function renderMatrix(policy: CompiledPolicy): string {
  const header = ['class', ...ROLES];
  const rows = DATA_CLASSES.map((cls) => [
    cls,
    ...ROLES.map((role) => {
      const base = policy.level(role, cls, false);
      const mfa = policy.level(role, cls, true);
      const rights = policy.rights(role, cls);
      const view = mfa === base ? base : `${base} (${mfa} w/ MFA)`;
      const q = [rights.filter === 'none' ? '' : `f:${rights.filter}`, rights.sort ? 's' : '', rights.group ? 'g' : '', policy.mayReveal(role, cls) ? 'R' : '']
        .filter(Boolean)
        .join(',');
      return q ? `${view} [${q}]` : view;
    }),
  ]);
  const widths = header.map((_, i) => Math.max(...[header, ...rows].map((r) => width(r[i]!))));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c + ' '.repeat(widths[i]! - width(c))).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

function width(s: string): number {
  return [...s].length;
}
