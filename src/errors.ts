// Every error the gateway returns to a client — from the HTTP layer, from Apollo's request
// pipeline and from resolvers — with a stable code (in GraphQL `extensions.code`), the HTTP status
// a response gets when that error decides it (no `data`), and the public message. Call sites pick
// an entry; clients switch on the code. Messages are general: they never echo stored values or
// raw input. The README's error table is tested against this one, both ways.
import { GraphQLError } from 'graphql';

export const ERRORS = {
  BAD_REQUEST: { status: 400, message: 'the request is not a valid GraphQL over HTTP request' },
  GRAPHQL_PARSE_FAILED: { status: 400, message: 'the query does not parse' },
  GRAPHQL_VALIDATION_FAILED: { status: 400, message: 'the query is not valid against the schema' },
  OPERATION_RESOLUTION_FAILURE: { status: 400, message: 'the operation to run cannot be determined' },
  BAD_USER_INPUT: { status: 400, message: 'invalid input' },
  // Apollo Client's persisted-query link reads these two in a 200 response and resends the full query.
  PERSISTED_QUERY_NOT_FOUND: { status: 200, message: 'PersistedQueryNotFound' },
  PERSISTED_QUERY_NOT_SUPPORTED: { status: 200, message: 'PersistedQueryNotSupported' },
  DOCUMENT_NOT_TRUSTED: { status: 403, message: 'only documents in the trusted-document manifest may run' },
  NOT_FOUND: { status: 404, message: 'not found' },
  METHOD_NOT_ALLOWED: { status: 405, message: 'method not allowed' },
  NOT_ACCEPTABLE: { status: 406, message: 'the accept header allows neither application/json nor application/graphql-response+json' },
  PAYLOAD_TOO_LARGE: { status: 413, message: 'the request body is larger than allowed' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: 'unsupported content-type' },
  UNAUTHENTICATED: { status: 401, message: 'authentication required' },
  AUTH_UNAVAILABLE: { status: 503, message: 'token cannot be checked right now', retryAfterSeconds: 5 },
  ORIGIN_NOT_ALLOWED: { status: 403, message: 'this origin may not call the gateway from a browser' },
  FORBIDDEN: { status: 403, message: 'not allowed for this role' },
  INTROSPECTION_DISABLED: { status: 403, message: 'schema introspection is not allowed for this role' },
  INVALID_PHONE: { status: 400, message: 'not a valid mobile or E.164 phone number' },
  INVALID_EMAIL: { status: 400, message: 'not a valid email address' },
  INVALID_ID_NUMBER: { status: 400, message: 'not a valid 18-digit resident ID number' },
  INVALID_CURSOR: { status: 400, message: 'the cursor is not valid for this query' },
  PAGE_SIZE_EXCEEDED: { status: 400, message: 'page size exceeds the maximum' },
  QUERY_TOO_DEEP: { status: 400, message: 'the query nests deeper than allowed' },
  QUERY_TOO_LARGE: { status: 400, message: 'the query selects more fields than allowed once fragments are expanded' },
  TOO_MANY_TOKENS: { status: 400, message: 'the query document is longer than allowed' },
  TOO_MANY_ALIASES: { status: 400, message: 'the query uses more aliases than allowed' },
  TOO_MANY_DIRECTIVES: { status: 400, message: 'the query uses more directives than allowed' },
  QUERY_TOO_COMPLEX: { status: 400, message: 'the query may return more objects than allowed' },
  RATE_LIMITED: { status: 429, message: 'too many requests; retry after the time given in Retry-After' },
  DEADLINE_EXCEEDED: { status: 504, message: 'the request did not complete within its deadline' },
  OVERLOADED: { status: 503, message: 'the gateway is overloaded; retry after the time given in Retry-After', retryAfterSeconds: 1 },
  FORBIDDEN_FILTER: { status: 403, message: 'filtering on this field is not allowed for this role' },
  FORBIDDEN_SORT: { status: 403, message: 'sorting on this field is not allowed for this role' },
  FORBIDDEN_GROUP: { status: 403, message: 'grouping on this field is not allowed for this role' },
  FORBIDDEN_WRITE: { status: 403, message: 'writing this field is an exact lookup (a unique index covers it), which this role may not make' },
  LOOKUP_BUDGET_EXCEEDED: { status: 429, message: 'exact-lookup budget exhausted' },
  AGGREGATE_FILTER_TOO_FINE: { status: 400, message: 'aggregate filters must be coarse: dates as gte/lt on month boundaries, other fields eq/in' },
  AGGREGATE_BUDGET_EXCEEDED: { status: 429, message: 'aggregate query budget exhausted' },
  REVEAL_NOT_ALLOWED: { status: 403, message: 'revealing this field is not allowed for this role' },
  REVEAL_MFA_REQUIRED: { status: 403, message: 'revealing requires a recent multi-factor authentication' },
  REVEAL_REASON_REQUIRED: { status: 400, message: 'a reason is required to reveal a value' },
  REVEAL_BUDGET_EXCEEDED: { status: 429, message: 'reveal budget exhausted' },
  CONFLICT: { status: 409, message: 'the change conflicts with an existing record' },
  AUDIT_UNAVAILABLE: { status: 503, message: 'the audit ledger cannot be written; sensitive data withheld', retryAfterSeconds: 5 },
  STORE_UNAVAILABLE: { status: 503, message: 'the data store is unavailable', retryAfterSeconds: 5 },
  DECRYPTION_FAILED: { status: 200, message: 'a stored value could not be decrypted and is withheld' },
  ENCRYPTION_UNAVAILABLE: { status: 503, message: 'the data key for this field is unavailable; nothing was written or looked up' },
  BI_QUERY_NOT_ALLOWED: { status: 403, message: 'BI tokens run registered reports only; GraphQL documents sent by a BI token are refused' },
  REPORT_NOT_FOUND: { status: 404, message: 'no such report' },
  REPORT_NOT_ALLOWED: { status: 403, message: 'this token may not run this report' },
  INVALID_REPORT_PARAMETER: { status: 400, message: 'a report parameter is unknown, repeated or malformed' },
  REPORT_TOO_LARGE: { status: 413, message: 'the report has more rows than one response may carry; page through it with ?cursor=' },
  INTERNAL: { status: 500, message: 'internal error' },
} as const satisfies Record<string, { status: number; message: string; retryAfterSeconds?: number }>;

export type ErrorCode = keyof typeof ERRORS;

export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && Object.hasOwn(ERRORS, code);
}

type Details = Record<string, string | number | boolean>;

/**
 * Builds the GraphQL error for a code. `details` go into `extensions` and must be safe to show:
 * field names, limits, reasons — never values.
 */
export function gatewayError(code: ErrorCode, message?: string, details: Details = {}): GraphQLError {
  return new GraphQLError(message ?? ERRORS[code].message, {
    extensions: { code, ...details, http: { status: ERRORS[code].status } },
  });
}

export function isGatewayError(err: unknown): err is GraphQLError {
  return isErrorCode((err as GraphQLError | undefined)?.extensions?.code);
}

/** Headers an error brings with it: when to retry (503, RFC 9110) and how to authenticate (401, RFC 6750). */
export function errorHeaders(code: ErrorCode, details: Readonly<Record<string, unknown>> = {}): Record<string, string> {
  const entry: { readonly status: number; readonly retryAfterSeconds?: number } = ERRORS[code];
  const headers: Record<string, string> = {};
  // A refusal that knows when its window ends (RATE_LIMITED) says so; otherwise the table's value.
  const retryAfter = typeof details.retryAfterSeconds === 'number' ? details.retryAfterSeconds : entry.retryAfterSeconds;
  if (retryAfter !== undefined) headers['retry-after'] = String(retryAfter);
  // A request without a token gets the challenge alone; a refused token gets `invalid_token`,
  // which tells a client to drop it. A 503 never does: the token may be fine.
  if (code === 'UNAUTHENTICATED') headers['www-authenticate'] = details.reason === 'missing' ? 'Bearer' : 'Bearer error="invalid_token"';
  return headers;
}

export interface ErrorBody {
  errors: { message: string; extensions: Record<string, unknown> }[];
}

/**
 * The HTTP status, headers and body for an error answered outside GraphQL execution (HTTP layer):
 * the same `{ errors: [{ message, extensions: { code, … } }] }` shape Apollo writes, with the
 * status and headers of the code's entry.
 */
export function errorResponse(error: GraphQLError | ErrorCode, details: Details = {}): { status: number; headers: Record<string, string>; body: ErrorBody } {
  const err = typeof error === 'string' ? gatewayError(error, undefined, details) : error;
  const { http: _http, ...extensions } = err.extensions as { http?: unknown } & Record<string, unknown>;
  const code: ErrorCode = isErrorCode(extensions.code) ? extensions.code : 'INTERNAL';
  const message = isErrorCode(extensions.code) ? err.message : ERRORS.INTERNAL.message;
  return {
    status: ERRORS[code].status,
    headers: errorHeaders(code, extensions),
    body: { errors: [{ message, extensions: { ...extensions, code } }] },
  };
}
