// `crm-gateway policy check` prints the effective limits per caller next to the view matrix, so an
// operator sees what each role (and BI tokens, and a token of unknown role) is held to.
import type { LimitProfile } from './limit-defaults';
import type { CompiledPolicy } from './compile';
import { ROLES } from './roles';

const COLUMNS: readonly (keyof LimitProfile)[] = ['maxDepth', 'maxFields', 'maxAliases', 'maxDirectives', 'maxTokens', 'maxCost', 'requestsPerMinute'];

export function renderLimits(policy: CompiledPolicy): string {
  const rows: [string, LimitProfile][] = [
    ...ROLES.map((r): [string, LimitProfile] => [r, policy.limits(r, 'user')]),
    ['bi tokens', policy.limits(null, 'bi')],
    ['unknown role', policy.limits(null, 'user')],
  ];
  const header = ['caller', ...COLUMNS];
  const table = [header, ...rows.map(([name, p]) => [name, ...COLUMNS.map((c) => String(p[c]))])];
  const widths = header.map((_, i) => Math.max(...table.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  const out = [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...table.slice(1).map(line)];
  out.push('', `failed authentications per client address per minute: ${policy.authFailuresPerMinute}`);
  const bulk = policy.bulkAccess;
  if (bulk) {
    const watched = ROLES.map((r) => [r, bulk.threshold(r)] as const).filter(([, t]) => t !== null);
    out.push(
      `bulk access: ${watched.map(([r, t]) => `${r} ${t}`).join(', ')} distinct customers per ${bulk.windowMs / 60_000} min; over it, classes are capped (e.g. PHONE at ${bulk.capFor('PHONE')})`,
    );
  } else {
    out.push('bulk access: not watched');
  }
  return out.join('\n');
}
