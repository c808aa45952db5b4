// Document length in lexical tokens. The parser itself stops at the largest limit any role has
// (so it never reads further); each role's own limit is compared here.
import { defineRule } from './rule';

export const tokensRule = defineRule({
  code: 'TOO_MANY_TOKENS',
  limit: (l) => l.maxTokens,
  measure: (m) => m.tokens,
  describe: (measured, limit) => `query document has ${measured} tokens, over the limit of ${limit}`,
});
