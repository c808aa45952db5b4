// Apollo Server wiring: the schema, the plugins that carry cross-cutting steps, and nothing
// nobody uses (the cache-control plugin alone costs ~1 µs per resolved field; docs/design.md, "Performance notes").
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
  ApolloServerPluginSchemaReportingDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';
import type { GraphQLSchema } from 'graphql';
import type { Logger } from 'pino';
import { schemaExposurePlugin } from '../authz/introspection';
import type { GatewayContext } from '../context';
import type { Role } from '../policy/roles';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { CostOf } from '../limits/cost';
import type { QueryLimits } from '../limits/defaults';
import { queryLimitsPlugin } from '../limits/plugin';
import { createShapeCache } from '../limits/shape-cache';
import { createFormatError } from './format-error';
import { jitGateway } from './jit-executor';
import { responseStatusPlugin } from './response-status';

export interface ApolloOptions {
  readonly schema: GraphQLSchema;
  /** graphql-jit (compiled per operation) or graphql-js's interpreter. */
  readonly executor: 'jit' | 'graphql-js';
  readonly logger: Logger;
  readonly introspectionRoles: readonly Role[];
  /** The caller's limits; documents over them are refused before compilation or execution (src/limits). */
  limitsFor(ctx: GatewayContext): QueryLimits;
  readonly costOf: CostOf;
  /** The largest token limit any caller has: Apollo's parser stops there too. */
  readonly parserMaxTokens: number;
  readonly plugins?: readonly ApolloServerPlugin<GatewayContext>[];
  /** The Sandbox landing page; null: none. `headers` fill its connection settings (dev mode: the admin demo token). */
  readonly sandbox: { readonly headers: Readonly<Record<string, string>> } | null;
  /** Automatic persisted queries (Apollo's in-memory cache); off when only trusted documents may run. */
  readonly persistedQueries: boolean;
}

/** What Sandbox opens with: a query every role may run. */
const SANDBOX_DOCUMENT = `query Me {
  me { subject role }
}
`;

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

function armorSuggestionBlock(): ApolloServerPlugin<GatewayContext>[] {
  const off = { enabled: false };
  const { plugins } = new ApolloArmor({ blockFieldSuggestion: { enabled: true }, maxTokens: off, costLimit: off, maxAliases: off, maxDepth: off, maxDirectives: off }).protect();
  return plugins as ApolloServerPlugin<GatewayContext>[];
}

export async function startApollo(options: ApolloOptions): Promise<ApolloServer<GatewayContext>> {
  const shapeOf = createShapeCache();
  const server = new ApolloServer<GatewayContext>({
    ...(options.executor === 'jit' ? { gateway: jitGateway(options.schema, { shapeOf, logger: options.logger }) } : { schema: options.schema }),
    // The parser stops at this many tokens, so no document makes it recurse or allocate without bound.
    parseOptions: { maxTokens: options.parserMaxTokens },
    // Introspection is decided per role by schemaExposurePlugin, so Apollo must not refuse it first.
    introspection: true,
    includeStacktraceInErrorResponses: false,
    // A request carrying a bearer token was preflighted by any browser (Authorization is not a
    // CORS-safelisted header), which is all CSRF prevention asks for; so GETs from urql and
    // graphql-request with a token pass without Apollo's extra header (README "Clients").
    csrfPrevention: { requestHeaders: ['authorization', 'x-apollo-operation-name', 'apollo-require-preflight'] },
    ...(options.persistedQueries ? {} : { persistedQueries: false as const }),
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
      // No landing page at all unless asked (Apollo would otherwise install its own default).
      options.sandbox
        ? ApolloServerPluginLandingPageLocalDefault({
            // No telemetry from the page to Apollo; no cookies (tokens travel in headers only).
            embed: { runTelemetry: false, endpointIsEditable: false, initialState: { pollForSchemaUpdates: false, sharedHeaders: { ...options.sandbox.headers } } },
            includeCookies: false,
            footer: false,
            document: SANDBOX_DOCUMENT,
          })
        : ApolloServerPluginLandingPageDisabled(),
      responseStatusPlugin(options.logger),
      queryLimitsPlugin(options.limitsFor, shapeOf, options.costOf),
      // "Did you mean …" suggestions reveal field names one guess at a time: hidden for everyone.
      // graphql-armor's other protections stay off: ours are per role and run before validation.
      ...armorSuggestionBlock(),
      schemaExposurePlugin(options.introspectionRoles),
      operationNamePlugin,
      ...(options.plugins ?? []),
    ],
  });
  await server.start();
  return server;
}
