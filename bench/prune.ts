// Between timed runs: delete the audit records a run wrote, so every run starts on the same store.
import { ObjectId, type Db } from 'mongodb';
import { LEDGER_COLLECTION } from '../src/audit/record';
import { NAIVE_AUDIT_COLLECTION } from './variants/naive-secure';
import type { WorkloadTargets } from './workloads';

const LEDGER_READ = 'Query.accessReport';

/**
 * Every run starts on the same store: the audit records a run wrote are deleted afterwards (the
 * gateway's ledger except the accessReport customer's primed history, and the naive variant's
 * entries). Otherwise later runs would pay for a ledger earlier ones grew: the shared in-memory
 * store would grow by millions of records over a full run, and every accessReport request (itself
 * audited) would lengthen the history the next one reads.
 */
export async function pruneRunArtifacts(db: Db, targets: WorkloadTargets): Promise<void> {
  const keep = new ObjectId(targets.accessReport);
  await db.collection(LEDGER_COLLECTION).deleteMany({
    // Ledger batches (`customerIds`, `fields`) and per-value records (`customerId`, `field`) alike.
    $or: [{ customerIds: { $ne: keep }, customerId: { $ne: keep } }, { fields: LEDGER_READ }, { field: LEDGER_READ }],
  });
  await db.collection(NAIVE_AUDIT_COLLECTION).deleteMany({});
}
