// Compares a document's shape with the limits and names the first one it breaks, with the limit
// and the measured value, so a client can tell what to change. Pure: no I/O, no request state.
import type { GraphQLError } from 'graphql';
import { gatewayError } from '../errors';
import type { QueryLimits } from './defaults';
import type { DocumentShape } from './document-shape';

export function checkShape(shape: DocumentShape, limits: QueryLimits): GraphQLError | null {
  if (shape.depth > limits.maxDepth) {
    return gatewayError('QUERY_TOO_DEEP', `query depth ${shape.depth} exceeds the limit of ${limits.maxDepth}`, { limit: limits.maxDepth, measured: shape.depth });
  }
  if (shape.fields > limits.maxFields) {
    const measured = Number.isFinite(shape.fields) ? shape.fields : Number.MAX_SAFE_INTEGER;
    return gatewayError(
      'QUERY_TOO_LARGE',
      `query selects ${shape.fields > Number.MAX_SAFE_INTEGER ? 'more than 2^53' : shape.fields} fields once fragments are expanded, over the limit of ${limits.maxFields}`,
      { limit: limits.maxFields, measured },
    );
  }
  return null;
}

/** The parser's own refusal when a document has more tokens than `maxTokens`. */
export function tokenLimitError(parseError: Error, limits: QueryLimits): GraphQLError | null {
  if (!/Document contains more th[ae][nt] \d+ tokens/.test(parseError.message)) return null;
  return gatewayError('TOO_MANY_TOKENS', `query document has more than ${limits.maxTokens} tokens, the limit`, { limit: limits.maxTokens });
}
