// Every per-caller limit's default, in one place (docs/limits.md explains each number). The policy
// file's `limits` section overrides them per role and for BI tokens; what it leaves out comes from
// here. They live beside the policy compiler that applies them, so policy needs nothing of the
// limits step (docs/architecture.md).
// Attackers can send any document a valid token allows, so each query limit bounds the work done
// before execution: parsing (tokens), validation and compilation (expanded fields), the executors'
// recursion (depth), and execution itself (cost: objects the response may hold).

export interface QueryLimits {
  /**
   * Deepest chain of nested fields. graphql-jit's compiled code recurses once per level and
   * overflowed the stack at ~450 levels, killing the process.
   * @default 15
   */
  readonly maxDepth: number;
  /**
   * Fields selected once fragments are expanded (repeated spreads count each time). Bounds
   * validation and compilation: doubled fragment spreads on 24 levels froze graphql-jit for seconds.
   * @default 1000
   */
  readonly maxFields: number;
  /**
   * Aliased fields after expansion: 5,000 aliases of `phone` over 300 rows took 7 s and stalled
   * every other request for 6 s.
   * @default 30
   */
  readonly maxAliases: number;
  /**
   * Directives after expansion (each is evaluated per object it applies to).
   * @default 20
   */
  readonly maxDirectives: number;
  /**
   * Lexical tokens in the document; the parser stops reading at the largest value any role has.
   * @default 2000
   */
  readonly maxTokens: number;
  /**
   * Objects the response may hold, counting list sizes: `customers(first: 1000) { nodes {
   * deals(first: 100) { id } } }` costs about 101,000 (docs/limits.md, "Cost").
   * @default 20000
   */
  readonly maxCost: number;
}

export interface RateLimits {
  /**
   * Requests per principal (subject and token kind) per minute, shared by every instance.
   * @default 600
   */
  readonly requestsPerMinute: number;
}

export type LimitProfile = QueryLimits & RateLimits;

export const LIMIT_DEFAULTS: LimitProfile = Object.freeze({
  maxDepth: 15,
  maxFields: 1000,
  maxAliases: 30,
  maxDirectives: 20,
  maxTokens: 2000,
  maxCost: 20_000,
  requestsPerMinute: 600,
});

/**
 * Failed authentications per client address per minute, across instances: token guessing and
 * expired-token storms are cut off before they cost a signature check each.
 * @default 30
 */
export const AUTH_FAILURES_PER_MINUTE_DEFAULT = 30;
