// Runs a report's operation page by page through the gateway's own GraphQL execution (the same
// Apollo server, context, shield, scope, masking, limits and audit as any GraphQL request), and
// hands out flat rows one page at a time, so memory holds one page whatever the report's size.
//
// Sync audit: each page is one execution, hence one ledger batch (with the report's id, version,
// parameter hash and page number); a page is yielded only once its batch is durable, so nothing
// is written to the client that is not in the ledger (docs/bi.md).
import type { GraphQLError, GraphQLFormattedError } from 'graphql';
import type { ReportRequest } from '../context';
import { awaitDurable } from '../audit/request-audit';
import type { RowCounter } from '../data/data-source';
import { ERRORS, gatewayError, type ErrorCode } from '../errors';
import type { CoercedParams } from './params';
import type { Report } from './report';
import { flatten, pageInfo, rowList, type Cell } from './rows';

export interface PageOutcome {
  readonly data: Record<string, unknown> | null | undefined;
  readonly errors: readonly GraphQLFormattedError[] | undefined;
  /** sync audit: resolves when the page's batch is durable; null when nothing waits. */
  readonly commit: Promise<void> | null;
}

/** Executes the report's operation once, as one request of the run. */
export type ExecutePage = (variables: Readonly<Record<string, unknown>>, request: ReportRequest) => Promise<PageOutcome>;

export interface RunPage {
  readonly rows: Cell[][];
  /** The operation cursor after this page; null at the end. */
  readonly next: string | null;
}

/** A run refused or failed with a gateway error code (status from src/errors.ts). */
export class ReportRunError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly extensions: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'ReportRunError';
  }

  get status(): number {
    return ERRORS[this.code].status;
  }

  static from(error: GraphQLError): ReportRunError {
    const { http: _http, ...extensions } = error.extensions as Record<string, unknown>;
    return new ReportRunError(extensions.code as ErrorCode, error.message, extensions);
  }
}

export interface RunOptions {
  readonly report: Report;
  readonly params: CoercedParams;
  readonly execute: ExecutePage;
  /** Rows per execution of a paged report. */
  readonly pageSize: number;
  /** Continue after this operation cursor (from `?cursor=`). */
  readonly after: string | null;
  /** Stop after this many pages (1 for a `?cursor=` response); Infinity streams everything. */
  readonly maxPages: number;
  /** More rows than this fail the run (REPORT_TOO_LARGE); never truncated. */
  readonly maxRows: number;
}

/**
 * How many rows a paged report would return, counted by the data layer with the run's own scope
 * and filter, before any row is read (an execution with a page size of 0). Null for aggregates.
 */
export async function countRows(report: Report, params: CoercedParams, execute: ExecutePage): Promise<number | null> {
  if (!report.paging) return null;
  const counter: RowCounter = { total: null };
  const outcome = await execute({ ...params.variables, first: 0, after: null }, { facts: facts(report, params, 0), counter });
  await settle(outcome);
  return counter.total;
}

export async function* runReport(options: RunOptions): AsyncGenerator<RunPage> {
  const { report, params, execute, pageSize, maxPages, maxRows } = options;
  let after = options.after;
  let served = 0;
  for (let page = 1; page <= maxPages; page++) {
    const variables = report.paging ? { ...params.variables, first: pageSize, after } : params.variables;
    const outcome = await execute(variables, { facts: facts(report, params, page) });
    await settle(outcome);
    const rows = flatten(report, rowList(report, outcome.data));
    served += rows.length;
    if (served > maxRows) throw ReportRunError.from(gatewayError('REPORT_TOO_LARGE', undefined, { limit: maxRows }));
    const info = pageInfo(report, outcome.data);
    const next = info.hasNextPage ? info.endCursor : null;
    yield { rows, next };
    if (next === null) return;
    after = next;
  }
}

function facts(report: Report, params: CoercedParams, page: number): ReportRequest['facts'] {
  return { id: report.id, version: report.version, paramsHash: params.hash, page };
}

/** Fails the run on any GraphQL error (fail closed: no partial data) and waits for the audit. */
async function settle(outcome: PageOutcome): Promise<void> {
  const first = outcome.errors?.[0];
  if (first) {
    const code = first.extensions?.code;
    const known = typeof code === 'string' && code in ERRORS ? (code as ErrorCode) : 'INTERNAL';
    const { http: _http, ...extensions } = (first.extensions ?? {}) as Record<string, unknown>;
    throw new ReportRunError(known, known === 'INTERNAL' ? ERRORS.INTERNAL.message : first.message, { ...extensions, code: known });
  }
  if (!(await awaitDurable(outcome))) throw ReportRunError.from(gatewayError('AUDIT_UNAVAILABLE'));
}
