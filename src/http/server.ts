// The HTTP front door: routes and the order of the steps of a GraphQL request — CORS (cors.ts),
// body (body.ts), authentication (authenticate.ts), trusted documents, limits, then Apollo
// through its HTTP integration API — and graceful shutdown. What the gateway answers itself is
// written by respond.ts from the table in src/errors.ts; nothing here builds an error body.
import { HeaderMap, type ApolloServer } from '@apollo/server';
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { AuthError } from '../auth/errors';
import type { Principal } from '../auth/principal';
import type { TokenVerifier } from '../auth/verifier';
import type { GatewayContext } from '../context';
import { ERRORS } from '../errors';
import type { QueryLimits } from '../limits/defaults';
import type { DocumentGate } from '../limits/document-gate';
import { authenticate } from './authenticate';
import { readGraphQLBody } from './body';
import type { Cors } from './cors';
import type { GatewayMetrics } from './metrics';
import { prefersHtml } from './negotiate';
import { sendError, sendJson } from './respond';
import type { TrustedDocuments } from '../documents/trusted';

export interface HttpDeps {
  readonly apollo: ApolloServer<GatewayContext>;
  readonly verifier: TokenVerifier;
  readonly logger: Logger;
  makeContext(principal: Principal, requestId: string, clientAddress: string | null): GatewayContext;
  /** The limits step: the caller's query limits, and the gate that measures a query text. */
  limitsFor(principal: Principal): QueryLimits;
  readonly documentGate: DocumentGate;
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
}

export interface RunningHttp {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

export async function startHttp(deps: HttpDeps, host: string, port: number, shutdownGraceMs = 10_000): Promise<RunningHttp> {
  const server = createServer((req, res) => {
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
    url: `http://${shownHost}:${address.port}/graphql`,
    port: address.port,
    close: () => closeServer(server, shutdownGraceMs / 2),
  };
}

async function handle(deps: HttpDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://gateway.invalid');
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
      try {
        return await handleGraphQL(deps, req, res, url);
      } finally {
        deps.metrics?.request(res.statusCode, (performance.now() - started) / 1000);
      }
    }
    default:
      return sendError(res, req.headers.accept, 'NOT_FOUND');
  }
}

async function handleGraphQL(deps: HttpDeps, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
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
  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
  }
  const requestId = requestIdFrom(headers.get('x-request-id'));
  res.setHeader('x-request-id', requestId);

  let body: unknown;
  if (req.method === 'POST') {
    const read = await readGraphQLBody(req, headers.get('content-type'));
    if ('error' in read) return sendError(res, accept, read.error);
    body = read.body;
  }

  // The Sandbox landing page (a browser GET without a query) needs no token; every operation does.
  const wantsLandingPage = deps.landingPage === true && prefersHtml(req.method, accept) && !url.searchParams.has('query');
  let principal: Principal | null = null;
  let search = url.search;
  if (!wantsLandingPage) {
    const auth = await authenticate(deps, headers.get('authorization'), requestId);
    if ('error' in auth) return sendError(res, accept, auth.error);
    principal = auth.principal;

    if (deps.trustedDocuments) {
      const trusted = deps.trustedDocuments.resolve(principal, req.method, body, url.searchParams);
      if ('error' in trusted) return sendError(res, accept, trusted.error);
      body = trusted.body;
      search = trusted.search ?? search;
    }

    const limits = deps.limitsFor(principal);
    for (const query of queryTexts(body, new URLSearchParams(search))) {
      const refusal = deps.documentGate(query, limits);
      if (refusal) return sendError(res, accept, refusal);
    }
  }

  const clientAddress = req.socket.remoteAddress ?? null;
  let context: GatewayContext | null = null;
  const response = await deps.apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: req.method, headers, search, body },
    context: async () => {
      if (!principal) throw new AuthError('missing');
      context = deps.makeContext(principal, requestId, clientAddress);
      return context;
    },
  });
  // AUDIT_MODE=sync: the body leaves only once this request's audit records are durable. A
  // STORE_UNAVAILABLE answer carries no data, so it may leave either way.
  const commit = (context as GatewayContext | null)?.audit.commit;
  if (commit) {
    try {
      await commit;
    } catch {
      if (response.status !== ERRORS.STORE_UNAVAILABLE.status) return sendError(res, accept, 'AUDIT_UNAVAILABLE');
    }
  }
  for (const [key, value] of response.headers) res.setHeader(key, value);
  res.statusCode = response.status ?? 200;
  if (response.body.kind === 'complete') {
    res.end(response.body.string);
    return;
  }
  for await (const chunk of response.body.asyncIterator) res.write(chunk);
  res.end();
}

/** The GraphQL documents a request carries: a POST body's `query` (or each of a batch's), or GET's. */
function queryTexts(body: unknown, params: URLSearchParams): string[] {
  const texts: string[] = [];
  const getQuery = params.get('query');
  if (getQuery !== null) texts.push(getQuery);
  for (const item of Array.isArray(body) ? body : [body]) {
    const query = (item as { query?: unknown } | null)?.query;
    if (typeof query === 'string') texts.push(query);
  }
  return texts;
}

function requestIdFrom(header: string | undefined): string {
  return header && /^[A-Za-z0-9._-]{8,64}$/.test(header) ? header : randomUUID();
}

/**
 * Stops accepting connections and lets open requests finish for up to `drainMs`; then cuts the
 * ones still open (their clients see a reset connection, never a partial body written as whole),
 * so shutdown never waits on a request that does not end.
 */
async function closeServer(server: Server, drainMs: number): Promise<void> {
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
