// The limits step's defaults. The per-caller ones are compiled into the policy (policy/limit-defaults.ts,
// docs/limits.md explains each number); the ones below apply to every caller alike.
export { AUTH_FAILURES_PER_MINUTE_DEFAULT, LIMIT_DEFAULTS, type LimitProfile, type QueryLimits, type RateLimits } from '../policy/limit-defaults';

/**
 * Documents up to this many expanded fields are compiled by graphql-jit; larger ones run on
 * graphql-js's interpreter. Compilation costs ~0.2 ms per field on this machine class and blocks
 * the event loop while it runs; this keeps the worst compile under ~40 ms (docs/limits.md).
 * @default 200
 */
export const JIT_MAX_FIELDS = 200;

/** Items assumed for a list field nothing bounds (no `first` argument, no default). */
export const UNBOUNDED_LIST_SIZE = 100;
