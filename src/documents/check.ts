// Checks every document of a manifest the way a request would be checked: it parses within the
// token limit, is valid against the schema, and stays within the shape limits (depth, size,
// aliases, directives) of the widest profile any caller has; each request is still held to its
// own caller's limits, cost included. Used by
// `crm-gateway documents check` and at start-up, so a manifest that cannot run never ships.
import { parse, validate, type GraphQLSchema } from 'graphql';
import type { QueryLimits } from '../limits/defaults';
import { measureDocument } from '../limits/document-shape';
import { checkLimits, tokenLimitError } from '../limits/query-limits';
import type { Manifest } from './manifest';

export interface DocumentProblem {
  readonly hash: string;
  readonly problem: string;
}

export function checkManifest(manifest: Manifest, schema: GraphQLSchema, limits: QueryLimits): DocumentProblem[] {
  const problems: DocumentProblem[] = [];
  for (const [hash, text] of manifest.entries()) {
    let document: ReturnType<typeof parse>;
    try {
      document = parse(text, { maxTokens: limits.maxTokens });
    } catch (err) {
      const refusal = tokenLimitError(err as Error, limits.maxTokens);
      problems.push({ hash, problem: refusal ? `${refusal.extensions.code}: ${refusal.message}` : `does not parse: ${(err as Error).message}` });
      continue;
    }
    const invalid = validate(schema, document);
    if (invalid.length > 0) {
      problems.push({ hash, problem: `not valid against the schema: ${invalid.map((e) => e.message).join('; ')}` });
      continue;
    }
    // Cost depends on the variables a client sends; the shape does not, so that is what is checked.
    const refusal = checkLimits({ ...measureDocument(document), cost: 0 }, limits);
    if (refusal) problems.push({ hash, problem: `${refusal.extensions.code}: ${refusal.message}` });
  }
  return problems;
}
