// Reading the ledger: auditEvents (filtered, newest first, keyset-paged with opaque cursors) and
// accessReport (who saw which fields of one customer, in which form, how often, first and last
// time). The ledger stores one document per request (a disclosure batch, record.ts): MongoDB
// finds the batches by their indexed batch-level fields (customerIds, subject, fields, ts —
// indexes.ts), and the records in them are expanded and filtered here (expand.ts).
import { ObjectId, type Db, type Document, type Filter } from 'mongodb';
import type { CursorCodec } from '../data/cursor';
import { gatewayError } from '../errors';
import { idKey, isObjectId, isObjectIdHex, parseId } from '../data/ids';
import type { Decision } from '../disclosure/records';
import { customerMatcher, selectRecords, type LedgerRecordView, type RecordMatch } from './expand';
import { LEDGER_COLLECTION, type LedgerBatch, type RecordGroup } from './record';

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
  /** Not stored since ledger format 2 (the record fields in docs/design.md, "The audit ledger", do not include it); always null. */
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
  /** `caller` (cursor.ts callerBinding) binds the page's cursors to whoever they are issued to. */
  events(filter: AuditEventFilter | null | undefined, first: number | null | undefined, after: string | null | undefined, caller?: string): Promise<AuditEventPage>;
  accessReport(customerId: string): Promise<AccessReport>;
}

export function createAuditQueries(deps: { db: Db; cursors: CursorCodec; pages: { default: number; max: number } }): AuditQueries {
  const ledger = deps.db.collection<LedgerBatch>(LEDGER_COLLECTION);
  return {
    async events(filter, first, after, caller = '') {
      const size = first ?? deps.pages.default;
      if (!Number.isInteger(size) || size < 1) throw gatewayError('BAD_USER_INPUT', 'first must be a positive integer', { argument: 'first' });
      if (size > deps.pages.max) throw gatewayError('PAGE_SIZE_EXCEEDED', undefined, { max: deps.pages.max });
      const f = filter ?? {};
      const query = eventFilter(f);
      const binding = `auditEvents:${caller}:${JSON.stringify(f)}`;
      // A cursor names the last record returned: its batch (ts, _id) and its index in the batch.
      let resume: { id: string; index: number } | null = null;
      if (after) {
        const position = deps.cursors.decode(after, binding);
        const [ts, raw, rawIndex] = position?.values ?? [];
        // Canonical EJSON brings an integer back as an Int32.
        const index = typeof rawIndex === 'object' && rawIndex !== null ? rawIndex.valueOf() : rawIndex;
        if (!(ts instanceof Date) || !isObjectId(raw) || typeof index !== 'number' || !Number.isInteger(index) || index < 0) throw gatewayError('INVALID_CURSOR');
        resume = { id: raw.toHexString(), index };
        query.$and = [{ $or: [{ ts: { $lt: ts } }, { ts, _id: { $lte: new ObjectId(resume.id) } }] }];
      }
      const match = recordMatch(f);
      const picked: LedgerRecordView[] = [];
      const cursor = ledger
        .find(query as Filter<LedgerBatch>)
        .sort({ ts: -1, _id: -1 })
        .batchSize(Math.min(size + 1, 32));
      try {
        for await (const doc of cursor) {
          const from = resume !== null && isObjectId(doc._id) && doc._id.toHexString() === resume.id ? resume.index + 1 : 0;
          for (const r of selectRecords(doc, match, from, size + 1 - picked.length)) picked.push(r);
          if (picked.length > size) break;
        }
      } finally {
        await cursor.close();
      }
      const hasNextPage = picked.length > size;
      if (hasNextPage) picked.pop();
      const nodes = picked.map(eventView);
      const cursorOf = (r: LedgerRecordView) => deps.cursors.encode({ values: [r.ts, r.batchId, r.index] }, binding);
      return {
        nodes,
        edges: nodes.map((node, i) => ({ node, cursor: cursorOf(picked[i]!) })),
        pageInfo: { hasNextPage, endCursor: picked.length > 0 ? cursorOf(picked[picked.length - 1]!) : null },
      };
    },

    async accessReport(customerId) {
      const isTarget = customerMatcher(customerId);
      const byKey = new Map<string, AccessReportEntry>();
      const cursor = ledger.find({ customerIds: idCondition(customerId) } as Filter<LedgerBatch>, { projection: { ts: 1, subject: 1, role: 1, groups: 1 } }).batchSize(100);
      for await (const doc of cursor) {
        for (const g of (doc.groups ?? []) as RecordGroup[]) {
          // Reads of the ledger about this customer are audited too, but they are not accesses to
          // the customer's fields, so the report leaves them out.
          if (g.collection === LEDGER_COLLECTION) continue;
          const customers = Array.isArray(g.customerIds) ? g.customerIds : g.docIds;
          let hits = 0;
          for (const c of customers) if (isTarget(c)) hits++;
          if (hits === 0) continue;
          for (const e of g.entries) {
            const key = JSON.stringify([doc.subject, doc.role, e.field, e.class, e.level, e.decision]);
            const entry = byKey.get(key);
            if (entry) {
              entry.count += hits;
              if (doc.ts < entry.firstSeen) entry.firstSeen = doc.ts;
              if (doc.ts > entry.lastSeen) entry.lastSeen = doc.ts;
            } else {
              byKey.set(key, {
                subject: doc.subject,
                role: doc.role ?? null,
                field: e.field,
                dataClass: e.class,
                level: e.level,
                decision: e.decision as Decision,
                count: hits,
                firstSeen: doc.ts,
                lastSeen: doc.ts,
              });
            }
          }
        }
      }
      const entries = [...byKey.values()].sort((a, b) => cmp(a.field, b.field) || cmp(a.subject, b.subject) || cmp(a.level, b.level) || cmp(a.decision, b.decision));
      return { customerId, totalEvents: entries.reduce((n, e) => n + e.count, 0), entries };
    },
  };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A customer id as stored: an ObjectId normally, but a CRM with string ids works too. */
export function idCondition(id: string): unknown {
  return isObjectIdHex(id) ? { $in: [parseId(id), id] } : id;
}

/**
 * The batches that can hold matching records. customerId, subject, field and the time range use
 * the indexes; class and decision narrow on the server through the groups (no index: they only
 * filter what the indexed conditions or the time order already bound).
 */
export function eventFilter(f: AuditEventFilter): Document {
  const q: Document = {};
  if (f.customerId != null) q.customerIds = idCondition(f.customerId);
  if (f.subject != null) q.subject = f.subject;
  if (f.field != null) q.fields = f.field;
  if (f.dataClass != null) q['groups.entries.class'] = f.dataClass;
  if (f.decision != null) q['groups.entries.decision'] = f.decision;
  if (f.since != null || f.until != null) {
    q.ts = {};
    if (f.since != null) q.ts.$gte = f.since;
    if (f.until != null) q.ts.$lt = f.until;
  }
  return q;
}

/** The record-level part of a filter, applied while expanding the batches eventFilter found. */
export function recordMatch(f: AuditEventFilter): RecordMatch | null {
  if (f.customerId == null && f.field == null && f.dataClass == null && f.decision == null) return null;
  return { field: f.field ?? null, dataClass: f.dataClass ?? null, decision: f.decision ?? null, customer: f.customerId != null ? customerMatcher(f.customerId) : null };
}

function idString(v: unknown): string | null {
  return v === null || v === undefined ? null : idKey(v);
}

export function eventView(r: LedgerRecordView): AuditEventView {
  return {
    id: `${idString(r.batchId)}.${r.index}`,
    time: r.ts,
    instanceId: r.instanceId,
    seq: r.seq,
    requestId: r.requestId,
    operationName: r.operationName,
    subject: r.subject,
    role: r.role,
    tokenKind: r.tokenKind,
    jti: r.jti,
    clientAddress: r.clientAddress,
    collection: r.collection,
    documentId: idString(r.docId),
    customerId: idString(r.customerId),
    field: r.field,
    path: r.path,
    responsePath: null,
    dataClass: r.class,
    level: r.level,
    decision: r.decision as Decision,
    reason: r.reason,
    levelBefore: r.levelBefore,
    levelAfter: r.levelAfter,
    policyVersion: r.policyVersion,
  };
}
