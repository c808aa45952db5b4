// Assembles the gateway from a validated Config and a connected database: schema, policy, keys,
// identity, the per-request context, Apollo and the HTTP front door. Everything here runs once
// at start-up; a failure stops start-up with a message naming what is wrong.
import type { Db } from 'mongodb';
import type { Logger } from 'pino';
import { resolvers } from '../../resolvers';
import { loadVerificationKeys } from '../auth/keys';
import { createTokenRegistry } from '../auth/registry';
import { createTokenVerifier } from '../auth/verifier';
import type { Config } from '../config/env';
import { loadOrCreateLocalSecret } from '../config/local-secret';
import { createContext, type ContextServices, type GatewayContext } from '../context';
import { createCursorCodec } from '../data/cursor';
import { createDisclosureFactory } from '../disclosure/serve';
import { createStatsRelease } from '../disclosure/aggregate-noise';
import { deriveDomainKey } from '../masking';
import type { CompiledPolicy } from '../policy/compile';
import { loadPolicy } from '../policy/load';
import { createQueryGuard } from '../data/query-guard';
import { lookupNoter } from '../disclosure/records';
import { createBudgets } from '../data/budgets';
import { createRateCounters } from '../data/rate-counters';
import { createRateLimits } from '../limits/rate-limits';
import { createOverloadGuard } from '../limits/overload';
import { noDeadline } from '../limits/deadline';
import { createAlertWebhook } from '../limits/alert-webhook';
import { createBulkAccessWatch } from '../limits/bulk-access';
import { bulkAccessPlugin } from '../limits/bulk-access-plugin';
import { createBulkAccessStore } from '../data/bulk-access-store';
import { buildSchema } from '../schema/build';
import { ROOT_RULES } from '../authz/rules';
import { applyRootShield } from '../authz/shield';
import { alertRecorder, openAuditLedger, type AuditLedger } from '../audit/ledger';
import { auditPlugin } from '../audit/plugin';
import { createAuditQueries } from '../audit/queries';
import { createCostModel } from '../limits/cost';
import { createDocumentGate } from '../limits/document-gate';
import { tracingPlugin } from '../telemetry/apollo-plugin';
import { NO_TRACING, type Tracing } from '../telemetry/tracing';
import { startApollo } from './apollo';
import { disclosureExtensionPlugin } from './disclosure-extension';
import { createMetrics } from './metrics';
import { noStorePlugin } from './no-store';
import { startHttp, type RunningHttp } from './server';
import { createCors } from './cors';
import { checkManifest } from '../documents/check';
import { loadManifest, ManifestError } from '../documents/manifest';
import { createTrustedDocuments } from '../documents/trusted';
import { openFieldEncryption } from '../encryption/setup';
import { assertTransportAllowed, createTlsListener } from './tls';
import { createBiHandler, createReportByIdHandler, type BiDeps } from '../bi/http';
import { DEFAULT_REPORTS_DIR, loadReports } from '../bi/registry';
import type { ReportRegistry } from '../bi/report';

export interface GatewayOptions {
  readonly config: Config;
  readonly db: Db;
  readonly logger: Logger;
  /** Defaults to the policy file named by the config (or the shipped default). */
  readonly policy?: CompiledPolicy;
  /** Connection headers the Sandbox page opens with (dev mode: the admin demo token). */
  readonly sandboxHeaders?: Readonly<Record<string, string>>;
  /** Spans for each request step (src/telemetry); default: none. */
  readonly tracing?: Tracing;
}

export interface RunningGateway extends RunningHttp {
  readonly policy: CompiledPolicy;
  /** Re-reads the TLS certificate and key (SIGHUP); false, keeping the current ones, when they do not load. */
  reloadTls(): boolean;
  readonly reports: ReportRegistry;
  /** The audit ledger (stats, checkpoint now), for operations and tests. */
  readonly audit: AuditLedger;
}

export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const { config, db, logger } = options;
  const tracing = options.tracing ?? NO_TRACING;
  const policy = options.policy ?? loadPolicy(config.policyFile);
  const built = buildSchema(resolvers, config.schemaDir ?? undefined);
  const { fieldMap } = built;
  const schema = applyRootShield(built.schema, ROOT_RULES);
  const costOf = createCostModel(schema, { defaultPageSize: config.pages.default, maxPageSize: config.pages.max });

  // Checked like every request would be, so a manifest with a document that cannot run stops start-up.
  const manifest = config.trustedDocuments.file === null ? null : loadManifest(config.trustedDocuments.file);
  if (manifest) {
    const problems = checkManifest(manifest, schema, policy.widestLimits);
    if (problems.length > 0)
      throw new ManifestError(
        `TRUSTED_DOCUMENTS_FILE: ${problems.length} document(s) cannot run (see crm-gateway documents check): ${problems.map((p) => `${p.hash.slice(0, 12)}… ${p.problem}`).join('; ')}`,
      );
  }

  assertTransportAllowed(config);
  const encryption = await openFieldEncryption({ config, policy, fieldMap, db, logger });
  const crypto = encryption?.crypto ?? null;
  // Reports are checked against the schema, the policy and the query limits before anything
  // listens: a bad one stops start-up, named (ReportError).
  const reports = loadReports(config.bi.reportsDir ?? DEFAULT_REPORTS_DIR, { schema: built.schema, fieldMap, policy, limits: policy.widestLimits });

  const master = config.pseudonymKey ?? loadOrCreateLocalSecret(config.localDir, 'pseudonym');
  const disclosure = createDisclosureFactory({
    policy,
    fieldMap,
    crypto,
    keys: { user: deriveDomainKey(master, 'tokens:user'), bi: deriveDomainKey(master, 'tokens:bi') },
  });

  const verifier: ReturnType<typeof createTokenVerifier> = createTokenVerifier(config.jwt, {
    keys: await loadVerificationKeys(config, { logger }),
    registry: createTokenRegistry(db),
    logger,
  });

  const counters = createRateCounters(db);
  const budgets = await createBudgets(db, counters);
  // Indexes and the chain head are in place before the first request; a restart continues the chain.
  const ledger = await openAuditLedger({ db, config, logger });
  const services: ContextServices = {
    policy,
    budgets,
    db,
    fieldMap,
    cursors: createCursorCodec(deriveDomainKey(master, 'cursors')),
    audit: createAuditQueries({ db, cursors: createCursorCodec(deriveDomainKey(master, 'audit-cursors')), pages: config.pages }),
    pages: config.pages,
    disclosure,
    stats: createStatsRelease(deriveDomainKey(master, 'aggregate-noise'), policy.aggregates),
    crypto,
    guardFor: (principal, requestDisclosure) => createQueryGuard({ policy, principal, budgets, fieldMap, noteLookup: lookupNoter(requestDisclosure, fieldMap) }),
  };

  const metrics = createMetrics(ledger, crypto);
  const overload = createOverloadGuard({ maxInFlight: config.http.maxInFlight, maxEventLoopDelayMs: config.http.maxEventLoopDelayMs });
  const bulkAccess = createBulkAccessWatch({
    policy,
    store: await createBulkAccessStore(db),
    logger,
    recordAlert: alertRecorder(ledger, policy.version),
    alertRaised: (role) => metrics.bulkAccessAlert(role),
    webhook: config.alerts.webhookUrl ? createAlertWebhook({ url: config.alerts.webhookUrl, secret: config.alerts.webhookSecret!, logger }) : null,
  });

  const tls = config.http.tls ? createTlsListener(config.http.tls) : null;
  const rateLimits = config.rateLimits ? createRateLimits(policy, counters) : null;
  const apollo = await startApollo({
    schema,
    executor: config.executor,
    logger,
    introspectionRoles: config.introspectionRoles,
    limitsFor: (ctx) => policy.limits(ctx.principal.role, ctx.principal.kind),
    costOf,
    parserMaxTokens: policy.maxTokensAnyCaller,
    plugins: [
      noStorePlugin,
      disclosureExtensionPlugin,
      ...(ledger.mode === 'off' ? [] : [auditPlugin(ledger)]),
      ...(bulkAccess ? [bulkAccessPlugin(bulkAccess, logger)] : []),
      ...(tracing.enabled ? [tracingPlugin(tracing)] : []),
    ],
    sandbox: config.sandbox ? { headers: options.sandboxHeaders ?? {} } : null,
    persistedQueries: config.trustedDocuments.mode !== 'require',
  });

  const biDeps: BiDeps = {
    reports,
    verifier,
    logger,
    cursors: createCursorCodec(deriveDomainKey(master, 'bi-report-cursors')),
    limits: { maxRows: config.bi.maxRows, pageSize: config.bi.pageSize },
    authFailure: (reason) => metrics.authFailure(reason),
    rateLimit: rateLimits ? async (principal) => (await rateLimits.request(principal))?.error ?? null : undefined,
    // One page of a report is one GraphQL request through the same Apollo server: shield, limits,
    // scope, masking, disclosure and the audit plugin all run as for a request sent as text.
    async execute(principal, requestId, clientAddress, report, variables, request) {
      const contextValue = createContext(services, { principal, requestId, clientAddress, degrade: null, deadline: noDeadline(config.http.mongoMaxTimeMs), report: request });
      const response = await apollo.executeOperation({ query: report.document, operationName: report.operationName, variables: { ...variables } }, { contextValue });
      const result = response.body.kind === 'single' ? response.body.singleResult : null;
      return {
        data: result?.data as Record<string, unknown> | null | undefined,
        errors: result ? result.errors : [{ message: 'internal error', extensions: { code: 'INTERNAL' } }],
        commit: contextValue.audit.commit,
      };
    },
  };

  const http = await startHttp(
    {
      bi: createBiHandler(biDeps),
      reportById: createReportByIdHandler(biDeps),
      apollo,
      verifier,
      logger,
      makeContext: (request): GatewayContext => createContext(services, request),
      requestTimeoutMs: config.http.requestTimeoutMs,
      mongoMaxTimeMs: config.http.mongoMaxTimeMs,
      overload,
      limitsFor: (principal) => policy.limits(principal.role, principal.kind),
      documentGate: createDocumentGate(policy.maxTokensAnyCaller, costOf),
      ...(rateLimits ? { rateLimits } : {}),
      bulkAccess,
      metrics,
      tracing,
      cors: createCors(config.cors),
      landingPage: config.sandbox,
      trustedDocuments: createTrustedDocuments(config.trustedDocuments.mode, manifest),
      ready: async () => {
        await db.command({ ping: 1 });
        return ledger.ready();
      },
    },
    config.http.host,
    config.http.port,
    config.http.shutdownGraceMs,
    tls ? { createServer: tls.createServer, hsts: true } : { hsts: config.http.trustProxyTls },
  );

  return {
    ...http,
    policy,
    reports,
    audit: ledger,
    reloadTls: () => (tls ? tls.reload(logger) : false),
    async close() {
      overload.stop();
      await http.close();
      await apollo.stop();
      // After the last response: flush what is queued and sign the final head.
      await ledger.close();
    },
  };
}
