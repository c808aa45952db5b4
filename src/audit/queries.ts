// Reading the ledger: auditEvents (filtered, newest first, keyset-paged with opaque cursors) and
// accessReport (who saw which fields of one customer, in which form, how often, first and last
// time). Every filter a caller can combine starts with an indexed field or the time index
// (indexes.ts), so both stay fast over millions of records.
import { ObjectId, type Db, type Document, type Filter } from 'mongodb';
import type { CursorCodec } from '../data/cursor';
import { gatewayError } from '../errors';
import { isObjectId } from './canonical';
import type { Decision } from '../disclosure/records';
import { LEDGER_COLLECTION, type LedgerRecord } from './record';

export interface AuditEventFilter {
  readonly customerId?: string | null;
  readonly subject?: string | null;
  readonly field?: string | null;
  readonly dataClass?: string | null;
  readonly decision?: string | null;
  readonly since?: Date | null;
  readonly until?: Date | null;
}

/** A ledger record as clients and exports see it: ids as strings, no driver types. */
export interface AuditEventView {
  id: string;
  time: Date;
  instanceId: string;
  seq: number;
  requestId: string;
  operationName: string | null;
  subject: string;
  role: string | null;
  tokenKind: string;
  jti: string | null;
  clientAddress: string | null;
  collection: string;
  documentId: string | null;
  customerId: string | null;
  field: string;
  path: string;
  responsePath: string | null;
  dataClass: string;
  level: string;
  decision: Decision;
  reason: string | null;
  levelBefore: string | null;
  levelAfter: string | null;
  policyVersion: string;
}

export interface AuditEventPage {
  nodes: AuditEventView[];
  edges: { cursor: string; node: AuditEventView }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

export interface AccessReportEntry {
  subject: string;
  role: string | null;
  field: string;
  dataClass: string;
  level: string;
  decision: Decision;
  count: number;
  firstSeen: Date;
  lastSeen: Date;
}

export interface AccessReport {
  customerId: string;
  totalEvents: number;
  entries: AccessReportEntry[];
}

export interface AuditQueries {
  events(filter: AuditEventFilter | null | undefined, first: number | null | undefined, after: string | null | undefined): Promise<AuditEventPage>;
  accessReport(customerId: string): Promise<AccessReport>;
}

export function createAuditQueries(deps: { db: Db; cursors: CursorCodec; pages: { default: number; max: number } }): AuditQueries {
  const ledger = deps.db.collection<LedgerRecord>(LEDGER_COLLECTION);
  return {
    async events(filter, first, after) {
      const size = first ?? deps.pages.default;
      if (!Number.isInteger(size) || size < 1) throw gatewayError('BAD_USER_INPUT', 'first must be a positive integer', { argument: 'first' });
      if (size > deps.pages.max) throw gatewayError('PAGE_SIZE_EXCEEDED', undefined, { max: deps.pages.max });
      const query = eventFilter(filter ?? {});
      const binding = `auditEvents:${JSON.stringify(filter ?? {})}`;
      if (after) {
        const position = deps.cursors.decode(after, binding);
        const [ts, raw] = position?.values ?? [];
        if (!(ts instanceof Date) || !isObjectId(raw)) throw gatewayError('INVALID_CURSOR');
        const id = new ObjectId(raw.toHexString());
        query.$and = [{ $or: [{ ts: { $lt: ts } }, { ts, _id: { $lt: id } }] }];
      }
      const docs = await ledger.find(query as Filter<LedgerRecord>).sort({ ts: -1, _id: -1 }).limit(size + 1).toArray();
      const hasNextPage = docs.length > size;
      if (hasNextPage) docs.pop();
      const nodes = docs.map(eventView);
      const cursorOf = (d: Document) => deps.cursors.encode({ values: [d.ts, d._id] }, binding);
      return {
        nodes,
        edges: nodes.map((node, i) => ({ node, cursor: cursorOf(docs[i]!) })),
        pageInfo: { hasNextPage, endCursor: docs.length > 0 ? cursorOf(docs[docs.length - 1]!) : null },
      };
    },

    async accessReport(customerId) {
      const groups = await ledger
        .aggregate<{ _id: Omit<AccessReportEntry, 'count' | 'firstSeen' | 'lastSeen'>; count: number; firstSeen: Date; lastSeen: Date }>([
          // Reads of the ledger about this customer are audited too, but they are not accesses to
          // the customer's fields, so the report leaves them out.
          { $match: { customerId: idCondition(customerId), collection: { $ne: LEDGER_COLLECTION } } },
          {
            $group: {
              _id: { subject: '$subject', role: '$role', field: '$field', dataClass: '$class', level: '$level', decision: '$decision' },
              count: { $sum: 1 },
              firstSeen: { $min: '$ts' },
              lastSeen: { $max: '$ts' },
            },
          },
          { $sort: { '_id.field': 1, '_id.subject': 1, '_id.level': 1, '_id.decision': 1 } },
        ])
        .toArray();
      const entries = groups.map((g) => ({ ...g._id, count: g.count, firstSeen: g.firstSeen, lastSeen: g.lastSeen }));
      return { customerId, totalEvents: entries.reduce((n, e) => n + e.count, 0), entries };
    },
  };
}

/** A client-given id in the form the CRM stores it: 24 hex digits are an ObjectId. */
export function storedId(id: string): unknown {
  return /^[0-9a-f]{24}$/i.test(id) ? new ObjectId(id) : id;
}

/** A customer id as stored: an ObjectId normally, but a CRM with string ids works too. */
export function idCondition(id: string): unknown {
  return ObjectId.isValid(id) && /^[0-9a-f]{24}$/i.test(id) ? { $in: [new ObjectId(id), id] } : id;
}

export function eventFilter(f: AuditEventFilter): Document {
  const q: Document = {};
  if (f.customerId != null) q.customerId = idCondition(f.customerId);
  if (f.subject != null) q.subject = f.subject;
  if (f.field != null) q.field = f.field;
  if (f.dataClass != null) q.class = f.dataClass;
  if (f.decision != null) q.decision = f.decision;
  if (f.since != null || f.until != null) {
    q.ts = {};
    if (f.since != null) q.ts.$gte = f.since;
    if (f.until != null) q.ts.$lt = f.until;
  }
  return q;
}

function idString(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  return isObjectId(v) ? v.toHexString() : String(v);
}

export function eventView(d: Document): AuditEventView {
  return {
    id: idString(d._id)!,
    time: d.ts,
    instanceId: d.instanceId,
    seq: d.seq,
    requestId: d.requestId,
    operationName: d.operationName ?? null,
    subject: d.subject,
    role: d.role ?? null,
    tokenKind: d.tokenKind,
    jti: d.jti ?? null,
    clientAddress: d.clientAddress ?? null,
    collection: d.collection,
    documentId: idString(d.docId),
    customerId: idString(d.customerId),
    field: d.field,
    path: d.path,
    responsePath: d.responsePath ?? null,
    dataClass: d.class,
    level: d.level,
    decision: d.decision,
    reason: d.reason ?? null,
    levelBefore: d.levelBefore ?? null,
    levelAfter: d.levelAfter ?? null,
    policyVersion: d.policyVersion,
  };
}
