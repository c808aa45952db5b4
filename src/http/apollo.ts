// Apollo Server wiring: the schema, the plugins that carry cross-cutting steps, and nothing
// nobody uses (the cache-control plugin alone costs ~1 µs per resolved field; docs/design.md, "Performance notes").
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginSchemaReportingDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';
import type { GraphQLSchema } from 'graphql';
import type { Logger } from 'pino';
import { schemaExposurePlugin } from '../authz/introspection';
import type { GatewayContext } from '../context';
import type { Role } from '../policy/roles';
import type { QueryLimits } from '../limits/defaults';
import { queryLimitsPlugin } from '../limits/plugin';
import { createShapeCache } from '../limits/shape-cache';
import { createFormatError } from './format-error';
import { jitGateway } from './jit-executor';

export interface ApolloOptions {
  readonly schema: GraphQLSchema;
  /** graphql-jit (compiled per operation) or graphql-js's interpreter. */
  readonly executor: 'jit' | 'graphql-js';
  readonly logger: Logger;
  readonly introspectionRoles: readonly Role[];
  /** Refused before validation, compilation or execution (src/limits). */
  readonly limits: QueryLimits;
  readonly plugins?: readonly ApolloServerPlugin<GatewayContext>[];
}

/** Records the operation name on the request meta, for audit records and logs. */
const operationNamePlugin: ApolloServerPlugin<GatewayContext> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ contextValue, operationName, operation }) {
        contextValue.meta.operationName = operationName ?? null;
        contextValue.meta.operationType = operation?.operation ?? null;
      },
    };
  },
};

export async function startApollo(options: ApolloOptions): Promise<ApolloServer<GatewayContext>> {
  const shapeOf = createShapeCache();
  const server = new ApolloServer<GatewayContext>({
    ...(options.executor === 'jit' ? { gateway: jitGateway(options.schema, { shapeOf, logger: options.logger }) } : { schema: options.schema }),
    // The parser stops at this many tokens, so no document makes it recurse or allocate without bound.
    parseOptions: { maxTokens: options.limits.maxTokens },
    // Introspection is decided per role by schemaExposurePlugin, so Apollo must not refuse it first.
    introspection: true,
    includeStacktraceInErrorResponses: false,
    csrfPrevention: true,
    // Shutdown is ours (serve.ts drains HTTP, flushes the audit ledger, then stops Apollo);
    // Apollo's own handlers would re-raise the signal and kill the process mid-flush.
    stopOnTerminationSignals: false,
    formatError: createFormatError(options.logger),
    logger: {
      debug: (m) => options.logger.debug(m),
      info: (m) => options.logger.info(m),
      warn: (m) => options.logger.warn(m),
      error: (m) => options.logger.error(m),
    },
    plugins: [
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
      ApolloServerPluginUsageReportingDisabled(),
      ApolloServerPluginSchemaReportingDisabled(),
      ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: false }),
      queryLimitsPlugin(() => options.limits, shapeOf),
      schemaExposurePlugin(options.introspectionRoles),
      operationNamePlugin,
      ...(options.plugins ?? []),
    ],
  });
  await server.start();
  return server;
}
