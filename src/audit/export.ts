// NDJSON export for a SIEM: one ledger record per line, oldest first, ids as strings and times in
// ISO 8601, chain fields included so the SIEM can notice gaps. Streams from a cursor (one
// document in memory at a time) and honours back-pressure on the output.
import type { Db, Filter } from 'mongodb';
import type { Writable } from 'node:stream';
import { once } from 'node:events';
import { eventFilter, eventView } from './queries';
import { LEDGER_COLLECTION, type LedgerRecord } from './record';

export interface ExportOptions {
  readonly since: Date;
  readonly until?: Date;
  readonly customerId?: string;
}

/** Writes the matching records to `out`; returns how many. */
export async function exportLedger(db: Db, options: ExportOptions, out: Writable): Promise<number> {
  const query = eventFilter({ since: options.since, until: options.until ?? null, customerId: options.customerId ?? null });
  const cursor = db
    .collection<LedgerRecord>(LEDGER_COLLECTION)
    .find(query as Filter<LedgerRecord>)
    .sort({ ts: 1, _id: 1 })
    .batchSize(1000);
  let n = 0;
  try {
    for await (const doc of cursor) {
      const { id, time, ...rest } = eventView(doc);
      if (!out.write(`${JSON.stringify({ id, time: time.toISOString(), ...rest, hash: doc.hash, prevHash: doc.prevHash })}\n`)) await once(out, 'drain');
      n++;
    }
  } finally {
    await cursor.close();
  }
  return n;
}
