// Query depth: the deepest chain of nested fields (a leaf on the root type is depth 1).
import { defineRule } from './rule';

export const depthRule = defineRule({
  code: 'QUERY_TOO_DEEP',
  limit: (l) => l.maxDepth,
  measure: (m) => m.depth,
  describe: (measured, limit) => `query depth ${measured} exceeds the limit of ${limit}`,
});
