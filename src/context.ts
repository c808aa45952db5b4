// The per-request state, built once per request by the HTTP layer and threaded through execution:
// who is calling, the scoped data source (with its DataLoaders), and the disclosure step that
// masks and audits classified values. Nothing per-request lives anywhere else.
import type { Db } from 'mongodb';
import type { Principal } from './auth/principal';
import type { CursorCodec } from './data/cursor';
import type { StatsRelease } from './data/customer-stats';
import { createDataSource, type DataSource, type QueryGuard, type RowCounter } from './data/data-source';
import type { DisclosureFactory, ReportRunFacts, RequestDisclosure, RequestMeta } from './disclosure/disclosure';
import type { FieldMap } from './schema/field-map';
import type { Budgets } from './data/budgets';
import type { CompiledPolicy } from './policy/compile';
import type { AuditQueries } from './audit/queries';
import { createRequestAudit, type RequestAudit } from './audit/request-audit';
import type { Degrade } from './limits/bulk-access';
import { gateUntil } from './data/ready-gate';
import type { Deadline } from './limits/deadline';
import type { FieldCrypto } from './encryption/field-crypto';

export interface GatewayContext {
  readonly requestId: string;
  readonly principal: Principal;
  readonly meta: RequestMeta;
  readonly data: DataSource;
  readonly fieldMap: FieldMap;
  readonly disclosure: RequestDisclosure;
  readonly policy: CompiledPolicy;
  readonly budgets: Budgets;
  /** The request's deadline: maxTimeMS for MongoDB commands, and no command after it passed. */
  readonly deadline: Deadline;
  /** Ledger queries and the ledger reads this request made (themselves audited). */
  readonly audit: RequestAudit;
  /**
   * Set only by the BI report runner for a registered report the principal may run; null for
   * every request that came in as GraphQL text. BI tokens reach row-level root fields only then.
   */
  readonly report: ReportRunFacts | null;
}

/** How the BI report runner asks for a request: which report page, and whether only to count rows. */
export interface ReportRequest {
  readonly facts: ReportRunFacts;
  /** A page of size 0 counts the rows the root connection would return (before any row is read). */
  readonly counter?: RowCounter;
}

export interface ContextServices {
  readonly policy: CompiledPolicy;
  readonly budgets: Budgets;
  readonly db: Db;
  readonly fieldMap: FieldMap;
  readonly cursors: CursorCodec;
  readonly pages: { readonly default: number; readonly max: number };
  readonly disclosure: DisclosureFactory;
  readonly audit: AuditQueries;
  /** Noise for aggregate answers (one key for every caller). */
  readonly stats: StatsRelease;
  /** Field encryption (null when the gateway holds no master key). */
  readonly crypto: FieldCrypto | null;
  /** Query rights and budgets for a principal (policy); built per request, cheap. */
  guardFor(principal: Principal, disclosure: RequestDisclosure): QueryGuard;
}

export interface RequestIdentity {
  readonly principal: Principal;
  readonly requestId: string;
  readonly clientAddress: string | null;
  /**
   * An open bulk-access alert about the principal caps its classified fields. A lookup still
   * running is awaited alongside the request's reads (src/data/ready-gate.ts), never skipped.
   */
  readonly degrade: Degrade | null | Promise<Degrade | null>;
  readonly deadline: Deadline;
  /** One page of a registered report run (BI endpoint): its facts for the ledger, and its row counter. */
  readonly report?: ReportRequest | null;
}

export function createContext(services: ContextServices, request: RequestIdentity): GatewayContext {
  const { principal, requestId, clientAddress, degrade, deadline } = request;
  const report = request.report ?? null;
  const meta: RequestMeta = { requestId, clientAddress, operationName: null, report: report?.facts ?? null };
  let disclosure: RequestDisclosure;
  let gate = (source: DataSource): DataSource => source;
  if (degrade instanceof Promise) {
    const pending = services.disclosure.forPendingRequest(principal, meta);
    disclosure = pending.disclosure;
    const ready = degrade.then(pending.settle);
    // A request that reads nothing never awaits it; its failure is the reads' to report.
    ready.catch(() => undefined);
    gate = (source) => gateUntil(source, ready);
  } else {
    disclosure = services.disclosure.forRequest(principal, meta, degrade);
  }
  const data = createDataSource({
    db: services.db,
    fieldMap: services.fieldMap,
    principal,
    cursors: services.cursors,
    pages: services.pages,
    guard: services.guardFor(principal, disclosure),
    deadline,
    stats: services.stats,
    crypto: services.crypto,
    ...(report?.counter ? { counter: report.counter } : {}),
  });
  return {
    requestId,
    principal,
    meta,
    fieldMap: services.fieldMap,
    data: gate(data),
    deadline,
    disclosure,
    policy: services.policy,
    budgets: services.budgets,
    audit: createRequestAudit(services.audit),
    report: report?.facts ?? null,
  };
}
