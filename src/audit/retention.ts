// Retention: ledger documents (disclosure batches, one per request) older than AUDIT_RETENTION
// are deleted, but only whole chain prefixes that end at a signed checkpoint. The first batch left
// then links (prevHash) to a hash that a signed checkpoint vouches for, so `audit verify` still
// checks every remaining batch and still tells a retention cut (anchored) from a deletion (not
// anchored). Batches younger than the retention period are never removed, so the effective
// retention is "at least AUDIT_RETENTION".
import type { Db } from 'mongodb';
import { CHECKPOINT_COLLECTION, type CheckpointDoc } from './checkpoints';
import { LEDGER_COLLECTION, type LedgerBatch } from './record';

export interface PruneResult {
  readonly instanceId: string;
  /** Batches with seq <= throughSeq were deleted (0: nothing to delete). */
  readonly throughSeq: number;
  /** Batches deleted. */
  readonly deleted: number;
}

/** Prunes one chain, or every chain when instanceId is omitted. */
export async function pruneLedger(db: Db, retentionMs: number, now: Date, instanceId?: string): Promise<PruneResult[]> {
  const cutoff = new Date(now.getTime() - retentionMs);
  const checkpoints = db.collection<CheckpointDoc>(CHECKPOINT_COLLECTION);
  const ledger = db.collection<LedgerBatch>(LEDGER_COLLECTION);
  const ids = instanceId !== undefined ? [instanceId] : await checkpoints.distinct('instanceId');
  const results: PruneResult[] = [];
  for (const id of ids) {
    // The newest checkpoint whose head batch is itself older than the cutoff: everything up to
    // it is past retention, and it anchors what remains.
    const candidates = await checkpoints
      .find({ instanceId: id, ts: { $lt: cutoff } })
      .sort({ seq: -1 })
      .limit(1)
      .toArray();
    const anchor = candidates[0];
    if (!anchor) {
      results.push({ instanceId: id, throughSeq: 0, deleted: 0 });
      continue;
    }
    const head = await ledger.findOne({ instanceId: id, seq: anchor.seq }, { projection: { ts: 1 } });
    if (head && head.ts >= cutoff) {
      results.push({ instanceId: id, throughSeq: 0, deleted: 0 });
      continue;
    }
    const { deletedCount } = await ledger.deleteMany({ instanceId: id, seq: { $lte: anchor.seq } });
    results.push({ instanceId: id, throughSeq: anchor.seq, deleted: deletedCount });
  }
  return results;
}
