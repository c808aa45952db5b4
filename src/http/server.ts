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
import type { GatewayContext, RequestIdentity } from '../context';
import { createDeadline } from '../limits/deadline';
import type { OverloadGuard } from '../limits/overload';
import type { GatewayMetrics } from './metrics';
import { ERRORS, errorResponse, gatewayError } from '../errors';
import type { QueryLimits } from '../limits/defaults';
import type { DocumentGate, GateRequest } from '../limits/document-gate';
import type { RateLimits, RateRefusal } from '../limits/rate-limits';
import type { BulkAccessWatch } from '../limits/bulk-access';

export const MAX_BODY_BYTES = 1_048_576;

export interface HttpDeps {
  readonly apollo: ApolloServer<GatewayContext>;
  readonly verifier: TokenVerifier;
  readonly logger: Logger;
  makeContext(request: RequestIdentity): GatewayContext;
  /** Each request's deadline and the cap of its MongoDB commands' maxTimeMS. */
  readonly requestTimeoutMs: number;
  readonly mongoMaxTimeMs: number;
  /** Load shedding: 503 OVERLOADED instead of an unbounded queue. */
  readonly overload?: OverloadGuard;
  /** The limits step: the caller's query limits, the gate that measures a query text, rate limits. */
  limitsFor(principal: Principal): QueryLimits;
  readonly documentGate: DocumentGate;
  readonly rateLimits?: RateLimits;
  /** Bulk-access detection: an open alert about the principal caps its classified fields. */
  readonly bulkAccess?: BulkAccessWatch | null;
  /** Readiness: resolves true when the store answers and the audit ledger is writable. */
  ready(): Promise<boolean>;
  /** Prometheus metrics; GET /metrics answers 404 without it. */
  readonly metrics?: GatewayMetrics;
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
      const shed = deps.overload?.admit();
      if (shed) return sendRateRefusal(res, shed);
      try {
        return await handleGraphQL(deps, req, res, url);
      } finally {
        deps.overload?.done();
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
  const clientAddress = req.socket.remoteAddress ?? null;
  let principal: Principal | null = null;
  if (!wantsLandingPage) {
    const blocked = deps.rateLimits?.addressBlocked(clientAddress);
    if (blocked) return sendRateRefusal(res, blocked);
    try {
      principal = await deps.verifier.verify(bearerToken(headers.get('authorization')));
    } catch (err) {
      if (!(err instanceof AuthError)) throw err;
      deps.logger.info({ requestId, reason: err.reason }, 'request refused: authentication failed');
      deps.metrics?.authFailure(err.reason);
      // Keys that cannot be reached say nothing about the caller; every other refusal counts.
      const overLimit = err.reason === 'key_unavailable' ? null : await deps.rateLimits?.authFailed(clientAddress);
      if (overLimit) return sendRateRefusal(res, overLimit);
      res.setHeader('www-authenticate', `Bearer error="invalid_token"`);
      return sendJson(res, 401, { errors: [{ message: err.message, extensions: { code: 'UNAUTHENTICATED', reason: err.reason } }] });
    }
  }

  if (principal) {
    const limits = deps.limitsFor(principal);
    for (const request of gateRequests(body, url)) {
      const refusal = deps.documentGate(request, limits);
      if (refusal) {
        const { status, body: errorBody } = errorResponse(refusal);
        return sendJson(res, status, errorBody);
      }
    }
    // Counted after the query limits: a refused document costs no MongoDB command at all.
    const overLimit = await deps.rateLimits?.request(principal);
    if (overLimit) return sendRateRefusal(res, overLimit);
  }
  const degrade = principal && deps.bulkAccess ? await deps.bulkAccess.degradeFor(principal) : null;

  let context: GatewayContext | null = null;
  const deadline = createDeadline(deps.requestTimeoutMs, deps.mongoMaxTimeMs);
  const execution = deps.apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: req.method, headers, search: url.search, body },
    context: async () => {
      if (!principal) throw new AuthError('missing');
      context = deps.makeContext({ principal, requestId, clientAddress, degrade, deadline });
      return context;
    },
  });
  const response = await Promise.race([execution, deadline.expired.then(() => null)]);
  deadline.cancel();
  if (response === null) {
    // The request ran out of time: no data leaves, the data layer sends no further command, and
    // whatever the execution still produces is dropped (its audit batch, if any, is still written).
    execution.catch(() => undefined);
    deps.logger.warn({ requestId, timeoutMs: deps.requestTimeoutMs }, 'request deadline exceeded');
    const { status, body: errorBody } = errorResponse(gatewayError('DEADLINE_EXCEEDED', `the request did not complete within ${deps.requestTimeoutMs} ms`, { timeoutMs: deps.requestTimeoutMs }));
    return sendJson(res, status, errorBody);
  }
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

/** The GraphQL documents a request carries: a POST body's (or each of a batch's), or GET's. */
function gateRequests(body: unknown, url: URL): GateRequest[] {
  const requests: GateRequest[] = [];
  const getQuery = url.searchParams.get('query');
  if (getQuery !== null) {
    let variables: Record<string, unknown> | null = null;
    try {
      const raw = url.searchParams.get('variables');
      variables = raw ? (JSON.parse(raw) as Record<string, unknown>) : null;
    } catch {
      // Apollo answers malformed variables itself; the cost is then measured with defaults.
    }
    requests.push({ query: getQuery, operationName: url.searchParams.get('operationName'), variables: isRecord(variables) ? variables : null });
  }
  for (const item of Array.isArray(body) ? body : [body]) {
    if (!isRecord(item) || typeof item.query !== 'string') continue;
    requests.push({ query: item.query, operationName: typeof item.operationName === 'string' ? item.operationName : null, variables: isRecord(item.variables) ? item.variables : null });
  }
  return requests;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
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

function sendRateRefusal(res: ServerResponse, refusal: RateRefusal): void {
  const { status, body } = errorResponse(refusal.error);
  res.setHeader('retry-after', String(refusal.retryAfterSeconds));
  sendJson(res, status, body);
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
