// Directives after expansion: each is evaluated for every object it applies to.
import { defineRule } from './rule';

export const directivesRule = defineRule({
  code: 'TOO_MANY_DIRECTIVES',
  limit: (l) => l.maxDirectives,
  measure: (m) => m.directives,
  describe: (measured, limit) => `query uses ${measured} directives, over the limit of ${limit}`,
});
