// Aliases after expansion: each alias makes the executor resolve its field once more.
import { defineRule } from './rule';

export const aliasesRule = defineRule({
  code: 'TOO_MANY_ALIASES',
  limit: (l) => l.maxAliases,
  measure: (m) => m.aliases,
  describe: (measured, limit) => `query uses ${measured} aliases, over the limit of ${limit}`,
});
