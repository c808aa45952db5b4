// Every error the gateway returns to a client, with a stable code (in GraphQL `extensions.code`)
// and an HTTP status where it decides one. Call sites pick an entry; clients switch on the code.
// Messages are general: they never echo stored values or raw input.
import { GraphQLError } from 'graphql';

export const ERRORS = {
  UNAUTHENTICATED: { status: 401, message: 'authentication required' },
  FORBIDDEN: { status: 403, message: 'not allowed for this role' },
  INTROSPECTION_DISABLED: { status: 403, message: 'schema introspection is not allowed for this role' },
  BAD_USER_INPUT: { status: 400, message: 'invalid input' },
  INVALID_PHONE: { status: 400, message: 'not a valid mobile or E.164 phone number' },
  INVALID_EMAIL: { status: 400, message: 'not a valid email address' },
  INVALID_ID_NUMBER: { status: 400, message: 'not a valid 18-digit resident ID number' },
  INVALID_CURSOR: { status: 400, message: 'the cursor is not valid for this query' },
  PAGE_SIZE_EXCEEDED: { status: 400, message: 'page size exceeds the maximum' },
  NOT_FOUND: { status: 200, message: 'not found' },
  QUERY_TOO_DEEP: { status: 400, message: 'the query nests deeper than allowed' },
  QUERY_TOO_LARGE: { status: 400, message: 'the query selects more fields than allowed once fragments are expanded' },
  TOO_MANY_TOKENS: { status: 400, message: 'the query document is longer than allowed' },
  FORBIDDEN_FILTER: { status: 403, message: 'filtering on this field is not allowed for this role' },
  FORBIDDEN_SORT: { status: 403, message: 'sorting on this field is not allowed for this role' },
  FORBIDDEN_GROUP: { status: 403, message: 'grouping on this field is not allowed for this role' },
  LOOKUP_BUDGET_EXCEEDED: { status: 429, message: 'exact-lookup budget exhausted' },
  REVEAL_NOT_ALLOWED: { status: 403, message: 'revealing this field is not allowed for this role' },
  REVEAL_MFA_REQUIRED: { status: 403, message: 'revealing requires a recent multi-factor authentication' },
  REVEAL_REASON_REQUIRED: { status: 400, message: 'a reason is required to reveal a value' },
  REVEAL_BUDGET_EXCEEDED: { status: 429, message: 'reveal budget exhausted' },
  AUDIT_UNAVAILABLE: { status: 503, message: 'the audit ledger cannot be written; sensitive data withheld' },
  STORE_UNAVAILABLE: { status: 503, message: 'the data store is unavailable' },
  CONFLICT: { status: 409, message: 'the change conflicts with an existing record' },
  BI_QUERY_NOT_ALLOWED: { status: 403, message: 'BI tokens run registered reports only; GraphQL documents sent by a BI token are refused' },
  REPORT_NOT_FOUND: { status: 404, message: 'no such report' },
  REPORT_NOT_ALLOWED: { status: 403, message: 'this token may not run this report' },
  INVALID_REPORT_PARAMETER: { status: 400, message: 'a report parameter is unknown, repeated or malformed' },
  REPORT_TOO_LARGE: { status: 413, message: 'the report has more rows than one response may carry; page through it with ?cursor=' },
  METHOD_NOT_ALLOWED: { status: 405, message: 'method not allowed' },
  INTERNAL: { status: 500, message: 'internal error' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof ERRORS;

/**
 * Builds the GraphQL error for a code. `details` go into `extensions` and must be safe to show:
 * field names, limits, reasons — never values.
 */
export function gatewayError(code: ErrorCode, message?: string, details: Record<string, string | number | boolean> = {}): GraphQLError {
  return new GraphQLError(message ?? ERRORS[code].message, {
    extensions: { code, ...details, http: { status: ERRORS[code].status } },
  });
}

export function isGatewayError(err: unknown): err is GraphQLError {
  const code = (err as GraphQLError | undefined)?.extensions?.code;
  return typeof code === 'string' && code in ERRORS;
}

/**
 * The HTTP status and JSON body for a gateway error answered before GraphQL runs (HTTP layer):
 * the same `{ errors: [{ message, extensions: { code, … } }] }` shape Apollo writes.
 */
export function errorResponse(error: GraphQLError): { status: number; body: { errors: { message: string; extensions: Record<string, unknown> }[] } } {
  const { http, ...extensions } = error.extensions as { http?: { status?: number } } & Record<string, unknown>;
  const code = extensions.code as ErrorCode;
  return { status: http?.status ?? ERRORS[code]?.status ?? 500, body: { errors: [{ message: error.message, extensions }] } };
}
