// The limits step before GraphQL: the HTTP layer hands it the query text, operation name and
// variables of a request, after authentication and before Apollo parses or validates anything.
// Validation alone took 80-170 ms on oversized documents here (docs/limits.md), so a document
// over a limit must be refused before it. The text is parsed once with the parser's token limit
// and measured in one linear pass (document-shape.ts); the parsed document and its shape are
// remembered per distinct text, so a repeated query costs one lookup plus its cost (cost.ts:
// linear, and it depends on the variables). Text that does not parse is left to Apollo, which
// answers with its own syntax error; only the token limit is answered here.
import { parse, type DocumentNode, type GraphQLError } from 'graphql';
import { LRUCache } from 'lru-cache';
import type { CostOf } from './cost';
import type { QueryLimits } from './defaults';
import { measureDocument, type DocumentShape } from './document-shape';
import { checkLimits, tokenLimitError } from './query-limits';

/** Distinct query texts whose shape is remembered, and the total text they may hold. */
const GATE_CACHE = { max: 2000, maxSize: 16 * 1024 * 1024 } as const;

type Measured = { document: DocumentNode; shape: DocumentShape } | { parseError: Error };

export interface GateRequest {
  readonly query: string;
  readonly operationName?: string | null;
  readonly variables?: Readonly<Record<string, unknown>> | null;
}

export type DocumentGate = (request: GateRequest, limits: QueryLimits) => GraphQLError | null;

/** `parserMaxTokens`: the largest token limit any caller has; the parser never reads further. */
export function createDocumentGate(parserMaxTokens: number, costOf: CostOf): DocumentGate {
  const measured = new LRUCache<string, Measured>({ ...GATE_CACHE, sizeCalculation: (_v, key) => key.length + 1 });
  const measure = (query: string): Measured => {
    let known = measured.get(query);
    if (known === undefined) {
      try {
        const document = parse(query, { maxTokens: parserMaxTokens });
        known = { document, shape: measureDocument(document) };
      } catch (err) {
        known = { parseError: err as Error };
      }
      measured.set(query, known);
    }
    return known;
  };
  return (request, limits) => {
    const m = measure(request.query);
    if ('parseError' in m) return tokenLimitError(m.parseError, parserMaxTokens);
    const shapeRefusal = checkLimits({ ...m.shape, cost: 0 }, limits);
    if (shapeRefusal) return shapeRefusal;
    return checkLimits({ ...m.shape, cost: costOf(m.document, request.operationName, request.variables) }, limits);
  };
}
