// The soak's audit check, like with like: classified values a client received, counted in the
// response bodies, against the audit records the ledger holds for them. A ledger batch stores a
// request's records grouped (src/audit/record.ts): a group's entries apply to each of its
// documents, so it holds entries × documents records.
import type { Db } from 'mongodb';
import { LEDGER_COLLECTION } from '../src/audit/record';
import { CLASSIFIED } from './check';

/** Every classified value a response carries is a `"field":` member (nulls included: they are served as hidden and audited too). */
const CLASSIFIED_MEMBER = new RegExp(`"(${Object.keys(CLASSIFIED).join('|')})":`, 'g');

export function countClassified(body: string, into: Map<string, number>): void {
  for (const m of body.matchAll(CLASSIFIED_MEMBER)) {
    const coordinate = `Customer.${m[1]}`;
    into.set(coordinate, (into.get(coordinate) ?? 0) + 1);
  }
}

/** Audit records in the ledger about the customers' classified fields, by GraphQL coordinate. */
export async function auditedClassified(db: Db): Promise<Map<string, number>> {
  const wanted = new Set(Object.keys(CLASSIFIED).map((f) => `Customer.${f}`));
  const out = new Map<string, number>();
  const cursor = db.collection(LEDGER_COLLECTION).find({}, { projection: { groups: 1 } });
  for await (const batch of cursor) {
    for (const group of (batch.groups ?? []) as { entries: { field: string }[]; docIds: unknown[] }[]) {
      for (const entry of group.entries) {
        if (wanted.has(entry.field)) out.set(entry.field, (out.get(entry.field) ?? 0) + group.docIds.length);
      }
    }
  }
  return out;
}
