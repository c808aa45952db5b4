// The ledger's indexes, created at start-up (createIndexes is idempotent). Each query the gateway
// and the CLI run has one: "who saw customer X" (customerId, ts), "what did Y see" (subject, ts),
// time-range reads and export (ts), and the chain order that verify walks and that keeps two
// writers from ever forking one chain (instanceId, seq — unique). The trailing _id makes the
// (ts desc, _id desc) page order come straight from the index, with no in-memory sort.
import type { Db } from 'mongodb';
import { CHECKPOINT_COLLECTION } from './checkpoints';
import { LEDGER_COLLECTION } from './record';

export const LEDGER_INDEXES = [
  { key: { instanceId: 1, seq: 1 }, name: 'chain', unique: true },
  { key: { customerId: 1, ts: -1, _id: -1 }, name: 'customer_ts' },
  { key: { subject: 1, ts: -1, _id: -1 }, name: 'subject_ts' },
  { key: { ts: -1, _id: -1 }, name: 'ts' },
] as const;

export async function ensureAuditIndexes(db: Db): Promise<void> {
  await db.collection(LEDGER_COLLECTION).createIndexes(LEDGER_INDEXES.map((i) => ({ ...i, key: { ...i.key } })));
  await db.collection(CHECKPOINT_COLLECTION).createIndexes([{ key: { instanceId: 1, seq: 1 }, name: 'chain' }]);
}
