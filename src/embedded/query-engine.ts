// The one place mingo is configured: options shared by every query, projection, update and
// aggregation the store runs.
import { Aggregator } from 'mingo/aggregator';
import { ProcessingMode } from 'mingo/core';
import { Query } from 'mingo/query';
import type { Options } from 'mingo/types';
import { translateError } from './errors';
import type { Doc } from './keys';
import { STORE_CONTEXT } from './mingo-operators';

export { Query };

export type Resolver = (name: string) => Doc[];

export function queryOptions(resolver?: Resolver, variables?: Doc, clone = false): Partial<Options> {
  return {
    idKey: '_id',
    // $where/$function/$accumulator would run caller-supplied code; mongod with JS disabled refuses them too.
    scriptEnabled: false,
    useStrictMode: true,
    processingMode: clone ? ProcessingMode.CLONE_INPUT : ProcessingMode.CLONE_OFF,
    collectionResolver: resolver,
    variables,
    // Sorting, grouping and $min/$max in MongoDB's order instead of mingo's.
    context: STORE_CONTEXT,
  };
}

/** Compiles a filter, turning mingo's parse errors into mongod's. */
export function compileFilter(filter: Doc, variables?: Doc): Query {
  try {
    return new Query(filter, queryOptions(undefined, variables));
  } catch (err) {
    throw translateError(err, 'query');
  }
}

export function compilePipeline(pipeline: Doc[], resolver: Resolver, variables: Doc | undefined, clone: boolean): Aggregator {
  try {
    return new Aggregator(pipeline, queryOptions(resolver, variables, clone));
  } catch (err) {
    throw translateError(err, 'pipeline');
  }
}

export function runPipeline(agg: Aggregator, input: Doc[]): Doc[] {
  try {
    return agg.run(input);
  } catch (err) {
    throw translateError(err, 'pipeline');
  }
}
