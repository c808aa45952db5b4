// One query limit: which measurement it reads, which limit it compares with, and the stable code
// and message of a refusal (with the limit and the measured value, so a client can tell what to
// change). Pure: no I/O, no request state.
import type { GraphQLError } from 'graphql';
import { gatewayError, type ErrorCode } from '../../errors';
import type { QueryLimits } from '../defaults';

/** Everything the rules measure about one operation. */
export interface Measurements {
  readonly depth: number;
  readonly fields: number;
  readonly aliases: number;
  readonly directives: number;
  readonly tokens: number;
  readonly cost: number;
}

export interface LimitRule {
  check(measured: Measurements, limits: QueryLimits): GraphQLError | null;
}

export function defineRule(spec: {
  code: ErrorCode;
  limit: (limits: QueryLimits) => number;
  measure: (m: Measurements) => number;
  describe: (measured: string, limit: number) => string;
}): LimitRule {
  return {
    check(measured, limits) {
      const value = spec.measure(measured);
      const limit = spec.limit(limits);
      if (value <= limit) return null; // NaN is refused too
      const shown = Number.isSafeInteger(value) ? value : Number.MAX_SAFE_INTEGER;
      return gatewayError(spec.code, spec.describe(Number.isSafeInteger(value) ? String(value) : 'more than 2^53', limit), { limit, measured: shown });
    },
  };
}
