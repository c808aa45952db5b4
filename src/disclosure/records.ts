// The disclosure record: what the audit ledger keeps of each classified value served, withheld,
// looked up, revealed or changed. Every record is built by disclosureRecord(), so each carries the
// same fields in the same shape whichever step made it.
import type { GraphQLResolveInfo } from 'graphql';
import type { DataClass, Level } from '../policy/classes';

/** 'update': a mutation changed a classified field (levelBefore/levelAfter say how it was and is served). */
export type Decision = 'view' | 'lookup' | 'reveal' | 'deny' | 'update';

/** One classified value served (or withheld) in a response. Never holds the value itself. */
export interface DisclosureRecord {
  readonly coordinate: string; // Customer.phone
  readonly collection: string;
  readonly docId: unknown; // the document's _id
  readonly path: string; // document path, e.g. "phone" or "contact.mobile"
  /** Where it went in the response, aliases included; formatted lazily (formatResponsePath). */
  readonly responsePath: GraphQLResolveInfo['path'] | undefined;
  readonly dataClass: DataClass;
  readonly level: Level; // level actually served (a masker that could not parse serves hidden)
  readonly decision: Decision;
  readonly reason: string | null;
  /** The customer the value is about when it is not the document itself (a deal's or interaction's customerId). */
  readonly customerId?: unknown;
  /** For decision 'update': the level the caller was served before the change and after it. */
  readonly levelBefore?: Level | null;
  readonly levelAfter?: Level | null;
}

/** The field a record is about: its coordinate, document path and class (the schema's FieldInfo fits). */
export interface RecordedField {
  readonly coordinate: string;
  readonly path: string;
  readonly dataClass: DataClass | null;
}

/** What happened to the value; `docId` null and `responsePath` absent for records about no document or response position. */
export interface RecordFacts {
  readonly decision: Decision;
  readonly level: Level;
  readonly reason: string | null;
  readonly docId?: unknown;
  readonly responsePath?: GraphQLResolveInfo['path'];
  readonly customerId?: unknown;
  readonly levelBefore?: Level | null;
  readonly levelAfter?: Level | null;
}

/**
 * The one builder of disclosure records. A field without a data class has nothing to record: asking
 * for its record is a programming error and throws rather than audit an unclassified value.
 */
export function disclosureRecord(field: RecordedField, collection: string, facts: RecordFacts): DisclosureRecord {
  if (field.dataClass === null) throw new Error(`${field.coordinate} is not classified: no disclosure record`);
  return {
    coordinate: field.coordinate,
    collection,
    docId: facts.docId ?? null,
    path: field.path,
    responsePath: facts.responsePath,
    dataClass: field.dataClass,
    level: facts.level,
    decision: facts.decision,
    reason: facts.reason,
    customerId: facts.customerId,
    levelBefore: facts.levelBefore,
    levelAfter: facts.levelAfter,
  };
}

/**
 * Notes exact lookups (filters, writes to uniquely indexed fields) in a request's disclosure: records
 * about no document, at the level the caller would be served.
 */
export function lookupNoter(disclosure: { note(record: DisclosureRecord): void }, collections: { collectionOf(typeName: string): string }) {
  return (field: RecordedField & { readonly typeName: string }, level: Level, decision: 'lookup' | 'deny', reason: string | null): void =>
    disclosure.note(disclosureRecord(field, collections.collectionOf(field.typeName), { decision, level, reason }));
}

export function formatResponsePath(path: GraphQLResolveInfo['path'] | undefined): string {
  let out = '';
  for (let p = path; p; p = p.prev) out = out ? `${p.key}.${out}` : String(p.key);
  return out;
}
