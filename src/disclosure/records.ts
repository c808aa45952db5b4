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

export function formatResponsePath(path: GraphQLResolveInfo['path'] | undefined): string {
  let out = '';
  for (let p = path; p; p = p.prev) out = out ? `${p.key}.${out}` : String(p.key);
  return out;
}
