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
  DECRYPTION_FAILED: { status: 200, message: 'a stored value could not be decrypted and is withheld' },
  ENCRYPTION_UNAVAILABLE: { status: 503, message: 'the data key for this field is unavailable; nothing was written or looked up' },
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
