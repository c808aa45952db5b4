// The HTTP front door: routes, body limits, authentication before any GraphQL work, and graceful
// shutdown. GraphQL requests are handed to Apollo through its HTTP integration API.
import { HeaderMap, type ApolloServer } from '@apollo/server';
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { AuthError } from '../auth/errors';
import type { Principal } from '../auth/principal';
import type { TokenVerifier } from '../auth/verifier';
import { bearerToken } from '../auth/verifier';
import type { GatewayContext } from '../context';
import type { GatewayMetrics } from './metrics';
import { ERRORS, errorResponse, gatewayError } from '../errors';
import type { QueryLimits } from '../limits/defaults';
import type { DocumentGate } from '../limits/document-gate';
import { BI_PREFIX, type createBiHandler, type createReportByIdHandler } from '../bi/http';

export const MAX_BODY_BYTES = 1_048_576;

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
  /** The BI report endpoint under /bi/v1/ (src/bi); 404 without it. */
  readonly bi?: ReturnType<typeof createBiHandler>;
  /** BI tokens' one way into /graphql: a registered report by `documentId` (src/bi). */
  readonly reportById?: ReturnType<typeof createReportByIdHandler>;
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
      if (!res.headersSent) sendJson(res, 500, { errors: [{ message: 'internal error', extensions: { code: 'INTERNAL' } }] });
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
      if (!deps.metrics) return sendJson(res, 404, { error: 'not found' });
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
      return sendJson(res, 404, { error: 'not found' });
  }
}

async function handleGraphQL(deps: HttpDeps, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'POST') {
    res.setHeader('allow', 'GET, POST');
    return sendJson(res, 405, { errors: [{ message: 'method not allowed', extensions: { code: 'BAD_REQUEST' } }] });
  }
  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
  }
  const requestId = requestIdFrom(headers.get('x-request-id'));
  res.setHeader('x-request-id', requestId);

  let body: unknown;
  if (req.method === 'POST') {
    const raw = await readBody(req, MAX_BODY_BYTES);
    if (raw === null) return sendJson(res, 413, { errors: [{ message: `request body exceeds ${MAX_BODY_BYTES} bytes`, extensions: { code: 'BAD_REQUEST' } }] });
    if ((headers.get('content-type') ?? '').includes('application/json')) {
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        return sendJson(res, 400, { errors: [{ message: 'request body is not valid JSON', extensions: { code: 'BAD_REQUEST' } }] });
      }
    } else {
      body = raw.toString('utf8');
    }
  }

  // The Sandbox landing page (a browser GET without a query) needs no token; every operation does.
  const wantsLandingPage = req.method === 'GET' && !url.searchParams.has('query') && (headers.get('accept') ?? '').includes('text/html');
  let principal: Principal | null = null;
  if (!wantsLandingPage) {
    try {
      principal = await deps.verifier.verify(bearerToken(headers.get('authorization')), { clientAddress: req.socket.remoteAddress ?? null });
    } catch (err) {
      if (!(err instanceof AuthError)) throw err;
      deps.logger.info({ requestId, reason: err.reason }, 'request refused: authentication failed');
      deps.metrics?.authFailure(err.reason);
      res.setHeader('www-authenticate', `Bearer error="invalid_token"`);
      return sendJson(res, 401, { errors: [{ message: err.message, extensions: { code: 'UNAUTHENTICATED', reason: err.reason } }] });
    }
  }

  // --- BI tokens (src/bi): registered reports only, never a document sent as text. ---
  if (principal?.kind === 'bi') {
    const byId = reportRequest(body, url);
    if (byId && deps.reportById) return deps.reportById(res, principal, byId.documentId, byId.variables, requestId, req.socket.remoteAddress ?? null);
    const { status, body: errorBody } = errorResponse(gatewayError('BI_QUERY_NOT_ALLOWED'));
    return sendJson(res, status, errorBody);
  }
  // --- end BI tokens ---
  if (principal) {
    const limits = deps.limitsFor(principal);
    for (const query of queryTexts(body, url)) {
      const refusal = deps.documentGate(query, limits);
      if (refusal) {
        const { status, body: errorBody } = errorResponse(refusal);
        return sendJson(res, status, errorBody);
      }
    }
  }

  const clientAddress = req.socket.remoteAddress ?? null;
  let context: GatewayContext | null = null;
  const response = await deps.apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: req.method, headers, search: url.search, body },
    context: async () => {
      if (!principal) throw new AuthError('missing');
      context = deps.makeContext(principal, requestId, clientAddress);
      return context;
    },
  });
  // AUDIT_MODE=sync: the body leaves only once this request's audit records are durable.
  const commit = (context as GatewayContext | null)?.audit.commit;
  if (commit) {
    try {
      await commit;
    } catch {
      return sendJson(res, ERRORS.AUDIT_UNAVAILABLE.status, { data: null, errors: [{ message: ERRORS.AUDIT_UNAVAILABLE.message, extensions: { code: 'AUDIT_UNAVAILABLE' } }] });
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

/** A persisted-document request (`documentId`, no `query`), as BI tokens send it; null otherwise. */
function reportRequest(body: unknown, url: URL): { documentId: string; variables: unknown } | null {
  if (url.searchParams.has('query')) return null;
  const getId = url.searchParams.get('documentId');
  if (getId !== null) {
    let variables: unknown;
    try {
      variables = JSON.parse(url.searchParams.get('variables') ?? 'null');
    } catch {
      return null;
    }
    return { documentId: getId, variables };
  }
  const item = body as { documentId?: unknown; query?: unknown; variables?: unknown } | null;
  if (item === null || typeof item !== 'object' || Array.isArray(item) || item.query !== undefined || typeof item.documentId !== 'string') return null;
  return { documentId: item.documentId, variables: item.variables };
}

/** The GraphQL documents a request carries: a POST body's `query` (or each of a batch's), or GET's. */
function queryTexts(body: unknown, url: URL): string[] {
  const texts: string[] = [];
  const getQuery = url.searchParams.get('query');
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

function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      req.resume();
      resolve(null);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        resolve(null);
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(size > limit ? null : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
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
