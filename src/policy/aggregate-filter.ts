// Filters an aggregate query may use: coarse ones only. Two aggregates whose filters differ by
// one boundary (createdAt ≤ T against < T, or a prefix one character longer) differ by whoever
// sits on that boundary, whatever the minimum group size of each answer (docs/inference.md: aggregates are
// differenced). So dates are half-open ranges (gte / lt) on boundaries of the policy's unit
// (month by default), and other fields are compared by value only (eq / in): a boundary can then
// only move by a whole month or a whole value, never by one record. The noise added to every
// answer (disclosure/aggregate-noise.ts) covers what a whole month or value can still isolate.
import { gatewayError } from '../errors';
import type { FieldLookup } from './fields';
import type { DateGranularity } from './schema';

const DATE_OPERATORS = new Set(['gte', 'lt']);
const VALUE_OPERATORS = new Set(['eq', 'in']);

/** Throws AGGREGATE_FILTER_TOO_FINE for the first operator or bound that is finer than allowed. */
export function checkAggregateFilter(typeName: string, input: Record<string, unknown> | null | undefined, fields: FieldLookup, unit: DateGranularity): void {
  for (const [name, raw] of Object.entries(input ?? {})) {
    if (raw === null || raw === undefined) continue;
    const field = fields.field(typeName, name).coordinate;
    if (typeof raw !== 'object' || raw instanceof Date) {
      if (raw instanceof Date) refuse(field, 'eq', unit);
      continue;
    }
    for (const [operator, value] of Object.entries(raw as Record<string, unknown>)) {
      if (value === null || value === undefined) continue;
      if (value instanceof Date) {
        if (!DATE_OPERATORS.has(operator) || !onBoundary(value, unit)) refuse(field, operator, unit);
      } else if (!VALUE_OPERATORS.has(operator)) {
        refuse(field, operator, unit);
      }
    }
  }
}

function refuse(field: string, operator: string, unit: DateGranularity): never {
  throw gatewayError('AGGREGATE_FILTER_TOO_FINE', `aggregate filter on ${field} is finer than allowed: dates take gte/lt on ${unit} boundaries (UTC), other fields eq/in`, {
    field,
    operator,
    dateGranularity: unit,
  });
}

/** True when the instant is the first millisecond of a UTC month, quarter or year. */
function onBoundary(d: Date, unit: DateGranularity): boolean {
  const t = d.getTime();
  if (!Number.isFinite(t)) return false;
  const month = d.getUTCMonth();
  const start = Date.UTC(d.getUTCFullYear(), month, 1);
  if (t !== start) return false;
  if (unit === 'quarter') return month % 3 === 0;
  if (unit === 'year') return month === 0;
  return true;
}
