// Row scopes (docs/design.md, "Roles and row scopes"), as MongoDB filters that every query of the data layer ANDs in.
// A record outside the scope is never fetched, so it reads exactly like a missing one. Unknown
// roles and incomplete principals (a manager without a team) see nothing.
import type { Filter, Document } from 'mongodb';
import type { Principal } from '../auth/principal';
import type { FieldMap } from '../schema/field-map';

export type Scope = { readonly kind: 'all' } | { readonly kind: 'filter'; readonly filter: Filter<Document> } | { readonly kind: 'none' };

const ALL: Scope = { kind: 'all' };
const NONE: Scope = { kind: 'none' };

/** Scope over a collection-backed type whose documents carry owner and team fields. */
export function ownedRecordScope(principal: Principal, fieldMap: FieldMap, typeName: 'Customer' | 'Deal'): Scope {
  switch (principal.role) {
    case 'admin':
    case 'support':
    case 'analyst':
      return ALL;
    case 'manager':
      return principal.team ? { kind: 'filter', filter: { [fieldMap.field(typeName, 'teamId').path]: principal.team } } : NONE;
    case 'sales':
      return { kind: 'filter', filter: { [fieldMap.field(typeName, 'ownerId').path]: principal.subject } };
    default:
      // auditor, null (no known role), and any role added later without a decision here.
      return NONE;
  }
}

/** ANDs a scope into a filter; returns null when the scope admits nothing (skip the query). */
export function scoped(scope: Scope, filter: Filter<Document>): Filter<Document> | null {
  if (scope.kind === 'none') return null;
  if (scope.kind === 'all') return filter;
  return Object.keys(filter).length === 0 ? scope.filter : { $and: [scope.filter, filter] };
}
