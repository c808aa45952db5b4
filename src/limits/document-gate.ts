// The limits step before GraphQL: the HTTP layer hands it the query text of a request, after
// authentication and before Apollo parses or validates anything. Validation alone took 80-170 ms
// on oversized documents here (docs/limits.md), so a document over a limit must be refused
// before it; this parses it once with the token limit, measures it in one linear pass
// (document-shape.ts) and remembers the shape per distinct text, so a repeated query costs one
// cache lookup. Text that does not parse is left to Apollo, which answers with its own
// syntax error; only the token limit is answered here.
import { parse, type GraphQLError } from 'graphql';
import { LRUCache } from 'lru-cache';
import type { QueryLimits } from './defaults';
import { measureDocument, type DocumentShape } from './document-shape';
import { checkShape, tokenLimitError } from './query-limits';

/** Distinct query texts whose shape is remembered, and the total text they may hold. */
const GATE_CACHE = { max: 2000, maxSize: 16 * 1024 * 1024 } as const;

type Measured = { shape: DocumentShape } | { parseError: Error };

export type DocumentGate = (query: string, limits: QueryLimits) => GraphQLError | null;

export function createDocumentGate(maxTokens: number): DocumentGate {
  const measured = new LRUCache<string, Measured>({ ...GATE_CACHE, sizeCalculation: (_v, key) => key.length + 1 });
  const measure = (query: string): Measured => {
    let known = measured.get(query);
    if (known === undefined) {
      try {
        known = { shape: measureDocument(parse(query, { maxTokens, noLocation: true })) };
      } catch (err) {
        known = { parseError: err as Error };
      }
      measured.set(query, known);
    }
    return known;
  };
  return (query, limits) => {
    const m = measure(query);
    if ('parseError' in m) return tokenLimitError(m.parseError, limits);
    return checkShape(m.shape, limits);
  };
}
