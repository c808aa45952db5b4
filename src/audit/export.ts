// NDJSON export for a SIEM: one audit record per line, oldest first, ids as strings and times in
// ISO 8601, chain fields included so the SIEM can notice gaps (`seq` is the batch's place in the
// chain, `index` the record's place in its batch, `batchRecords` how many the batch holds).
// Streams from a cursor (one batch expanded in memory at a time) and honours back-pressure on the
// output.
import type { Db, Filter } from 'mongodb';
import type { Writable } from 'node:stream';
import { once } from 'node:events';
import { recordCount, selectRecords } from './expand';
import { eventFilter, eventView, recordMatch } from './queries';
import { LEDGER_COLLECTION, type LedgerBatch } from './record';

export interface ExportOptions {
  readonly since: Date;
  readonly until?: Date;
  readonly customerId?: string;
  /** Called as ledger batches are read, for a progress display. */
  readonly onProgress?: (batchesDone: number, batchesTotal: number) => void;
}

/** Writes the matching records to `out`; returns how many. */
export async function exportLedger(db: Db, options: ExportOptions, out: Writable): Promise<number> {
  const filter = { since: options.since, until: options.until ?? null, customerId: options.customerId ?? null };
  const match = recordMatch(filter);
  const cursor = db
    .collection<LedgerBatch>(LEDGER_COLLECTION)
    .find(eventFilter(filter) as Filter<LedgerBatch>)
    .sort({ ts: 1, _id: 1 })
    .batchSize(100);
  let n = 0;
  const total = options.onProgress ? await db.collection<LedgerBatch>(LEDGER_COLLECTION).countDocuments(eventFilter(filter) as Filter<LedgerBatch>) : 0;
  let batches = 0;
  try {
    for await (const doc of cursor) {
      if (options.onProgress && ++batches % 100 === 0) options.onProgress(batches, Math.max(batches, total));
      const batchRecords = recordCount(doc);
      for (const r of selectRecords(doc, match, 0, Infinity)) {
        const { id, time, responsePath: _dropped, ...rest } = eventView(r);
        const line = JSON.stringify({ id, time: time.toISOString(), ...rest, index: r.index, batchRecords, hash: r.hash, prevHash: r.prevHash });
        if (!out.write(`${line}\n`)) await once(out, 'drain');
        n++;
      }
    }
  } finally {
    await cursor.close();
  }
  options.onProgress?.(batches, Math.max(batches, total));
  return n;
}
