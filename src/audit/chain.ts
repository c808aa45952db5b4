// Per-instance hash chain. Each gateway instance numbers its ledger documents (disclosure batches,
// one per request) 1, 2, 3 … and each batch's hash covers its canonical encoding, which includes
// its sequence number, the previous batch's hash and every record it holds: editing one record
// inside a batch, or deleting, inserting or reordering batches, breaks a link that `audit verify`
// finds. Signed checkpoints (checkpoints.ts) pin the chain so that it cannot be rewritten
// wholesale by someone with write access to the database but not the signing key.
import { createHash } from 'node:crypto';
import { canonicalBatchEncoding, canonicalRecordEncodingV1 } from './canonical';
import type { LedgerBatch } from './record';

export interface ChainHead {
  readonly seq: number;
  readonly hash: string;
}

export const GENESIS_HASH = '0'.repeat(64);
export const GENESIS: ChainHead = Object.freeze({ seq: 0, hash: GENESIS_HASH });

/** The hash a stored ledger document should carry (format 1 documents keep their own encoding). */
export function batchHash(doc: LedgerBatch | Record<string, unknown>): string {
  const d = doc as Record<string, unknown>;
  const encoding = d.v === 1 ? canonicalRecordEncodingV1(d) : canonicalBatchEncoding(d);
  return createHash('sha256').update(encoding).digest('hex');
}

/** Numbers and links `batches` after `head` (in place) and returns the new head. */
export function linkBatches(batches: LedgerBatch[], head: ChainHead): ChainHead {
  let seq = head.seq;
  let prev = head.hash;
  for (const batch of batches) {
    batch.seq = ++seq;
    batch.prevHash = prev;
    batch.hash = prev = batchHash(batch);
  }
  return { seq, hash: prev };
}
