// The query limits, in the order a refusal names them: the first one a document breaks is the
// one reported. Each rule is its own module under rules/; this only runs them in turn.
import type { GraphQLError } from 'graphql';
import type { QueryLimits } from './defaults';
import { aliasesRule } from './rules/aliases';
import { costRule } from './rules/cost';
import { depthRule } from './rules/depth';
import { directivesRule } from './rules/directives';
import { fieldsRule } from './rules/fields';
import type { LimitRule, Measurements } from './rules/rule';
import { tokensRule } from './rules/tokens';
import { gatewayError } from '../errors';

const RULES: readonly LimitRule[] = [tokensRule, depthRule, fieldsRule, aliasesRule, directivesRule, costRule];

export function checkLimits(measured: Measurements, limits: QueryLimits): GraphQLError | null {
  for (const rule of RULES) {
    const refusal = rule.check(measured, limits);
    if (refusal) return refusal;
  }
  return null;
}

/** The parser's own refusal when a document has more tokens than it was allowed to read. */
export function tokenLimitError(parseError: Error, parserMaxTokens: number): GraphQLError | null {
  if (!/Document contains more th[ae][nt] \d+ tokens/.test(parseError.message)) return null;
  // The parser stopped reading one token past the limit: that is all that is known of the length.
  return gatewayError('TOO_MANY_TOKENS', `query document has more than ${parserMaxTokens} tokens, over the limit of ${parserMaxTokens}`, {
    limit: parserMaxTokens,
    measured: parserMaxTokens + 1,
  });
}

export type { Measurements };
