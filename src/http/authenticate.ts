// The authentication step: a bearer token → a Principal, before any GraphQL work. A refused
// token is UNAUTHENTICATED (401); keys or the revocation list that cannot be reached are
// AUTH_UNAVAILABLE (503 with Retry-After), because the token may well be valid and a client told
// `invalid_token` would throw it away.
import type { GraphQLError } from 'graphql';
import type { Logger } from 'pino';
import { AuthError } from '../auth/errors';
import type { Principal } from '../auth/principal';
import { bearerToken, type TokenVerifier } from '../auth/verifier';
import { gatewayError } from '../errors';
import type { GatewayMetrics } from './metrics';

export interface AuthenticateDeps {
  readonly verifier: TokenVerifier;
  readonly logger: Logger;
  readonly metrics?: GatewayMetrics;
}

export async function authenticate(
  deps: AuthenticateDeps,
  authorization: string | undefined,
  requestId: string,
  clientAddress: string | null = null,
): Promise<{ principal: Principal } | { error: GraphQLError }> {
  try {
    // The address matters for BI tokens bound to networks (CIDR allow-list).
    return { principal: await deps.verifier.verify(bearerToken(authorization), { clientAddress }) };
  } catch (err) {
    if (!(err instanceof AuthError)) throw err;
    deps.logger.info({ requestId, reason: err.reason }, 'request refused: authentication failed');
    deps.metrics?.authFailure(err.reason);
    return { error: gatewayError(err.code, err.message, { reason: err.reason }) };
  }
}
