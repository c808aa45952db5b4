// The HTTP front door: routes and the order of the steps of a GraphQL request — CORS (cors.ts),
// body (body.ts), authentication (authenticate.ts), trusted documents, limits (limits-step.ts),
// then Apollo through its HTTP integration API, then the sync audit wait (src/audit/request-audit.ts)
// — and graceful shutdown. What the gateway answers itself is written by respond.ts from the table
// in src/errors.ts; nothing here builds an error body.
import type { ApolloServer } from '@apollo/server';
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { awaitDurable } from '../audit/request-audit';
import { AuthError } from '../auth/errors';
import type { Principal } from '../auth/principal';
import type { TokenVerifier } from '../auth/verifier';
import type { GatewayContext, RequestIdentity } from '../context';
import { ERRORS, gatewayError } from '../errors';
import type { BulkAccessWatch } from '../limits/bulk-access';
import { createDeadline } from '../limits/deadline';
import type { QueryLimits } from '../limits/defaults';
import type { DocumentGate } from '../limits/document-gate';
import type { OverloadGuard } from '../limits/overload';
import type { RateLimits, RateRefusal } from '../limits/rate-limits';
import { classifiedCounts, logAccess, type ClassifiedCounts } from '../telemetry/access-log';
import { NO_TRACING, type Tracing } from '../telemetry/tracing';
import { authenticate } from './authenticate';
import { readGraphQLBody } from './body';
import { firstRefusal, STORE_DOWN, storeStep } from './limits-step';
import { headerMap, reportRequest } from './requests';
import type { Cors } from './cors';
import type { GatewayMetrics } from './metrics';
import { prefersHtml } from './negotiate';
import { sendError, sendJson } from './respond';
import type { TrustedDocuments } from '../documents/trusted';
import { BI_PREFIX, type createBiHandler, type createReportByIdHandler } from '../bi/http';

export interface HttpDeps {
  readonly apollo: ApolloServer<GatewayContext>;
  readonly verifier: TokenVerifier;
  readonly logger: Logger;
  makeContext(request: RequestIdentity): GatewayContext;
  /** The limits step: the caller's query limits, the gate that measures a query text, rate limits. */
  limitsFor(principal: Principal): QueryLimits;
  readonly documentGate: DocumentGate;
  readonly rateLimits?: RateLimits;
  /** Bulk-access detection: an open alert about the principal caps its classified fields. */
  readonly bulkAccess?: BulkAccessWatch | null;
  /** Each request's deadline and the cap of its MongoDB commands' maxTimeMS. */
  readonly requestTimeoutMs: number;
  readonly mongoMaxTimeMs: number;
  /** Load shedding: 503 OVERLOADED instead of an unbounded queue. */
  readonly overload?: OverloadGuard;
  /** Spans for each step of a GraphQL request (src/telemetry); none when absent. */
  readonly tracing?: Tracing;
  /** Readiness: resolves true when the store answers and the audit ledger is writable. */
  ready(): Promise<boolean>;
  /** Prometheus metrics; GET /metrics answers 404 without it. */
  readonly metrics?: GatewayMetrics;
  /** Browser origins allowed to call /graphql; without it no CORS header is ever sent. */
  readonly cors?: Cors;
  /** Whether a browser GET is answered with the Sandbox landing page (no token needed for it). */
  readonly landingPage?: boolean;
  /** Which documents may run (TRUSTED_DOCUMENTS); without it, any document may. */
  readonly trustedDocuments?: TrustedDocuments;
  /** The BI report endpoint under /bi/v1/ (src/bi); 404 without it. */
  readonly bi?: ReturnType<typeof createBiHandler>;
  /** BI tokens' one way into /graphql: a registered report by `documentId` (src/bi). */
  readonly reportById?: ReturnType<typeof createReportByIdHandler>;
}

/** What a GraphQL request turned out to be, for its access-log line (filled in as it proceeds). */
interface RequestOutcome {
  requestId: string | null;
  principal: Principal | null;
  /** Set while the operation runs; replaced by `ran` once it has ended (see finishOutcome). */
  context: GatewayContext | null;
  ran: { readonly operationName: string | null; readonly operationType: string | null; readonly classified: ClassifiedCounts } | null;
}

/**
 * Keeps of an ended operation only what its log line needs, and lets go of the context: its
 * documents, loaders and disclosure records can then be collected while the response waits for
 * its ledger batch to be durable (docs/performance.md, "Memory").
 */
function finishOutcome(outcome: RequestOutcome): void {
  const context = outcome.context;
  if (!context) return;
  outcome.ran = { operationName: context.meta.operationName ?? null, operationType: context.meta.operationType ?? null, classified: classifiedCounts(context.disclosure.records) };
  outcome.context = null;
}

export interface RunningHttp {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

export interface ListenerOptions {
  /** Makes the listening server, e.g. HTTPS (src/http/tls.ts); plain HTTP when absent. */
  readonly createServer?: (handler: RequestListener) => HttpsServer;
  /** Strict-Transport-Security on every response (TLS here or at a proxy in front). */
  readonly hsts?: boolean;
}

export async function startHttp(deps: HttpDeps, host: string, port: number, shutdownGraceMs = 10_000, listener: ListenerOptions = {}): Promise<RunningHttp> {
  const make = listener.createServer ?? createServer;
  const server: Server | HttpsServer = make((req, res) => {
    if (listener.hsts) res.setHeader('strict-transport-security', 'max-age=31536000; includeSubDomains');
    handle(deps, req, res).catch((err: unknown) => {
      deps.logger.error({ errorClass: (err as Error)?.name }, 'unhandled HTTP error');
      if (!res.headersSent) sendError(res, req.headers.accept, 'INTERNAL');
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `${listener.createServer ? 'https' : 'http'}://${shownHost}:${address.port}/graphql`,
    port: address.port,
    close: () => closeServer(server, shutdownGraceMs / 2),
  };
}

async function handle(deps: HttpDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://gateway.invalid');
  // --- BI endpoint (src/bi): its own authentication, formats and errors. ---
  if (url.pathname.startsWith(BI_PREFIX) && deps.bi) {
    const started = performance.now();
    try {
      return await deps.bi(req, res, url, requestIdFrom(req.headers['x-request-id'] as string | undefined));
    } finally {
      deps.metrics?.request(res.statusCode, (performance.now() - started) / 1000);
    }
  }
  // --- end BI endpoint ---
  switch (url.pathname) {
    case '/healthz':
      return sendJson(res, 200, { status: 'ok' });
    case '/readyz': {
      const ready = await deps.ready().catch(() => false);
      return sendJson(res, ready ? 200 : 503, { status: ready ? 'ready' : 'unavailable' });
    }
    case '/metrics': {
      if (!deps.metrics) return sendError(res, req.headers.accept, 'NOT_FOUND');
      const { contentType, body } = await deps.metrics.render();
      res.writeHead(200, { 'content-type': contentType });
      res.end(body);
      return;
    }
    case '/graphql': {
      const started = performance.now();
      const shed = deps.overload?.admit();
      if (shed) return sendRateRefusal(res, req.headers.accept, shed);
      // Telemetry hook (src/telemetry): a server span around the request, one access-log line after it.
      const outcome: RequestOutcome = { requestId: null, principal: null, context: null, ran: null };
      const tracing = deps.tracing ?? NO_TRACING;
      try {
        return await tracing.serverSpan(`${req.method} /graphql`, req.headers, { 'http.request.method': req.method ?? '', 'url.path': '/graphql' }, async (span) => {
          await handleGraphQL(deps, req, res, url, outcome, tracing);
          finishOutcome(outcome);
          const operationType = outcome.ran?.operationType;
          span.setAttributes({ 'http.response.status_code': res.statusCode, ...(operationType ? { 'graphql.operation.type': operationType } : {}) });
        });
      } finally {
        deps.overload?.done();
        const durationMs = performance.now() - started;
        deps.metrics?.request(res.statusCode, durationMs / 1000);
        finishOutcome(outcome);
        logAccess(deps.logger, {
          requestId: outcome.requestId,
          status: res.statusCode,
          durationMs,
          principal: outcome.principal,
          operationName: outcome.ran?.operationName ?? null,
          operationType: outcome.ran?.operationType ?? null,
          classified: outcome.ran?.classified ?? null,
        });
      }
    }
    default:
      return sendError(res, req.headers.accept, 'NOT_FOUND');
  }
}

async function handleGraphQL(deps: HttpDeps, req: IncomingMessage, res: ServerResponse, url: URL, outcome: RequestOutcome, tracing: Tracing): Promise<void> {
  const accept = req.headers.accept;
  const origin = req.headers.origin;
  if (req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined) {
    const answer = deps.cors?.preflight(origin, String(req.headers['access-control-request-method']), req.headers['access-control-request-headers']) ?? { allowed: false };
    if (!answer.allowed) return sendError(res, accept, 'ORIGIN_NOT_ALLOWED');
    res.writeHead(204, answer.headers);
    res.end();
    return;
  }
  for (const [name, value] of Object.entries(deps.cors?.responseHeaders(origin) ?? {})) res.setHeader(name, value);
  if (req.method !== 'GET' && req.method !== 'POST') {
    res.setHeader('allow', 'GET, POST');
    return sendError(res, accept, 'METHOD_NOT_ALLOWED');
  }
  const headers = headerMap(req.headers);
  const requestId = requestIdFrom(headers.get('x-request-id'));
  outcome.requestId = requestId;
  res.setHeader('x-request-id', requestId);

  let body: unknown;
  if (req.method === 'POST') {
    const read = await readGraphQLBody(req, headers.get('content-type'));
    if ('error' in read) return sendError(res, accept, read.error);
    body = read.body;
  }

  // The Sandbox landing page (a browser GET without a query) needs no token; every operation does.
  const wantsLandingPage = deps.landingPage === true && prefersHtml(req.method, accept) && !url.searchParams.has('query');
  const clientAddress = req.socket.remoteAddress ?? null;
  const logDown = (errorClass: string) => deps.logger.error({ requestId, errorClass }, 'store unavailable in the limits step');
  let principal: Principal | null = null;
  let search = url.search;
  if (!wantsLandingPage) {
    const blocked = deps.rateLimits?.addressBlocked(clientAddress);
    if (blocked) return sendRateRefusal(res, accept, blocked);
    const auth = await tracing.span('auth', {}, async (span) => {
      const result = await authenticate(deps, headers.get('authorization'), requestId, clientAddress);
      if ('principal' in result) span.setAttributes({ 'crm.role': result.principal.role ?? 'none', 'crm.token_kind': result.principal.kind });
      return result;
    });
    if ('error' in auth) {
      // Keys that cannot be reached say nothing about the caller; every refused token counts.
      const overLimit = auth.error.extensions.code === 'UNAUTHENTICATED' ? await storeStep(() => deps.rateLimits?.authFailed(clientAddress) ?? null, logDown) : null;
      if (overLimit === STORE_DOWN) return storeUnavailable(res, accept);
      if (overLimit) return sendRateRefusal(res, accept, overLimit);
      return sendError(res, accept, auth.error);
    }
    principal = auth.principal;
    outcome.principal = principal;

    // --- BI tokens (src/bi): registered reports only (by `documentId`), never a document sent as text. ---
    if (principal.kind === 'bi') {
      const byId = reportRequest(body, url);
      if (byId && deps.reportById) return deps.reportById(res, principal, byId.documentId, byId.variables, requestId, clientAddress);
      return sendError(res, accept, 'BI_QUERY_NOT_ALLOWED');
    }

    if (deps.trustedDocuments) {
      const trusted = deps.trustedDocuments.resolve(principal, req.method, body, url.searchParams);
      if ('error' in trusted) return sendError(res, accept, trusted.error);
      body = trusted.body;
      search = trusted.search ?? search;
    }

    const limits = deps.limitsFor(principal);
    const refusal = await tracing.span('limits', {}, async (span) => {
      const refused = firstRefusal(deps.documentGate, body, new URLSearchParams(search), limits);
      if (refused) span.setAttributes({ 'crm.limits.refused': String(refused.extensions.code) });
      return refused;
    });
    if (refusal) return sendError(res, accept, refusal);
    // Counted after the query limits: a refused document costs no MongoDB command at all.
    const overLimit = await storeStep(() => deps.rateLimits?.request(principal!) ?? null, logDown);
    if (overLimit === STORE_DOWN) return storeUnavailable(res, accept);
    if (overLimit) return sendRateRefusal(res, accept, overLimit);
  }
  // Runs alongside the request's own reads; documents are released once it has answered.
  const degrade = principal && deps.bulkAccess ? deps.bulkAccess.degradeFor(principal) : null;
  // A request Apollo refuses before it makes a context never reads the answer: its failure is
  // then nobody's to report (the reads report it when there are any).
  degrade?.catch(() => undefined);

  let context: GatewayContext | null = null;
  const deadline = createDeadline(deps.requestTimeoutMs, deps.mongoMaxTimeMs);
  const execution = tracing.span('graphql', {}, () =>
    deps.apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method as string, headers, search, body },
      context: async () => {
        if (!principal) throw new AuthError('missing');
        context = deps.makeContext({ principal, requestId, clientAddress, degrade, deadline });
        outcome.context = context;
        return context;
      },
    }),
  );
  const response = await Promise.race([execution, deadline.expired.then(() => null)]);
  deadline.cancel();
  if (response === null) {
    // The request ran out of time: no data leaves, the data layer sends no further command, and
    // whatever the execution still produces is dropped (its audit batch, if any, is still written).
    execution.catch(() => undefined);
    deps.logger.warn({ requestId, timeoutMs: deps.requestTimeoutMs }, 'request deadline exceeded');
    return sendError(res, accept, gatewayError('DEADLINE_EXCEEDED', `the request did not complete within ${deps.requestTimeoutMs} ms`, { timeoutMs: deps.requestTimeoutMs }));
  }
  // AUDIT_MODE=sync: the body leaves only once this request's audit records are durable. A
  // STORE_UNAVAILABLE answer carries no data, so it may leave either way. Nothing but the commit
  // and the response is held while waiting.
  const audit = (context as GatewayContext | null)?.audit;
  context = null;
  finishOutcome(outcome);
  const durable = await awaitDurable(audit, (wait) => tracing.span('audit.commit', {}, wait));
  if (!durable && response.status !== ERRORS.STORE_UNAVAILABLE.status) return sendError(res, accept, 'AUDIT_UNAVAILABLE');
  for (const [key, value] of response.headers) res.setHeader(key, value);
  res.statusCode = response.status ?? 200;
  if (response.body.kind === 'complete') {
    res.end(response.body.string);
    return;
  }
  for await (const chunk of response.body.asyncIterator) res.write(chunk);
  res.end();
}

function storeUnavailable(res: ServerResponse, accept: string | undefined): void {
  sendError(res, accept, 'STORE_UNAVAILABLE');
}

function sendRateRefusal(res: ServerResponse, accept: string | undefined, refusal: RateRefusal): void {
  sendError(res, accept, refusal.error);
}

function requestIdFrom(header: string | undefined): string {
  return header && /^[A-Za-z0-9._-]{8,64}$/.test(header) ? header : randomUUID();
}

/**
 * Stops accepting connections and lets open requests finish for up to `drainMs`; then cuts the
 * ones still open (their clients see a reset connection, never a partial body written as whole),
 * so shutdown never waits on a request that does not end.
 */
async function closeServer(server: Server | HttpsServer, drainMs: number): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  let timer: NodeJS.Timeout | undefined;
  const drained = await Promise.race([closed.then(() => true), new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), drainMs)))]);
  clearTimeout(timer);
  if (!drained) {
    server.closeAllConnections();
    await closed;
  }
}
