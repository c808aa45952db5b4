// GraphQL filter inputs → MongoDB filters, through the schema's field map. Builds only the
// operators listed here, with values as typed by GraphQL (strings, dates), so no client text is
// ever interpreted as a query operator. Reports each use so query rights can be checked first.
import type { Document, Filter } from 'mongodb';
import type { FieldInfo, FieldMap } from '../schema/field-map';
import { parseId } from './ids';

export const FILTER_OPERATORS = ['eq', 'in', 'startsWith', 'gt', 'gte', 'lt', 'lte'] as const;
export type FilterOperator = (typeof FILTER_OPERATORS)[number];

/** One field-operator pair a filter uses; `values` counts the looked-up values (for budgets). */
export interface FilterUse {
  readonly field: FieldInfo;
  readonly operator: FilterOperator;
  readonly values: number;
}

export interface TranslatedFilter {
  readonly filter: Filter<Document>;
  readonly uses: readonly FilterUse[];
}

type OperatorInput = Partial<Record<FilterOperator, unknown>>;

const MONGO_OP: Record<Exclude<FilterOperator, 'eq' | 'startsWith'>, string> = { in: '$in', gt: '$gt', gte: '$gte', lt: '$lt', lte: '$lte' };

/**
 * `lookupValue` turns a looked-up value into its stored form (deterministic ciphertext for an
 * encrypted field); it applies to equality operators only, the only ones ciphertext can answer.
 */
export function translateFilter(
  typeName: string,
  input: Record<string, unknown> | null | undefined,
  fieldMap: FieldMap,
  lookupValue?: (field: FieldInfo, value: unknown) => unknown,
): TranslatedFilter {
  const clauses: Filter<Document>[] = [];
  const uses: FilterUse[] = [];
  for (const [fieldName, raw] of Object.entries(input ?? {})) {
    if (raw === null || raw === undefined) continue;
    const field = fieldMap.field(typeName, fieldName);
    const toStored: (v: unknown) => unknown = field.isId ? (v) => parseId(String(v)) : lookupValue && field.dataClass ? (v) => lookupValue(field, v) : identity;
    if (typeof raw !== 'object' || raw instanceof Date) {
      clauses.push({ [field.path]: toStored(raw) });
      uses.push({ field, operator: 'eq', values: 1 });
      continue;
    }
    for (const [op, value] of Object.entries(raw as OperatorInput)) {
      if (value === null || value === undefined) continue;
      const operator = op as FilterOperator;
      if (operator === 'eq') {
        clauses.push({ [field.path]: toStored(value) });
        uses.push({ field, operator, values: 1 });
      } else if (operator === 'startsWith') {
        clauses.push({ [field.path]: { $regex: `^${escapeRegex(String(value))}` } });
        uses.push({ field, operator, values: 1 });
      } else if (operator === 'in') {
        const list = (value as unknown[]).map((v) => toStored(v));
        clauses.push({ [field.path]: { $in: list } });
        uses.push({ field, operator, values: list.length });
      } else {
        clauses.push({ [field.path]: { [MONGO_OP[operator]]: value } });
        uses.push({ field, operator, values: 1 });
      }
    }
  }
  const filter = clauses.length === 0 ? {} : clauses.length === 1 ? clauses[0]! : { $and: clauses };
  return { filter, uses };
}

function identity<T>(v: T): T {
  return v;
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
