// Rate limits, the volume half of the limits step: requests per principal (subject and token
// kind, BI tokens included) per minute as the policy sets them per role, and failed
// authentications per client address. Counts live in MongoDB (data/rate-counters.ts), so two
// instances on one database enforce one limit. A refusal is 429 RATE_LIMITED with Retry-After.
import type { GraphQLError } from 'graphql';
import type { Principal } from '../auth/principal';
import type { RateCounters } from '../data/rate-counters';
import { gatewayError } from '../errors';
import { leasedCounter, type LeasedCounter } from './rate-leases';
import type { CompiledPolicy } from '../policy/compile';

export interface RateRefusal {
  readonly retryAfterSeconds: number;
  readonly error: GraphQLError;
}

export interface RateLimits {
  /** Counts one request of an authenticated principal. */
  request(principal: Principal): Promise<RateRefusal | null>;
  /** Before a token is verified: an address over its failed-authentication limit on this instance. */
  addressBlocked(address: string | null): RateRefusal | null;
  /** After a failed authentication: counts it; a refusal replaces the 401 once over the limit. */
  authFailed(address: string | null): Promise<RateRefusal | null>;
}

const MINUTE = 60;

export function createRateLimits(policy: CompiledPolicy, counters: RateCounters): RateLimits {
  const authCounter = counters.counter('auth-failures', policy.authFailuresPerMinute, MINUTE);
  // Requests are counted in leases (rate-leases.ts); failed authentications one by one.
  const requestCounters = new Map<number, LeasedCounter>();
  const requestCounter = (limit: number): LeasedCounter => {
    let counter = requestCounters.get(limit);
    if (!counter) requestCounters.set(limit, (counter = leasedCounter(counters.counter('requests', limit, MINUTE), limit)));
    return counter;
  };
  const refusal = (msBeforeNext: number, limit: number, per: string): RateRefusal => {
    const retryAfterSeconds = Math.max(1, Math.ceil(msBeforeNext / 1000));
    return {
      retryAfterSeconds,
      error: gatewayError('RATE_LIMITED', `rate limit of ${limit} ${per} per minute reached; retry in ${retryAfterSeconds} s`, { limit, retryAfterSeconds }),
    };
  };
  return {
    async request(principal) {
      const limit = policy.limits(principal.role, principal.kind).requestsPerMinute;
      const result = await requestCounter(limit).take(`${principal.kind}:${principal.subject}`);
      return result.allowed ? null : refusal(result.msBeforeNext, limit, 'requests');
    },
    addressBlocked(address) {
      if (address === null) return null;
      const ms = authCounter.blockedHere(address);
      return ms > 0 ? refusal(ms, policy.authFailuresPerMinute, 'failed authentications') : null;
    },
    async authFailed(address) {
      if (address === null) return null;
      const result = await authCounter.consume(address);
      return result.allowed ? null : refusal(result.msBeforeNext, policy.authFailuresPerMinute, 'failed authentications');
    },
  };
}
