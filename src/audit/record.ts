// Ledger documents: one "disclosure batch" per request, holding every audit record the response
// produced. A record says who saw which field of which document in which form — never the value
// itself, so retention and erasure stay possible and the ledger is no second copy of the CRM
// (docs/design.md, "The audit ledger": keep personal data out of the ledger's leaves).
//
// Why batches: a 1,000-row page carries ~8,000 classified values. One document (and one hash, and
// five index entries) per value made auditing cost most of the gateway's throughput and capped it
// at the store's insert rate. A request's records share everything but the document and field, so
// they are stored once per request, grouped by "document signature": documents whose ordered list
// of (field, path, class, level, decision, reason, levels) tuples is identical share one group, so
// a page of 1,000 customers served the same way is one group of 1,000 ids. `expand.ts` turns a
// batch back into the individual records the API, the export and the tests talk about.
import type { Principal } from '../auth/principal';
import type { RequestMeta } from '../disclosure/disclosure';
import type { DisclosureRecord } from '../disclosure/records';
import { ledgerText } from './free-text';

export const LEDGER_COLLECTION = 'audit_events';
/** Ledger document format; part of the hash. 1: one document per record (still verified). */
export const BATCH_VERSION = 2;
/** The class recorded when the ledger itself is read (auditEvents, accessReport). */
export const LEDGER_CLASS = 'AUDIT_LEDGER';
/**
 * Documents per batch before a request's records are split over several batches. Keeps a ledger
 * document far below MongoDB's 16 MB limit (three ids per document at most, ~20 bytes each).
 */
export const MAX_DOCS_PER_BATCH = 50_000;

const GATEWAY_REQUEST_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** One record tuple; optional members are omitted when null. */
export interface RecordEntry {
  /** GraphQL coordinate, e.g. Customer.phone. */
  field: string;
  /** Document path, e.g. phone or contact.mobile. */
  path: string;
  class: string;
  /** Level served: clear, partial, token, hidden … */
  level: string;
  decision: string;
  reason?: string;
  /** Mutations (decision 'update'): the level before and after the change, never the values. */
  levelBefore?: string;
  levelAfter?: string;
}

/**
 * Documents of one collection that produced the same ordered list of records. Every document in
 * `docIds` carries every entry, in order: the group holds entries.length × docIds.length records.
 */
export interface RecordGroup {
  collection: string;
  entries: RecordEntry[];
  /** The documents' _id as stored (an ObjectId stays an ObjectId); null for records about no document. */
  docIds: unknown[];
  /** The customer each document is about, parallel to docIds; absent when it is the document itself. */
  customerIds?: unknown[];
}

/** What a batch says once for all its records: the chain link and the request's facts. */
export interface BatchFacts {
  /** Document format version; part of the hash. */
  v: number;
  // The chain (chain.ts): assigned when the batch is committed, not when it is built.
  instanceId: string;
  seq: number;
  prevHash: string;
  hash: string;
  /** When the response was assembled. */
  ts: Date;
  requestId: string;
  operationName: string | null;
  subject: string;
  role: string | null;
  tokenKind: string;
  jti: string | null;
  clientAddress: string | null;
  policyVersion: string;
  /**
   * A page of a registered report run (BI endpoint): report id and version, the parameters'
   * hash and the page number. Absent for every other request (and then not part of the hash).
   */
  report?: { id: string; version: number; paramsHash: string; page: number };
}

export interface LedgerBatch extends BatchFacts {
  /** How many records the batch holds. */
  n: number;
  /** Distinct customers any record is about: the multikey index behind "who saw customer X". */
  customerIds: unknown[];
  /** Distinct GraphQL coordinates of the records. */
  fields: string[];
  groups: RecordGroup[];
}

/** A read of the ledger itself (auditEvents / accessReport), noted by the resolver. */
export interface LedgerRead {
  readonly field: string;
  /** The customer a report or filter was about, if any. */
  readonly customerId: unknown;
  /** What was asked and how much came back (identifiers and counts only). */
  readonly reason: string;
}

/**
 * A bulk-access alert raised about the request's principal (limits/bulk-access.ts): counts,
 * window and threshold in `reason`, never a customer or a value.
 */
export interface AlertNote {
  readonly reason: string;
}
/** The class and collection an alert record names. */
export const ALERT_CLASS = 'BULK_ACCESS';

export interface RequestFacts {
  readonly principal: Principal;
  readonly meta: RequestMeta;
  readonly policyVersion: string;
}

/** A served document and the record tuples (ids into the request's entry table) it produced. */
interface DocRecords {
  readonly collection: string;
  readonly docId: unknown;
  readonly customerId: unknown;
  readonly entries: number[];
  /** Same collection and _id but another customer (records about no document): a short chain. */
  next: DocRecords | null;
}

/** Request-local interning of record tuples and documents; no per-record allocation on the hot path. */
class BatchBuilder {
  readonly table: RecordEntry[] = [];
  private readonly byField = new Map<string, number[]>();
  private readonly docs = new Map<string, Map<unknown, DocRecords>>();
  readonly order: DocRecords[] = [];
  private last: DocRecords | null = null;

  add(collection: string, docId: unknown, customerId: unknown, entry: number): void {
    const last = this.last;
    // Fields of one object resolve one after another: most records hit the previous document.
    if (last !== null && last.docId === docId && last.collection === collection && last.customerId === customerId) {
      last.entries.push(entry);
      return;
    }
    let byId = this.docs.get(collection);
    if (!byId) this.docs.set(collection, (byId = new Map()));
    const head = byId.get(docId);
    let doc = head ?? null;
    while (doc !== null && doc.customerId !== customerId) doc = doc.next;
    if (doc === null) {
      doc = { collection, docId, customerId, entries: [], next: null };
      if (head) {
        doc.next = head.next;
        head.next = doc;
      } else {
        byId.set(docId, doc);
      }
      this.order.push(doc);
    }
    doc.entries.push(entry);
    this.last = doc;
  }

  entry(field: string, path: string, cls: string, level: string, decision: string, reason: string | null, levelBefore: string | null, levelAfter: string | null): number {
    // Reasons can be typed by users (reveal reasons, ledger-read filters): masked and capped.
    if (reason !== null) reason = ledgerText(reason);
    let ids = this.byField.get(field);
    if (ids) {
      for (const id of ids) {
        const e = this.table[id]!;
        if (
          e.path === path &&
          e.class === cls &&
          e.level === level &&
          e.decision === decision &&
          (e.reason ?? null) === reason &&
          (e.levelBefore ?? null) === levelBefore &&
          (e.levelAfter ?? null) === levelAfter
        ) {
          return id;
        }
      }
    } else {
      this.byField.set(field, (ids = []));
    }
    const e: RecordEntry = { field, path, class: cls, level, decision };
    if (reason !== null) e.reason = reason;
    if (levelBefore !== null) e.levelBefore = levelBefore;
    if (levelAfter !== null) e.levelAfter = levelAfter;
    const id = this.table.length;
    this.table.push(e);
    ids.push(id);
    return id;
  }
}

/**
 * The ledger documents for one request: one batch, or several when the response touched more
 * than MAX_DOCS_PER_BATCH documents. Empty when there is nothing to record.
 */
export function buildLedgerBatches(
  facts: RequestFacts,
  disclosures: readonly DisclosureRecord[],
  reads: readonly LedgerRead[],
  instanceId: string,
  ts: Date,
  alerts: readonly AlertNote[] = [],
): LedgerBatch[] {
  // A report run leaves a batch for every page, even one that served no classified value.
  if (disclosures.length === 0 && reads.length === 0 && alerts.length === 0 && !facts.meta.report) return [];
  const b = new BatchBuilder();
  for (const d of disclosures) {
    const docId = d.docId ?? null;
    const customerId = d.customerId ?? (d.collection === 'customers' ? docId : null);
    b.add(d.collection, docId, customerId, b.entry(d.coordinate, d.path, d.dataClass, d.level, d.decision, d.reason ?? null, d.levelBefore ?? null, d.levelAfter ?? null));
  }
  for (const r of reads) {
    b.add(LEDGER_COLLECTION, null, r.customerId ?? null, b.entry(r.field, '', LEDGER_CLASS, 'clear', 'view', r.reason, null, null));
  }
  for (const a of alerts) {
    b.add('gateway_alerts', null, null, b.entry('BulkAccess.alert', '', ALERT_CLASS, 'hidden', 'alert', a.reason, null, null));
  }

  const { principal, meta, policyVersion } = facts;
  const out: LedgerBatch[] = [];
  const report = meta.report ? { id: meta.report.id, version: meta.report.version, paramsHash: meta.report.paramsHash, page: meta.report.page } : null;
  for (let start = 0; start < Math.max(b.order.length, 1); start += MAX_DOCS_PER_BATCH) {
    const docs = b.order.length <= MAX_DOCS_PER_BATCH ? b.order : b.order.slice(start, start + MAX_DOCS_PER_BATCH);
    out.push({
      v: BATCH_VERSION,
      instanceId,
      seq: 0,
      prevHash: '',
      hash: '',
      ts,
      // Both can be chosen by the client (x-request-id, the operation's name): user-typed text.
      // The gateway's own request ids (UUIDs) are stored as they are, so logs still correlate.
      requestId: GATEWAY_REQUEST_ID.test(meta.requestId) ? meta.requestId : ledgerText(meta.requestId, 64),
      operationName: meta.operationName === null ? null : ledgerText(meta.operationName, 200),
      subject: principal.subject,
      role: principal.role,
      tokenKind: principal.kind,
      jti: principal.jti,
      clientAddress: meta.clientAddress,
      policyVersion,
      ...(report ? { report } : {}),
      ...groupDocs(docs, b.table),
    });
  }
  return out;
}

function groupDocs(docs: readonly DocRecords[], table: readonly RecordEntry[]): Pick<LedgerBatch, 'n' | 'customerIds' | 'fields' | 'groups'> {
  const groups: RecordGroup[] = [];
  const bySignature = new Map<string, Slot>();
  // Distinct by value for strings, by identity for ObjectIds: a customer loaded twice in one
  // request may appear twice, which the multikey index ignores and the hash covers.
  const customers = new Set<unknown>();
  const fields = new Set<string>();
  let n = 0;
  let prev: DocRecords | null = null;
  let slot: Slot | null = null;
  for (const doc of docs) {
    n += doc.entries.length;
    // Rows of a page are mostly served alike: compare with the previous document before building
    // a signature string.
    if (prev === null || prev.collection !== doc.collection || !sameEntries(prev.entries, doc.entries)) {
      const signature = `${doc.collection}\u0000${doc.entries.join(',')}`;
      slot = bySignature.get(signature) ?? null;
      if (slot === null) {
        const entries = doc.entries.map((id) => table[id]!);
        for (const e of entries) fields.add(e.field);
        slot = { group: { collection: doc.collection, entries, docIds: [] }, customerIds: [], own: true };
        bySignature.set(signature, slot);
        groups.push(slot.group);
      }
    }
    prev = doc;
    slot!.group.docIds.push(doc.docId);
    slot!.customerIds.push(doc.customerId);
    if (doc.customerId !== doc.docId) slot!.own = false;
    if (doc.customerId !== null && doc.customerId !== undefined) customers.add(doc.customerId);
  }
  for (const s of bySignature.values()) if (!s.own) s.group.customerIds = s.customerIds;
  return { n, customerIds: [...customers], fields: [...fields], groups };
}

interface Slot {
  readonly group: RecordGroup;
  readonly customerIds: unknown[];
  /** Every document is the customer itself: customerIds is left out. */
  own: boolean;
}

function sameEntries(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
