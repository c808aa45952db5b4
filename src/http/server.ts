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
import { ERRORS, errorResponse } from '../errors';
import type { QueryLimits } from '../limits/defaults';
import type { DocumentGate } from '../limits/document-gate';
import { logAccess } from '../telemetry/access-log';
import { NO_TRACING, type Tracing } from '../telemetry/tracing';

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
  /** Spans for each step of a GraphQL request (src/telemetry); none when absent. */
  readonly tracing?: Tracing;
}

/** What a GraphQL request turned out to be, for its access-log line (filled in as it proceeds). */
interface RequestOutcome {
  requestId: string | null;
  principal: Principal | null;
  context: GatewayContext | null;
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
      // Telemetry hook (src/telemetry): a server span around the request, one access-log line after it.
      const outcome: RequestOutcome = { requestId: null, principal: null, context: null };
      const tracing = deps.tracing ?? NO_TRACING;
      try {
        return await tracing.serverSpan(`${req.method} /graphql`, req.headers, { 'http.request.method': req.method ?? '', 'url.path': '/graphql' }, async (span) => {
          await handleGraphQL(deps, req, res, url, outcome, tracing);
          const operationType = outcome.context?.meta.operationType;
          span.setAttributes({ 'http.response.status_code': res.statusCode, ...(operationType ? { 'graphql.operation.type': operationType } : {}) });
        });
      } finally {
        const durationMs = performance.now() - started;
        deps.metrics?.request(res.statusCode, durationMs / 1000);
        const meta = outcome.context?.meta;
        logAccess(deps.logger, {
          requestId: outcome.requestId,
          status: res.statusCode,
          durationMs,
          principal: outcome.principal,
          operationName: meta?.operationName ?? null,
          operationType: meta?.operationType ?? null,
          records: outcome.context?.disclosure.records ?? null,
        });
      }
    }
    default:
      return sendJson(res, 404, { error: 'not found' });
  }
}

async function handleGraphQL(deps: HttpDeps, req: IncomingMessage, res: ServerResponse, url: URL, outcome: RequestOutcome, tracing: Tracing): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'POST') {
    res.setHeader('allow', 'GET, POST');
    return sendJson(res, 405, { errors: [{ message: 'method not allowed', extensions: { code: 'BAD_REQUEST' } }] });
  }
  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
  }
  const requestId = requestIdFrom(headers.get('x-request-id'));
  outcome.requestId = requestId;
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
      const token = bearerToken(headers.get('authorization'));
      principal = await tracing.span('auth', {}, async (span) => {
        const verified = await deps.verifier.verify(token);
        span.setAttributes({ 'crm.role': verified.role ?? 'none', 'crm.token_kind': verified.kind });
        return verified;
      });
      outcome.principal = principal;
    } catch (err) {
      if (!(err instanceof AuthError)) throw err;
      deps.logger.info({ requestId, reason: err.reason }, 'request refused: authentication failed');
      deps.metrics?.authFailure(err.reason);
      res.setHeader('www-authenticate', `Bearer error="invalid_token"`);
      return sendJson(res, 401, { errors: [{ message: err.message, extensions: { code: 'UNAUTHENTICATED', reason: err.reason } }] });
    }
  }

  if (principal) {
    const limits = deps.limitsFor(principal);
    const refusal = await tracing.span('limits', {}, async (span) => {
      for (const query of queryTexts(body, url)) {
        const refused = deps.documentGate(query, limits);
        if (refused) {
          span.setAttributes({ 'crm.limits.refused': String(refused.extensions.code) });
          return refused;
        }
      }
      return null;
    });
    if (refusal) {
      const { status, body: errorBody } = errorResponse(refusal);
      return sendJson(res, status, errorBody);
    }
  }

  const clientAddress = req.socket.remoteAddress ?? null;
  let context: GatewayContext | null = null;
  const response = await tracing.span('graphql', {}, () =>
    deps.apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method as string, headers, search: url.search, body },
      context: async () => {
        if (!principal) throw new AuthError('missing');
        context = deps.makeContext(principal, requestId, clientAddress);
        outcome.context = context;
        return context;
      },
    }),
  );
  // AUDIT_MODE=sync: the body leaves only once this request's audit records are durable.
  const commit = (context as GatewayContext | null)?.audit.commit;
  if (commit !== null && commit !== undefined) {
    try {
      await tracing.span('audit.commit', {}, () => commit);
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
