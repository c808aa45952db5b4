// Checks every document of a manifest the way a request would be checked: it parses within the
// token limit, is valid against the schema, and stays within the depth and size limits. Used by
// `crm-gateway documents check` and at start-up, so a manifest that cannot run never ships.
import { parse, validate, type GraphQLSchema } from 'graphql';
import type { QueryLimits } from '../limits/defaults';
import { measureDocument } from '../limits/document-shape';
import { checkShape, tokenLimitError } from '../limits/query-limits';
import type { Manifest } from './manifest';

export interface DocumentProblem {
  readonly hash: string;
  readonly problem: string;
}

export function checkManifest(manifest: Manifest, schema: GraphQLSchema, limits: QueryLimits): DocumentProblem[] {
  const problems: DocumentProblem[] = [];
  for (const [hash, text] of manifest.entries()) {
    let document;
    try {
      document = parse(text, { maxTokens: limits.maxTokens });
    } catch (err) {
      const refusal = tokenLimitError(err as Error, limits);
      problems.push({ hash, problem: refusal ? `${refusal.extensions.code}: ${refusal.message}` : `does not parse: ${(err as Error).message}` });
      continue;
    }
    const invalid = validate(schema, document);
    if (invalid.length > 0) {
      problems.push({ hash, problem: `not valid against the schema: ${invalid.map((e) => e.message).join('; ')}` });
      continue;
    }
    const refusal = checkShape(measureDocument(document), limits);
    if (refusal) problems.push({ hash, problem: `${refusal.extensions.code}: ${refusal.message}` });
  }
  return problems;
}
