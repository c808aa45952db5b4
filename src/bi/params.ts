// Query-string parameters → the report operation's variables, typed by the report's declaration.
// Each parameter may appear once; an unknown, repeated or malformed one is refused with a 400
// that names the parameter (never its value: a typed-in value may be personal data). An empty
// value counts as not given, as BI tools send unset parameters that way.
import { createHash } from 'node:crypto';
import type { GraphQLError } from 'graphql';
import { gatewayError } from '../errors';
import type { ParamSpec } from './definition';
import type { Report } from './report';

export interface CoercedParams {
  /** GraphQL variables (DateTime as ISO strings); absent parameters are left out. */
  readonly variables: Readonly<Record<string, string | number>>;
  /** SHA-256 of the coerced parameters, for the audit ledger and cursor binding. */
  readonly hash: string;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

export function coerceParams(report: Report, query: URLSearchParams, endpointParams: readonly string[]): CoercedParams | GraphQLError {
  const seen = new Set<string>();
  for (const key of query.keys()) {
    if (seen.has(key)) return invalid(key, 'is given more than once');
    seen.add(key);
    if (!Object.hasOwn(report.params, key) && !endpointParams.includes(key)) return invalid(key, 'is not a parameter of this report');
  }
  const variables: Record<string, string | number> = {};
  for (const [name, spec] of Object.entries(report.params)) {
    const raw = query.get(name);
    if (raw === null || raw === '') {
      if (spec.required) return invalid(name, 'is required');
      continue;
    }
    const value = coerce(spec, raw);
    if (value === null) return invalid(name, `must be ${expected(spec)}`);
    variables[name] = value;
  }
  const canonical = JSON.stringify(
    Object.keys(variables)
      .sort()
      .map((k) => [k, variables[k]]),
  );
  return { variables: Object.freeze(variables), hash: createHash('sha256').update(`${report.id}@${report.version}\n${canonical}`).digest('hex') };
}

function coerce(spec: ParamSpec, raw: string): string | number | null {
  switch (spec.type) {
    case 'date': {
      const m = DATE.exec(raw);
      if (!m) return null;
      const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
      // Rejects 2026-02-30 and friends instead of rolling them over.
      return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]) ? d.toISOString() : null;
    }
    case 'datetime': {
      if (!DATETIME.test(raw)) return null;
      const d = new Date(raw);
      return Number.isNaN(d.getTime()) ? null : d.toISOString();
    }
    case 'int': {
      if (!/^-?\d{1,15}$/.test(raw)) return null;
      const n = Number(raw);
      if ((spec.min !== undefined && n < spec.min) || (spec.max !== undefined && n > spec.max)) return null;
      return n;
    }
    case 'string':
      // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is refused
      return raw.length <= spec.maxLength && !/[\u0000-\u001f\u007f]/.test(raw) ? raw : null;
    case 'enum':
      return spec.values.includes(raw) ? raw : null;
  }
}

function expected(spec: ParamSpec): string {
  switch (spec.type) {
    case 'date':
      return 'a date such as 2026-01-31';
    case 'datetime':
      return 'an ISO 8601 date-time with a time zone, such as 2026-01-31T08:00:00Z';
    case 'int':
      return `a whole number${spec.min !== undefined ? ` ≥ ${spec.min}` : ''}${spec.max !== undefined ? ` ≤ ${spec.max}` : ''}`;
    case 'string':
      return `text of at most ${spec.maxLength} characters`;
    case 'enum':
      return `one of ${spec.values.join(', ')}`;
  }
}

function invalid(name: string, problem: string): GraphQLError {
  // The name is safe to echo only once it is known to be a plain identifier.
  const shown = /^[A-Za-z0-9_.-]{1,64}$/.test(name) ? name : '(unprintable name)';
  return gatewayError('INVALID_REPORT_PARAMETER', `parameter "${shown}" ${problem}`, { parameter: shown });
}
