// The data layer's gate before any query runs: query rights first (reject), then the exact-lookup
// budget (docs/inference.md: an exact match answers exists / not exists, so each looked-up value counts,
// aliases and batches included), and each lookup is noted for the audit ledger. Aggregate
// queries also pass the coarse-filter rule and the per-principal aggregate budget. The rules
// themselves are pure (src/policy); this is where they meet the budgets' counters.
import type { Principal } from '../auth/principal';
import { gatewayError } from '../errors';
import { checkAggregateFilter } from '../policy/aggregate-filter';
import type { Level } from '../policy/classes';
import type { CompiledPolicy } from '../policy/compile';
import { createQueryRights } from '../policy/query-rights';
import type { FieldInfo, FieldMap } from '../schema/field-map';
import type { Budgets } from './budgets';
import type { QueryGuard } from './data-source';

/** Notes one exact lookup for the audit ledger (the request's disclosure step makes the record). */
export type NoteLookup = (field: FieldInfo, level: Level, decision: 'lookup' | 'deny', reason: string | null) => void;

export interface QueryGuardDeps {
  readonly policy: CompiledPolicy;
  readonly principal: Principal;
  readonly budgets: Budgets;
  readonly fieldMap: FieldMap;
  readonly noteLookup: NoteLookup;
}

export function createQueryGuard(deps: QueryGuardDeps): QueryGuard {
  const rights = createQueryRights(deps.policy, deps.principal);
  return {
    async checkFilter(uses) {
      rights.checkFilter(uses);
      const lookups = rights.exactLookups(uses);
      if (lookups === 0) return;
      const ok = await deps.budgets.consume('lookup', deps.principal.subject, lookups, deps.policy.lookups.budgetPerHour);
      for (const use of uses) {
        const cls = use.field.dataClass;
        if (!cls || deps.policy.rights(deps.principal.role, cls).filter !== 'exact') continue;
        deps.noteLookup(use.field, deps.policy.level(deps.principal.role, cls, false), ok ? 'lookup' : 'deny', ok ? null : 'lookup budget exhausted');
      }
      if (!ok) throw gatewayError('LOOKUP_BUDGET_EXCEEDED', undefined, { budgetPerHour: deps.policy.lookups.budgetPerHour });
    },
    async checkWriteLookup(fields) {
      const note = (field: FieldInfo, decision: 'lookup' | 'deny', reason: string) =>
        deps.noteLookup(field, deps.policy.level(deps.principal.role, field.dataClass!, false), decision, reason);
      // Without the lookup right the write is refused before it reaches the database, so the
      // answer is the same whether the value exists or not.
      for (const field of fields) {
        if (deps.policy.rights(deps.principal.role, field.dataClass!).filter === 'none') {
          note(field, 'deny', 'write to a uniquely indexed field without the lookup right');
          throw gatewayError('FORBIDDEN_WRITE', `writing ${field.coordinate} is an exact lookup (a unique index covers it), which this role may not make`, {
            field: field.coordinate,
          });
        }
      }
      const ok = await deps.budgets.consume('lookup', deps.principal.subject, fields.length, deps.policy.lookups.budgetPerHour);
      for (const field of fields) note(field, ok ? 'lookup' : 'deny', ok ? 'write to a uniquely indexed field' : 'lookup budget exhausted');
      if (!ok) throw gatewayError('LOOKUP_BUDGET_EXCEEDED', undefined, { budgetPerHour: deps.policy.lookups.budgetPerHour });
    },
    checkAggregateFilter(typeName, input) {
      checkAggregateFilter(typeName, input, deps.fieldMap, deps.policy.aggregates.dateGranularity);
    },
    async chargeAggregate() {
      const { budget } = deps.policy.aggregates;
      // Every answer spends budget, repeated or not: averaging over many differently built pairs
      // of answers is the attack the noise alone cannot stop (docs/inference.md).
      if (!(await deps.budgets.consume('aggregate', deps.principal.subject, 1, budget.queries, budget.windowHours * 3_600_000))) {
        throw gatewayError('AGGREGATE_BUDGET_EXCEEDED', undefined, { queries: budget.queries, windowHours: budget.windowHours });
      }
    },
    checkSort: (fields) => rights.checkSort(fields),
    checkGroup: (uses) => rights.checkGroup(uses),
  };
}
