// Between timed runs: delete the audit records a run wrote, so every run starts on the same store.
import { ObjectId, type Db } from 'mongodb';
import { LEDGER_COLLECTION } from '../src/audit/record';
import { NAIVE_AUDIT_COLLECTION } from './variants/naive-secure';
import type { WorkloadTargets } from './workloads';

/**
 * Every run starts on the same store: the audit records a run wrote are deleted afterwards (the
 * gateway's ledger, except the accessReport customer's history, and the naive variant's entries).
 * Otherwise later runs would pay for a ledger earlier ones grew, and the shared in-memory store
 * would grow by millions of records over a full run.
 */
export async function pruneRunArtifacts(db: Db, targets: WorkloadTargets): Promise<void> {
  const keep = new ObjectId(targets.accessReport);
  await db.collection(LEDGER_COLLECTION).deleteMany({ customerIds: { $ne: keep }, customerId: { $ne: keep } });
  await db.collection(NAIVE_AUDIT_COLLECTION).deleteMany({});
}

