// Ledger records: one document per classified value a response carried (or withheld), built from
// the request's DisclosureRecords, its meta and its principal. A record says who saw which field
// of which document in which form — never the value itself, so retention and erasure stay
// possible and the ledger is no second copy of the CRM (PITFALLS: keep personal data out of the
// ledger's leaves).
import type { Principal } from '../auth/principal';
import type { RequestMeta } from '../disclosure/disclosure';
import { formatResponsePath, type DisclosureRecord } from '../disclosure/records';

export const LEDGER_COLLECTION = 'audit_events';
export const RECORD_VERSION = 1;
/** The class recorded when the ledger itself is read (auditEvents, accessReport). */
export const LEDGER_CLASS = 'AUDIT_LEDGER';

export interface LedgerRecord {
  /** Record format version; part of the hash. */
  v: number;
  // The chain (chain.ts): assigned when the record is committed, not when it is built.
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
  collection: string;
  /** The document's _id as stored (an ObjectId stays an ObjectId). */
  docId: unknown;
  /** The customer the value is about (the customer itself, or a deal's / interaction's customer). */
  customerId: unknown;
  /** GraphQL coordinate, e.g. Customer.phone. */
  field: string;
  /** Document path, e.g. phone or contact.mobile. */
  path: string;
  /** Where the value went in the response, aliases and list indexes included. */
  responsePath: string | null;
  class: string;
  /** Level served: clear, partial, token, hidden … */
  level: string;
  decision: string;
  reason: string | null;
  policyVersion: string;
  /** Mutations (decision 'update'): the level before and after the change, never the values. */
  levelBefore: string | null;
  levelAfter: string | null;
}

/** A read of the ledger itself (auditEvents / accessReport), noted by the resolver. */
export interface LedgerRead {
  readonly field: string;
  readonly responsePath: string | null;
  /** The customer a report or filter was about, if any. */
  readonly customerId: unknown;
  /** What was asked and how much came back (identifiers and counts only). */
  readonly reason: string;
}

export interface RequestFacts {
  readonly principal: Principal;
  readonly meta: RequestMeta;
  readonly policyVersion: string;
}

/**
 * One ledger document per disclosure record and ledger read. Request-level facts are read once;
 * the per-value work is one object literal and one response-path string.
 */
export function buildLedgerRecords(
  facts: RequestFacts,
  disclosures: readonly DisclosureRecord[],
  reads: readonly LedgerRead[],
  instanceId: string,
  ts: Date,
): LedgerRecord[] {
  const { principal, meta, policyVersion } = facts;
  const out = new Array<LedgerRecord>(disclosures.length + reads.length);
  const subject = principal.subject;
  const role = principal.role;
  const tokenKind = principal.kind;
  const jti = principal.jti;
  const requestId = meta.requestId;
  const operationName = meta.operationName;
  const clientAddress = meta.clientAddress;
  let i = 0;
  for (const d of disclosures) {
    out[i++] = {
      v: RECORD_VERSION,
      instanceId,
      seq: 0,
      prevHash: '',
      hash: '',
      ts,
      requestId,
      operationName,
      subject,
      role,
      tokenKind,
      jti,
      clientAddress,
      collection: d.collection,
      docId: d.docId ?? null,
      customerId: d.customerId ?? (d.collection === 'customers' ? (d.docId ?? null) : null),
      field: d.coordinate,
      path: d.path,
      responsePath: d.responsePath ? formatResponsePath(d.responsePath) : null,
      class: d.dataClass,
      level: d.level,
      decision: d.decision,
      reason: d.reason,
      policyVersion,
      levelBefore: d.levelBefore ?? null,
      levelAfter: d.levelAfter ?? null,
    };
  }
  for (const r of reads) {
    out[i++] = {
      v: RECORD_VERSION,
      instanceId,
      seq: 0,
      prevHash: '',
      hash: '',
      ts,
      requestId,
      operationName,
      subject,
      role,
      tokenKind,
      jti,
      clientAddress,
      collection: LEDGER_COLLECTION,
      docId: null,
      customerId: r.customerId ?? null,
      field: r.field,
      path: '',
      responsePath: r.responsePath,
      class: LEDGER_CLASS,
      level: 'clear',
      decision: 'view',
      reason: r.reason,
      policyVersion,
      levelBefore: null,
      levelAfter: null,
    };
  }
  return out;
}
