// From stored ledger documents back to audit records. A disclosure batch (record.ts) holds its
// records grouped by document signature; the API (auditEvents), the export and the tests all talk
// about individual records, and all of them get them from here.
//
// Record order inside a batch: groups in order; within a group, each document in turn with all of
// the group's entries. A record's `index` is its position in that order, so (batch, index) names
// one record for ids and page cursors. A format 1 document (one record per document, written
// before batches) expands to itself.
import type { Document } from 'mongodb';
import { isObjectId, isObjectIdHex } from '../data/ids';
import type { BatchFacts, RecordEntry, RecordGroup } from './record';

/** One audit record as stored: ids in their BSON types, request facts copied from its batch. */
export interface LedgerRecordView extends BatchFacts {
  /** The ledger document holding the record and the record's position in it. */
  batchId: unknown;
  index: number;
  collection: string;
  docId: unknown;
  customerId: unknown;
  field: string;
  path: string;
  class: string;
  level: string;
  decision: string;
  reason: string | null;
  levelBefore: string | null;
  levelAfter: string | null;
}

/** Record-level conditions; a batch that matched the query may hold records that do not. */
export interface RecordMatch {
  readonly field?: string | null;
  readonly dataClass?: string | null;
  readonly decision?: string | null;
  /** Is this stored customer id the one asked for? */
  readonly customer?: ((customerId: unknown) => boolean) | null;
}

/** Every record of a stored ledger document. */
export function expandBatch(doc: Document): LedgerRecordView[] {
  return selectRecords(doc, null, 0, Infinity);
}

/** The number of records a stored ledger document holds. */
export function recordCount(doc: Document): number {
  return doc.v === 1 ? 1 : typeof doc.n === 'number' ? doc.n : 0;
}

/**
 * The records of `doc` at index `from` or later that satisfy `match`, at most `limit` of them.
 * Skips groups and documents that cannot match before building any record, so finding the few
 * records of one customer in a 1,000-document batch builds only those.
 */
export function selectRecords(doc: Document, match: RecordMatch | null, from: number, limit: number): LedgerRecordView[] {
  const out: LedgerRecordView[] = [];
  if (limit <= 0) return out;
  if (doc.v === 1) {
    const entry: RecordEntry = {
      field: doc.field,
      path: doc.path,
      class: doc.class,
      level: doc.level,
      decision: doc.decision,
      reason: doc.reason,
      levelBefore: doc.levelBefore,
      levelAfter: doc.levelAfter,
    };
    if (from === 0 && entryMatches(entry, match) && (!match?.customer || match.customer(doc.customerId))) out.push(view(doc, 0, doc.collection, entry, doc.docId, doc.customerId));
    return out;
  }
  const groups: RecordGroup[] = Array.isArray(doc.groups) ? doc.groups : [];
  let base = 0;
  for (const g of groups) {
    const entries = g.entries;
    const m = entries.length;
    const count = m * g.docIds.length;
    if (base + count <= from || m === 0) {
      base += count;
      continue;
    }
    const ok = entries.map((e) => entryMatches(e, match));
    if (ok.includes(true)) {
      const customerIds = Array.isArray(g.customerIds) ? g.customerIds : g.docIds;
      for (let j = 0; j < g.docIds.length; j++) {
        const docBase = base + j * m;
        if (docBase + m <= from) continue;
        const customerId = customerIds[j] ?? null;
        if (match?.customer && !match.customer(customerId)) continue;
        for (let k = 0; k < m; k++) {
          if (docBase + k < from || !ok[k]) continue;
          out.push(view(doc, docBase + k, g.collection, entries[k]!, g.docIds[j] ?? null, customerId));
          if (out.length >= limit) return out;
        }
      }
    }
    base += count;
  }
  return out;
}

function entryMatches(e: RecordEntry, match: RecordMatch | null): boolean {
  if (!match) return true;
  return (match.field == null || e.field === match.field) && (match.dataClass == null || e.class === match.dataClass) && (match.decision == null || e.decision === match.decision);
}

function view(doc: Document, index: number, collection: string, e: RecordEntry, docId: unknown, customerId: unknown): LedgerRecordView {
  return {
    batchId: doc._id,
    index,
    v: doc.v,
    instanceId: doc.instanceId,
    seq: doc.seq,
    prevHash: doc.prevHash,
    hash: doc.hash,
    ts: doc.ts,
    requestId: doc.requestId,
    operationName: doc.operationName ?? null,
    subject: doc.subject,
    role: doc.role ?? null,
    tokenKind: doc.tokenKind,
    jti: doc.jti ?? null,
    clientAddress: doc.clientAddress ?? null,
    policyVersion: doc.policyVersion,
    collection,
    docId,
    customerId,
    field: e.field,
    path: e.path,
    class: e.class,
    level: e.level,
    decision: e.decision,
    reason: e.reason ?? null,
    levelBefore: e.levelBefore ?? null,
    levelAfter: e.levelAfter ?? null,
  };
}

/** Matches a stored customer id against a client-given one: 24 hex digits match an ObjectId too. */
export function customerMatcher(id: string): (stored: unknown) => boolean {
  const hex = isObjectIdHex(id) ? id.toLowerCase() : null;
  return (stored) => stored === id || (hex !== null && isObjectId(stored) && stored.toHexString() === hex);
}
