// The limits step inside Apollo: whatever document reaches execution — including one Apollo
// takes from its persisted-query cache without the HTTP step having seen its text — is checked
// against the caller's limits once its operation is resolved, before compilation or execution.
// The HTTP step (document-gate.ts) has normally refused an oversized document already, before
// it was validated; this is the backstop. A throw here becomes the request's error (400).
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { CostOf } from './cost';
import type { QueryLimits } from './defaults';
import { checkLimits } from './query-limits';
import type { ShapeOf } from './shape-cache';

export function queryLimitsPlugin<TContext extends BaseContext>(limitsFor: (ctx: TContext) => QueryLimits, shapeOf: ShapeOf, costOf: CostOf): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, contextValue, request, operationName }) {
          const limits = limitsFor(contextValue);
          const shape = shapeOf(document);
          const refusal =
            checkLimits({ ...shape, cost: 0 }, limits) ?? checkLimits({ ...shape, cost: costOf(document, operationName ?? request.operationName, request.variables) }, limits);
          if (refusal) throw refusal;
        },
      };
    },
  };
}
