// What the policy checks need to know of a schema field: its coordinate and its data class. Plain
// inputs, so policy depends on nothing of the schema or data layers; the schema's field map
// (schema/field-map.ts) and the data layer's filter uses (data/filters.ts) fit these shapes.
import type { DataClass } from './classes';

export interface PolicyField {
  /** GraphQL type and field name, e.g. Customer.phone */
  readonly coordinate: string;
  readonly dataClass: DataClass | null;
}

/** One field-operator pair a filter uses; `values` counts the looked-up values (for budgets). */
export interface PolicyFilterUse {
  readonly field: PolicyField;
  readonly operator: string;
  readonly values: number;
}

/** Finds a field's declaration by type and field name (the schema's field map is one). */
export interface FieldLookup {
  field(typeName: string, fieldName: string): PolicyField;
}
