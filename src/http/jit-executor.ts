// Executes operations with graphql-jit through Apollo Server's documented executor hook (the
// `gateway` option), and falls back to graphql-js's interpreter wherever compiling is not safe.
// graphql-jit compiles an operation into a function once; later requests with the same document
// run that function, 2-3x faster than the interpreter on this machine class (docs/limits.md).
//
// What it must never do, and how it is kept from it:
// - Compile for long: compile time grows with the expanded document (~0.2 ms per field, blocking
//   the event loop), so documents over JIT_MAX_FIELDS run on graphql-js, and the limits step has
//   already refused anything deep or large. A document whose compilation throws is interpreted.
// - Answer differently from graphql-js: an unresolvable operation name and invalid variables are
//   answered by graphql-js's own code (same errors, same codes); every error graphql-jit returns
//   gets the `extensions` object Apollo's error handling needs, and keeps its original error so
//   the gateway's formatter logs and codes it like any other.
// Compiled queries hold no request state: the context (principal, scope, loaders) is passed per call.
import type { GatewayExecutor, GatewayGraphQLRequestContext, GatewayInterface } from '@apollo/server-gateway-interface';
import { execute, getVariableValues, GraphQLError, type ExecutionResult, type GraphQLSchema, type Source } from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import { LRUCache } from 'lru-cache';
import type { Logger } from 'pino';
import { JIT_MAX_FIELDS } from '../limits/defaults';
import type { ShapeOf } from '../limits/shape-cache';

/** Compiled operations kept per gateway instance; beyond this the least recently used go. */
export const JIT_CACHE_SIZE = 1000;

export interface JitOptions {
  readonly shapeOf: ShapeOf;
  readonly logger: Logger;
  readonly maxFields?: number;
  readonly cacheSize?: number;
}

/** `null`: this document runs on graphql-js. */
type Compiled = CompiledQuery | null;

export function jitGateway(schema: GraphQLSchema, options: JitOptions): GatewayInterface {
  const maxFields = options.maxFields ?? JIT_MAX_FIELDS;
  const compiled = new LRUCache<string, { query: Compiled }>({ max: options.cacheSize ?? JIT_CACHE_SIZE });

  const interpret = (rc: GatewayGraphQLRequestContext): Promise<ExecutionResult> | ExecutionResult =>
    execute({
      schema,
      document: rc.document,
      contextValue: rc.context,
      variableValues: rc.request.variables ?? {},
      operationName: rc.request.operationName ?? null,
    });

  const compiledFor = (rc: GatewayGraphQLRequestContext): Compiled => {
    const key = `${rc.queryHash}\u0000${rc.operationName ?? ''}`;
    const known = compiled.get(key);
    if (known) return known.query;
    let query: Compiled = null;
    if (options.shapeOf(rc.document).fields <= maxFields) {
      try {
        const result = compileQuery(schema, rc.document, rc.operationName ?? undefined);
        if (isCompiledQuery(result)) query = result;
      } catch (err) {
        options.logger.warn({ errorClass: (err as Error)?.name }, 'graphql-jit could not compile a document; it runs on graphql-js');
      }
    }
    compiled.set(key, { query });
    return query;
  };

  const executor: GatewayExecutor = async (rc) => {
    const operation = rc.operation;
    if (!operation) return interpret(rc);
    const query = compiledFor(rc);
    if (query === null) return interpret(rc);
    const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], rc.request.variables ?? {});
    if (coerced.errors) return { errors: coerced.errors };
    try {
      return asGraphQLErrors(await query.query(undefined, rc.context, rc.request.variables ?? {}), rc.document.loc?.source);
    } catch (err) {
      return { data: null, errors: [asGraphQLError(err, rc.document.loc?.source)] };
    }
  };

  return {
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: '' });
      return () => undefined;
    },
    async load() {
      return { executor };
    },
    async stop() {
      compiled.clear();
    },
  };
}

/**
 * graphql-jit's errors are not graphql-js's: no `extensions` unless their original error had some
 * (Apollo's error handling then fails), and read-only messages (plugins that rewrite messages then
 * throw). Each becomes a real GraphQLError with the same message, locations, path and cause.
 */
function asGraphQLErrors(result: ExecutionResult, source: Source | undefined): ExecutionResult {
  if (!result.errors?.length) return result;
  return { ...result, errors: result.errors.map((e) => asGraphQLError(e, source)) };
}

function asGraphQLError(err: unknown, source: Source | undefined): GraphQLError {
  const e = err as Partial<GraphQLError> | null;
  const original = e?.originalError ?? (err instanceof Error && !(err instanceof GraphQLError) ? err : undefined);
  const positions = source && e?.locations ? e.locations.map((l) => offsetOf(source.body, l.line, l.column)) : undefined;
  return new GraphQLError(typeof e?.message === 'string' ? e.message : 'internal error', {
    ...(positions ? { source, positions } : {}),
    path: e?.path,
    originalError: original,
    extensions: { ...e?.extensions },
  });
}

function offsetOf(body: string, line: number, column: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) offset = body.indexOf('\n', offset) + 1;
  return offset + column - 1;
}
