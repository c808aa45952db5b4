// Every query limit's default, in one place (docs/limits.md explains each number). Attackers can
// send any document a valid token allows, so each limit bounds the work done before execution:
// parsing (tokens), validation and compilation (expanded fields), and the executors' recursion
// (depth). The numbers leave room for every query the shipped clients and Apollo Sandbox send:
// the standard introspection query is depth 15, 220 expanded fields and ~400 tokens.

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
   * Lexical tokens in the document; enforced by the parser itself, so it stops reading there.
   * @default 2000
   */
  readonly maxTokens: number;
}

export const QUERY_LIMIT_DEFAULTS: QueryLimits = Object.freeze({
  maxDepth: 15,
  maxFields: 1000,
  maxTokens: 2000,
});

/**
 * Documents up to this many expanded fields are compiled by graphql-jit; larger ones run on
 * graphql-js's interpreter. Compilation costs ~0.2 ms per field on this machine class and blocks
 * the event loop while it runs; this keeps the worst compile under ~40 ms (docs/limits.md).
 * @default 200
 */
export const JIT_MAX_FIELDS = 200;
