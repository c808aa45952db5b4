// What a client may see of an error. Gateway errors and GraphQL's own request errors pass
// (their messages are fixed sentences or about the query's shape); a store that cannot be reached
// becomes STORE_UNAVAILABLE (logged once per request by response-status.ts); anything else — a
// driver error, a duplicate-key message that quotes the stored value, a bug — becomes INTERNAL,
// and only its class and numeric code are logged, never its message. Every code that leaves is
// one of src/errors.ts.
import { unwrapResolverError } from '@apollo/server/errors';
import { Kind, print, type ASTNode, type GraphQLFormattedError } from 'graphql';
import type { Logger } from 'pino';
import { isStoreUnavailable } from '../data/store-errors';
import { ERRORS, isGatewayError, type ErrorCode } from '../errors';

const APOLLO_REQUEST_ERRORS = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
]);

/** Apollo answers some malformed requests with BAD_REQUEST and a status of its own; each has its code here. */
const BAD_REQUEST_BY_STATUS: Readonly<Record<number, ErrorCode>> = { 405: 'METHOD_NOT_ALLOWED', 406: 'NOT_ACCEPTABLE', 415: 'UNSUPPORTED_MEDIA_TYPE' };

export function createFormatError(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const code = formatted.extensions?.code;
    if (isGatewayError(original) || (typeof code === 'string' && APOLLO_REQUEST_ERRORS.has(code) && !hasForeignCause(original))) {
      const { http: _http, stacktrace: _stack, ...extensions } = formatted.extensions ?? {};
      if (code === 'BAD_REQUEST') extensions.code = BAD_REQUEST_BY_STATUS[httpStatusOf(error) ?? 400] ?? 'BAD_REQUEST';
      return { message: withoutInputValue(formatted.message, error), locations: formatted.locations, path: formatted.path, extensions };
    }
    if (isStoreUnavailable(original)) {
      return { message: ERRORS.STORE_UNAVAILABLE.message, path: formatted.path, extensions: { code: 'STORE_UNAVAILABLE' } };
    }
    const e = original as { name?: unknown; code?: unknown } | null;
    logger.error(
      {
        errorClass: typeof e?.name === 'string' ? e.name : typeof original,
        errorCode: typeof e?.code === 'number' || typeof e?.code === 'string' ? e.code : undefined,
        path: formatted.path,
      },
      'request failed with an internal error',
    );
    return { message: ERRORS.INTERNAL.message, path: formatted.path, extensions: { code: 'INTERNAL' } };
  };
}

/**
 * graphql-js quotes a variable's rejected value in its message (`Variable "$n" got invalid value
 * "13812345678"; …`). The value may be personal data typed by a user, and messages are logged
 * and shown; keep the variable, the path inside it and the expected type, drop the value.
 */
function withoutInputValue(message: string, error: unknown): string {
  const match = /^Variable "\$([_A-Za-z][_0-9A-Za-z]*)" got invalid value (?:.*?)(?: at "([^"]*)")?; /s.exec(message);
  if (!match) return message;
  const node = (error as { nodes?: readonly ASTNode[] } | null)?.nodes?.[0];
  const type = node?.kind === Kind.VARIABLE_DEFINITION ? print(node.type) : null;
  return `Variable "$${match[1]}" got an invalid value${match[2] ? ` at "${match[2]}"` : ''}${type ? `; expected type ${type}` : ''}.`;
}

function httpStatusOf(error: unknown): number | undefined {
  const status = (error as { extensions?: { http?: { status?: unknown } } } | null)?.extensions?.http?.status;
  return typeof status === 'number' ? status : undefined;
}

/** A BAD_USER_INPUT wrapping a scalar's thrown non-GraphQL error could carry its message. */
function hasForeignCause(error: unknown): boolean {
  const cause = (error as { originalError?: unknown } | null)?.originalError;
  return cause !== undefined && cause !== null && !isGatewayError(cause) && !(cause instanceof Error && cause.name === 'GraphQLError');
}
