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
import { deriveDomainKey } from '../masking';
import type { CompiledPolicy } from '../policy/compile';
import { loadPolicy } from '../policy/load';
import { createQueryGuard } from '../policy/query-guard';
import { createBudgets } from '../data/budgets';
import { buildSchema } from '../schema/build';
import { ROOT_RULES } from '../authz/rules';
import { applyRootShield } from '../authz/shield';
import { openAuditLedger, type AuditLedger } from '../audit/ledger';
import { auditPlugin } from '../audit/plugin';
import { createAuditQueries } from '../audit/queries';
import { QUERY_LIMIT_DEFAULTS } from '../limits/defaults';
import { createDocumentGate } from '../limits/document-gate';
import { startApollo } from './apollo';
import { disclosureExtensionPlugin } from './disclosure-extension';
import { createMetrics } from './metrics';
import { startHttp, type RunningHttp } from './server';
import { createBiHandler, createReportByIdHandler, type BiDeps } from '../bi/http';
import { DEFAULT_REPORTS_DIR, loadReports } from '../bi/registry';
import type { ReportRegistry } from '../bi/report';

export interface GatewayOptions {
  readonly config: Config;
  readonly db: Db;
  readonly logger: Logger;
  /** Defaults to the policy file named by the config (or the shipped default). */
  readonly policy?: CompiledPolicy;
}

export interface RunningGateway extends RunningHttp {
  readonly policy: CompiledPolicy;
  readonly reports: ReportRegistry;
  /** The audit ledger (stats, checkpoint now), for operations and tests. */
  readonly audit: AuditLedger;
}

export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const { config, db, logger } = options;
  const policy = options.policy ?? loadPolicy(config.policyFile);
  const built = buildSchema(resolvers, config.schemaDir ?? undefined);
  const { fieldMap } = built;
  const schema = applyRootShield(built.schema, ROOT_RULES);
  // Reports are checked against the schema, the policy and the query limits before anything
  // listens: a bad one stops start-up, named (ReportError).
  const reports = loadReports(config.bi.reportsDir ?? DEFAULT_REPORTS_DIR, { schema: built.schema, fieldMap, policy, limits: QUERY_LIMIT_DEFAULTS });

  const master = config.pseudonymKey ?? loadOrCreateLocalSecret(config.localDir, 'pseudonym');
  const disclosure = createDisclosureFactory({
    policy,
    fieldMap,
    keys: { user: deriveDomainKey(master, 'tokens:user'), bi: deriveDomainKey(master, 'tokens:bi') },
  });

  const verifier: ReturnType<typeof createTokenVerifier> = createTokenVerifier(config.jwt, {
    keys: await loadVerificationKeys(config, { logger }),
    registry: createTokenRegistry(db),
    logger,
  });

  const budgets = await createBudgets(db);
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
    guardFor: (principal, requestDisclosure) => createQueryGuard({ policy, principal, budgets, disclosure: requestDisclosure, fieldMap }),
  };

  const apollo = await startApollo({
    schema,
    executor: config.executor,
    logger,
    introspectionRoles: config.introspectionRoles,
    limits: QUERY_LIMIT_DEFAULTS,
    plugins: [disclosureExtensionPlugin, ...(ledger.mode === 'off' ? [] : [auditPlugin(ledger)])],
  });

  const metrics = createMetrics(ledger);
  const biDeps: BiDeps = {
    reports,
    verifier,
    logger,
    cursors: createCursorCodec(deriveDomainKey(master, 'bi-report-cursors')),
    limits: { maxRows: config.bi.maxRows, pageSize: config.bi.pageSize },
    authFailure: (reason) => metrics.authFailure(reason),
    // One page of a report is one GraphQL request through the same Apollo server: shield, limits,
    // scope, masking, disclosure and the audit plugin all run as for a request sent as text.
    async execute(principal, requestId, clientAddress, report, variables, request) {
      const contextValue = createContext(services, principal, requestId, clientAddress, request);
      const response = await apollo.executeOperation({ query: report.document, operationName: report.operationName, variables: { ...variables } }, { contextValue });
      const result = response.body.kind === 'single' ? response.body.singleResult : null;
      return { data: result?.data as Record<string, unknown> | null | undefined, errors: result ? result.errors : [{ message: 'internal error', extensions: { code: 'INTERNAL' } }], commit: contextValue.audit.commit };
    },
  };

  const http = await startHttp(
    {
      bi: createBiHandler(biDeps),
      reportById: createReportByIdHandler(biDeps),
      apollo,
      verifier,
      logger,
      makeContext: (principal, requestId, clientAddress): GatewayContext => createContext(services, principal, requestId, clientAddress),
      limitsFor: () => QUERY_LIMIT_DEFAULTS,
      documentGate: createDocumentGate(QUERY_LIMIT_DEFAULTS.maxTokens),
      metrics,
      ready: async () => {
        await db.command({ ping: 1 });
        return ledger.ready();
      },
    },
    config.http.host,
    config.http.port,
    config.http.shutdownGraceMs,
  );

  return {
    ...http,
    policy,
    reports,
    audit: ledger,
    async close() {
      await http.close();
      await apollo.stop();
      // After the last response: flush what is queued and sign the final head.
      await ledger.close();
    },
  };
}
