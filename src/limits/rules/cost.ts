// Query cost: objects the response may hold, with list sizes multiplied through (cost.ts).
import { defineRule } from './rule';

export const costRule = defineRule({
  code: 'QUERY_TOO_COMPLEX',
  limit: (l) => l.maxCost,
  measure: (m) => m.cost,
  describe: (measured, limit) => `query may return ${measured} objects, over the cost limit of ${limit}`,
});
