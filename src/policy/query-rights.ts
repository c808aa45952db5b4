// Query rights (docs/design.md, "The policy model"): filtering, sorting and grouping on a classified field are
// separate from viewing it, because a masked value falls to range queries, prefix filters and
// sort order (docs/design.md, "Inference and side channels": ~27 range queries recover 138****5678). Checked before any query runs.
import { gatewayError } from '../errors';
import type { CompiledPolicy } from './compile';
import { levelRank, type Level } from './classes';
import type { PolicyField, PolicyFilterUse } from './fields';
import type { Role } from './roles';

/** Operators that answer only "is it exactly this value" — what the `exact` right permits. */
const EXACT_OPERATORS = new Set(['eq', 'in']);

export interface QueryRightsChecker {
  checkFilter(uses: readonly PolicyFilterUse[]): void;
  checkSort(fields: readonly PolicyField[]): void;
  /** Grouping on classified fields: the group right, and a view level at least as revealing as the dimension. */
  checkGroup(uses: readonly { readonly field: PolicyField; readonly reveals: Level | null }[]): void;
  /** Exact-match values on classified fields the caller cannot filter fully (for budgets). */
  exactLookups(uses: readonly PolicyFilterUse[]): number;
}

/** `caller`: whose rights (a Principal fits; only its role counts). */
export function createQueryRights(policy: CompiledPolicy, caller: { readonly role: Role | null }): QueryRightsChecker {
  const role = caller.role;
  return {
    checkFilter(uses) {
      for (const use of uses) {
        const cls = use.field.dataClass;
        if (!cls) continue;
        const right = policy.rights(role, cls).filter;
        if (right === 'full' || (right === 'exact' && EXACT_OPERATORS.has(use.operator))) continue;
        throw gatewayError('FORBIDDEN_FILTER', `filtering on ${use.field.coordinate} with "${use.operator}" is not allowed for this role`, {
          field: use.field.coordinate,
          operator: use.operator,
        });
      }
    },
    checkSort(fields) {
      for (const field of fields) {
        if (field.dataClass && !policy.rights(role, field.dataClass).sort) {
          throw gatewayError('FORBIDDEN_SORT', `sorting on ${field.coordinate} is not allowed for this role`, { field: field.coordinate });
        }
      }
    },
    checkGroup(uses) {
      for (const { field, reveals } of uses) {
        const cls = field.dataClass;
        if (!cls) continue;
        const tooFine = reveals !== null && levelRank(cls, policy.level(role, cls, false)) > levelRank(cls, reveals);
        if (!policy.rights(role, cls).group || tooFine) {
          throw gatewayError('FORBIDDEN_GROUP', `grouping on ${field.coordinate} is not allowed for this role`, { field: field.coordinate });
        }
      }
    },
    exactLookups(uses) {
      let n = 0;
      for (const use of uses) {
        if (use.field.dataClass && policy.rights(role, use.field.dataClass).filter === 'exact') n += use.values;
      }
      return n;
    },
  };
}
