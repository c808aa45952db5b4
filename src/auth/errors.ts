// Why a token was refused. The reason is for logs, metrics and tests; the message is what a
// client may see: a fixed sentence per reason that never echoes claim values or key material.
import { ERRORS } from '../errors';

export const AUTH_FAILURE_REASONS = [
  'missing',
  'malformed',
  'expired',
  'not_yet_valid',
  'bad_signature',
  'wrong_issuer',
  'wrong_audience',
  'unknown_key',
  'algorithm_not_allowed',
  'revoked',
  'invalid_claims',
  'key_unavailable',
  'address_not_allowed',
] as const;
export type AuthFailureReason = (typeof AUTH_FAILURE_REASONS)[number];

const MESSAGES: Record<AuthFailureReason, string> = {
  missing: 'authentication token is missing',
  malformed: 'token is malformed',
  expired: 'token expired',
  not_yet_valid: 'token is not valid yet',
  bad_signature: 'token signature is invalid',
  wrong_issuer: 'token issuer is not accepted',
  wrong_audience: 'token audience is not accepted',
  unknown_key: 'token signing key is not known',
  algorithm_not_allowed: 'token algorithm is not accepted',
  revoked: 'token is revoked or unknown',
  invalid_claims: 'token claims are invalid',
  key_unavailable: 'token cannot be checked right now',
  address_not_allowed: 'token is not accepted from this address',
};

/**
 * A refused token. Deliberately carries no `cause`: jose's claim errors hold the whole payload,
 * and a logger that serialises causes would write it out.
 */
export class AuthError extends Error {
  override readonly name = 'AuthError';
  /**
   * AUTH_UNAVAILABLE (503) when the keys or the revocation list could not be reached: the token
   * may be fine, so the client must not be told to drop it (no 401, no `invalid_token`).
   */
  readonly code: 'UNAUTHENTICATED' | 'AUTH_UNAVAILABLE';
  readonly status: number;

  constructor(readonly reason: AuthFailureReason) {
    super(MESSAGES[reason]);
    this.code = reason === 'key_unavailable' ? 'AUTH_UNAVAILABLE' : 'UNAUTHENTICATED';
    this.status = ERRORS[this.code].status;
  }
}

export function isAuthError(err: unknown): err is AuthError {
  return err instanceof AuthError;
}
