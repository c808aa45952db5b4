// The BI endpoint: `GET /bi/v1/reports/{id}.csv|.json|.ndjson` and `GET /bi/v1/reports/{id}/schema`
// (plus `GET /bi/v1/reports`, the reports this token may run). GET, flat rows and a credential a
// tool can store (credentials.ts). Authorization fails closed: an unknown report is 404, a report
// the token's role, kind or allow-list does not name is 403, an unknown parameter is 400.
//
// A whole-result response is checked against the row cap before its first byte (the data layer
// counts the rows with the run's own scope and filter): over it, 413 and nothing else. The first
// page is fetched before the status line too, so a refusal on it is a proper error response;
// a failure after rows have been written (the store or the ledger going away mid-stream) cuts
// the connection, so a client never takes a truncated body for a complete one.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GraphQLError } from 'graphql';
import type { Logger } from 'pino';
import { AuthError, type AuthFailureReason } from '../auth/errors';
import type { Principal } from '../auth/principal';
import type { TokenVerifier } from '../auth/verifier';
import type { ReportRequest } from '../context';
import type { CursorCodec } from '../data/cursor';
import { ERRORS, errorResponse, gatewayError, type ErrorCode } from '../errors';
import { BASIC_CHALLENGE, biToken } from './credentials';
import { coerceParams } from './params';
import type { Report, ReportRegistry } from './report';
import { decodeRunCursor, encodeRunCursor } from './run-cursor';
import { countRows, ReportRunError, runReport, type PageOutcome, type RunPage } from './runner';
import { createWriter, FORMATS, type Format } from './writers';

export const BI_PREFIX = '/bi/v1/';

export interface BiLimits {
  /** Rows one response may carry; a larger whole result is refused with 413. */
  readonly maxRows: number;
  /** Rows per execution of a paged report, and per `?cursor=` response. */
  readonly pageSize: number;
}

export interface BiDeps {
  readonly reports: ReportRegistry;
  readonly verifier: TokenVerifier;
  readonly logger: Logger;
  readonly cursors: CursorCodec;
  readonly limits: BiLimits;
  /** Executes one page of a report as the principal, through the gateway's GraphQL server. */
  execute(
    principal: Principal,
    requestId: string,
    clientAddress: string | null,
    report: Report,
    variables: Readonly<Record<string, unknown>>,
    request: ReportRequest,
  ): Promise<PageOutcome>;
  /** Per-principal rate limit (src/limits); null lets the request through. */
  rateLimit?(principal: Principal): Promise<GraphQLError | null> | GraphQLError | null;
  /** Counts refused credentials by general reason (metrics). */
  authFailure?(reason: AuthFailureReason): void;
}

const ROUTE = /^\/bi\/v1\/reports\/([a-z0-9][a-z0-9-]{0,63})(?:\.(csv|json|ndjson)|\/(schema))$/;

/** Whether a principal may run a report: its role and kind, and for BI tokens their allow-list. */
export function mayRun(principal: Principal, report: Report): boolean {
  if (principal.role === null || !report.roles.includes(principal.role)) return false;
  if (!report.tokenKinds.includes(principal.kind)) return false;
  return principal.kind !== 'bi' || (principal.reports ?? []).includes(report.id);
}

/**
 * A report by id over GraphQL: `POST /graphql {"documentId": "<report id>", "variables": {…}}`
 * (or GET with `documentId` and `variables`), the persisted-document form a BI token may use
 * instead of the report URL. Parameters come from `variables` (with `cursor` to continue); the
 * answer is one page, GraphQL-shaped: `{ data: { report: { id, version, columns, rows, nextCursor } } }`.
 */
export function createReportByIdHandler(deps: BiDeps) {
  return async function handleReportById(
    res: ServerResponse,
    principal: Principal,
    documentId: string,
    variables: unknown,
    requestId: string,
    clientAddress: string | null,
  ): Promise<void> {
    res.setHeader('cache-control', 'no-store');
    const report = deps.reports.get(documentId);
    if (!report) return sendError(res, 'REPORT_NOT_FOUND');
    if (!mayRun(principal, report)) return sendError(res, 'REPORT_NOT_ALLOWED');
    const limited = await deps.rateLimit?.(principal);
    if (limited) return sendGraphQLError(res, limited);
    const query = new URLSearchParams();
    if (variables !== undefined && variables !== null) {
      if (typeof variables !== 'object' || Array.isArray(variables))
        return sendGraphQLError(res, gatewayError('INVALID_REPORT_PARAMETER', 'variables must be an object', { parameter: 'variables' }));
      for (const [name, value] of Object.entries(variables)) {
        if (value === null) continue;
        if (typeof value !== 'string' && typeof value !== 'number')
          return sendGraphQLError(
            res,
            gatewayError('INVALID_REPORT_PARAMETER', `parameter "${/^[A-Za-z0-9_.-]{1,64}$/.test(name) ? name : '(unprintable name)'}" must be a string or a number`, {
              parameter: name,
            }),
          );
        query.append(name, String(value));
      }
    }
    const params = coerceParams(report, query, ['cursor']);
    if ('message' in params) return sendGraphQLError(res, params);
    const cursor = query.get('cursor') ?? '';
    let after: string | null = null;
    if (cursor !== '') {
      after = decodeRunCursor(deps.cursors, principal, report, params.hash, cursor);
      if (after === null) return sendError(res, 'INVALID_CURSOR');
    }
    const execute = (v: Readonly<Record<string, unknown>>, request: ReportRequest) => deps.execute(principal, requestId, clientAddress, report, v, request);
    try {
      const pages = runReport({ report, params, execute, pageSize: deps.limits.pageSize, after, maxPages: 1, maxRows: deps.limits.maxRows });
      const first = await pages.next();
      const page = first.done ? { rows: [], next: null } : first.value;
      const names = report.columns.map((c) => c.name);
      const rows = page.rows.map((row) => Object.fromEntries(names.map((n, i) => [n, row[i] ?? null])));
      const nextCursor = page.next === null ? null : encodeRunCursor(deps.cursors, principal, report, params.hash, page.next);
      return sendJson(res, 200, { data: { report: { id: report.id, version: report.version, columns: names, rows, nextCursor } } });
    } catch (err) {
      if (!(err instanceof ReportRunError)) throw err;
      return sendJson(res, err.status, { errors: [{ message: err.message, extensions: err.extensions }] });
    }
  };
}

export function createBiHandler(deps: BiDeps) {
  return async function handleBi(req: IncomingMessage, res: ServerResponse, url: URL, requestId: string): Promise<void> {
    res.setHeader('cache-control', 'no-store');
    res.setHeader('x-request-id', requestId);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('allow', 'GET, HEAD');
      return sendError(res, 'METHOD_NOT_ALLOWED');
    }
    const listing = url.pathname === '/bi/v1/reports' || url.pathname === '/bi/v1/reports/';
    const match = listing ? null : ROUTE.exec(url.pathname);
    if (!listing && !match) return sendError(res, 'REPORT_NOT_FOUND');

    const clientAddress = req.socket.remoteAddress ?? null;
    let principal: Principal;
    try {
      principal = await deps.verifier.verify(biToken(req.headers), { clientAddress });
    } catch (err) {
      if (!(err instanceof AuthError)) throw err;
      deps.logger.info({ requestId, reason: err.reason }, 'BI request refused: authentication failed');
      deps.authFailure?.(err.reason);
      if (err.status === 401) res.setHeader('www-authenticate', BASIC_CHALLENGE);
      return sendJson(res, err.status, { errors: [{ message: err.message, extensions: { code: 'UNAUTHENTICATED', reason: err.reason } }] });
    }
    const limited = await deps.rateLimit?.(principal);
    if (limited) return sendGraphQLError(res, limited);

    if (listing) {
      const mine = deps.reports.list().filter((r) => mayRun(principal, r));
      return sendJson(res, 200, { data: mine.map((r) => ({ id: r.id, version: r.version, title: r.title, formats: FORMATS, schema: `${BI_PREFIX}reports/${r.id}/schema` })) });
    }
    const [, id, format, schema] = match!;
    const report = deps.reports.get(id!);
    if (!report) return sendError(res, 'REPORT_NOT_FOUND');
    if (!mayRun(principal, report)) {
      deps.logger.info({ requestId, report: report.id, subject: principal.subject }, 'BI request refused: report not allowed');
      return sendError(res, 'REPORT_NOT_ALLOWED');
    }
    if (schema) return sendJson(res, 200, describe(report));
    return runAndWrite(deps, req, res, url, { principal, report, format: format as Format, requestId, clientAddress });
  };
}

interface Run {
  readonly principal: Principal;
  readonly report: Report;
  readonly format: Format;
  readonly requestId: string;
  readonly clientAddress: string | null;
}

async function runAndWrite(deps: BiDeps, req: IncomingMessage, res: ServerResponse, url: URL, run: Run): Promise<void> {
  const { principal, report, format, requestId, clientAddress } = run;
  const endpointParams = format === 'csv' ? ['cursor', 'bom'] : ['cursor'];
  const params = coerceParams(report, url.searchParams, endpointParams);
  if ('message' in params) return sendGraphQLError(res, params);
  const bom = url.searchParams.get('bom');
  if (bom !== null && bom !== '' && bom !== '0' && bom !== '1')
    return sendGraphQLError(res, gatewayError('INVALID_REPORT_PARAMETER', 'parameter "bom" must be 0 or 1', { parameter: 'bom' }));

  const paged = url.searchParams.has('cursor');
  const cursor = url.searchParams.get('cursor') ?? '';
  let after: string | null = null;
  if (cursor !== '') {
    after = decodeRunCursor(deps.cursors, principal, report, params.hash, cursor);
    if (after === null) return sendError(res, 'INVALID_CURSOR');
  }
  const execute = (variables: Readonly<Record<string, unknown>>, request: ReportRequest) => deps.execute(principal, requestId, clientAddress, report, variables, request);

  let pages: AsyncGenerator<RunPage>;
  let first: IteratorResult<RunPage>;
  try {
    if (!paged) {
      const total = await countRows(report, params, execute);
      if (total !== null && total > deps.limits.maxRows) return sendError(res, 'REPORT_TOO_LARGE', { limit: deps.limits.maxRows });
    }
    pages = runReport({ report, params, execute, pageSize: deps.limits.pageSize, after, maxPages: paged ? 1 : Infinity, maxRows: deps.limits.maxRows });
    first = await pages.next();
  } catch (err) {
    if (!(err instanceof ReportRunError)) throw err;
    return sendJson(res, err.status, { errors: [{ message: err.message, extensions: err.extensions }] });
  }

  const next = first.done ? null : first.value.next;
  const nextCursor = paged && next !== null ? encodeRunCursor(deps.cursors, principal, report, params.hash, next) : null;
  const writer = createWriter(format, report, { bom: bom === '1' });
  const headers: Record<string, string> = { 'content-type': writer.contentType };
  if (format === 'csv') headers['content-disposition'] = `inline; filename="${report.id}.csv"`;
  if (nextCursor !== null) {
    const link = new URL(url.pathname + url.search, 'http://gateway.invalid');
    link.searchParams.set('cursor', nextCursor);
    headers.link = `<${link.pathname}${link.search}>; rel="next"`;
  }
  res.writeHead(200, headers);
  if (req.method === 'HEAD') {
    await pages.return(undefined);
    res.end();
    return;
  }
  let aborted = false;
  res.once('close', () => {
    aborted = !res.writableFinished;
  });
  try {
    await write(res, writer.start());
    if (!first.done) await write(res, writer.rows(first.value.rows));
    if (!paged && !first.done) {
      for await (const page of pages) {
        if (aborted) break;
        await write(res, writer.rows(page.rows));
      }
    }
    if (aborted) {
      await pages.return(undefined);
      return;
    }
    res.end(writer.end(nextCursor));
  } catch (err) {
    // Headers are out: the only honest signal left is an incomplete response.
    const e = err as { code?: unknown; name?: string };
    deps.logger.error(
      { requestId, report: report.id, errorClass: e?.name, code: err instanceof ReportRunError ? err.code : undefined },
      'BI report failed mid-stream; connection cut',
    );
    res.destroy();
  }
}

/** Writes with backpressure: waits for `drain` (or the connection closing) before the next page. */
async function write(res: ServerResponse, chunk: string): Promise<void> {
  if (chunk.length === 0 || res.destroyed) return;
  if (res.write(chunk)) return;
  await new Promise<void>((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

function describe(report: Report) {
  return {
    id: report.id,
    version: report.version,
    title: report.title,
    description: report.description,
    formats: FORMATS,
    paged: report.paging !== null,
    params: Object.entries(report.params).map(([name, spec]) => ({ name, ...spec })),
    columns: report.columns.map((c) => ({ name: c.name, type: c.type, class: c.class })),
  };
}

function sendError(res: ServerResponse, code: ErrorCode, details: Record<string, string | number | boolean> = {}): void {
  sendGraphQLError(res, gatewayError(code, ERRORS[code].message, details));
}

function sendGraphQLError(res: ServerResponse, error: GraphQLError): void {
  const { status, body } = errorResponse(error);
  sendJson(res, status, body);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
