// The ledger's indexes, created at start-up (createIndexes is idempotent). A ledger document is
// a disclosure batch (one per request, record.ts), so every index entry costs once per request,
// not once per value — except the multikey ones, which cost once per distinct customer or field
// in the batch. Each index serves a query the gateway or the CLI runs:
//   chain         (instanceId, seq) unique: the order verify walks, the head a restart reads, and
//                 the refusal of a second writer that would fork one chain
//   customers_ts  (customerIds, ts, _id), multikey: "who saw customer X" — accessReport,
//                 auditEvents/export by customer; the one index whose size grows with page size
//   subject_ts    (subject, ts, _id): "what did Y see"
//   ts            (ts, _id): time-range reads, export, and the page order of unfiltered queries
//   fields_ts     (fields, ts, _id), multikey, ~8 keys per batch: auditEvents by field alone
//                 ("who was served ID numbers"); without it such a query reads batches newest
//                 first until it finds a page, all of them for a rarely served field
// The trailing _id makes the (ts desc, _id desc) page order come straight from the index.
// Class and decision have no index: they filter what one of the above already bounds.
import type { Db } from 'mongodb';
import { CHECKPOINT_COLLECTION } from './checkpoints';
import { LEDGER_COLLECTION } from './record';

export const LEDGER_INDEXES = [
  { key: { instanceId: 1, seq: 1 }, name: 'chain', unique: true },
  { key: { customerIds: 1, ts: -1, _id: -1 }, name: 'customers_ts' },
  { key: { subject: 1, ts: -1, _id: -1 }, name: 'subject_ts' },
  { key: { ts: -1, _id: -1 }, name: 'ts' },
  { key: { fields: 1, ts: -1, _id: -1 }, name: 'fields_ts' },
] as const;

export async function ensureAuditIndexes(db: Db): Promise<void> {
  await db.collection(LEDGER_COLLECTION).createIndexes(LEDGER_INDEXES.map((i) => ({ ...i, key: { ...i.key } })));
  await db.collection(CHECKPOINT_COLLECTION).createIndexes([{ key: { instanceId: 1, seq: 1 }, name: 'chain' }]);
}
