// The data layer's gate before any query runs: query rights first (reject), then the exact-lookup
// budget (docs/design.md, "Inference and side channels": an exact match answers exists / not exists, so each looked-up value counts,
// aliases and batches included), and each lookup is noted for the audit ledger.
import type { Principal } from '../auth/principal';
import type { Budgets } from '../data/budgets';
import type { QueryGuard } from '../data/data-source';
import type { RequestDisclosure } from '../disclosure/disclosure';
import { gatewayError } from '../errors';
import type { FieldMap } from '../schema/field-map';
import type { CompiledPolicy } from './compile';
import { createQueryRights } from './query-rights';

export function createQueryGuard(deps: { policy: CompiledPolicy; principal: Principal; budgets: Budgets; disclosure: RequestDisclosure; fieldMap: FieldMap }): QueryGuard {
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
        deps.disclosure.note({
          coordinate: use.field.coordinate,
          collection: deps.fieldMap.collectionOf(use.field.typeName),
          docId: null,
          path: use.field.path,
          responsePath: undefined,
          dataClass: cls,
          level: deps.policy.level(deps.principal.role, cls, false),
          decision: ok ? 'lookup' : 'deny',
          reason: ok ? null : 'lookup budget exhausted',
        });
      }
      if (!ok) throw gatewayError('LOOKUP_BUDGET_EXCEEDED', undefined, { budgetPerHour: deps.policy.lookups.budgetPerHour });
    },
    checkSort: (fields) => rights.checkSort(fields),
    checkGroup: (uses) => rights.checkGroup(uses),
  };
}
