// Per-instance hash chain. Each gateway instance numbers its records 1, 2, 3 … and each record's
// hash covers its canonical encoding, which includes its sequence number and the previous
// record's hash: editing, deleting, inserting or reordering a record breaks a link that
// `audit verify` finds. Signed checkpoints (checkpoints.ts) pin the chain so that it cannot be
// rewritten wholesale by someone with write access to the database but not the signing key.
import { createHash } from 'node:crypto';
import { canonicalEncoding } from './canonical';
import type { LedgerRecord } from './record';

export interface ChainHead {
  readonly seq: number;
  readonly hash: string;
}

export const GENESIS_HASH = '0'.repeat(64);
export const GENESIS: ChainHead = Object.freeze({ seq: 0, hash: GENESIS_HASH });

export function recordHash(record: LedgerRecord): string {
  return createHash('sha256').update(canonicalEncoding(record)).digest('hex');
}

/** Numbers and links `batch` after `head` (in place) and returns the new head. */
export function linkBatch(batch: LedgerRecord[], head: ChainHead): ChainHead {
  let seq = head.seq;
  let prev = head.hash;
  for (const record of batch) {
    record.seq = ++seq;
    record.prevHash = prev;
    record.hash = prev = recordHash(record);
  }
  return { seq, hash: prev };
}
