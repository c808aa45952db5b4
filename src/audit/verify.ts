// `audit verify`: walks every instance's chain in sequence order, recomputes each ledger
// document's hash (a disclosure batch: one request's records, record.ts), checks each link and
// each signed checkpoint, and reports the first break per chain. It needs only read access and
// the checkpoint key's public half, so it can run apart from the gateway.
//
// What each break means:
//   edited      a batch's contents (any record in it) no longer match its hash
//   deleted     a sequence number is missing (or the chain's start is gone without a checkpoint
//               anchoring it, which retention always leaves)
//   inserted    two batches claim one sequence number
//   relinked    a batch does not point at the one before it (inserted or reordered, hashes
//               recomputed by someone without the whole chain)
//   rewritten   a signed checkpoint vouches for a different batch at its sequence number
//   truncated   a signed checkpoint covers batches that are no longer there
//   checkpoint  a checkpoint whose signature does not verify with the given key
import type { Db } from 'mongodb';
import { batchHash, GENESIS_HASH } from './chain';
import { CHECKPOINT_COLLECTION, openCheckpoint, type CheckpointDoc } from './checkpoints';
import type { AuditVerifyKey } from './keys';
import { recordCount } from './expand';
import { LEDGER_COLLECTION, type LedgerBatch } from './record';

export type BreakKind = 'edited' | 'deleted' | 'inserted' | 'relinked' | 'rewritten' | 'truncated' | 'checkpoint';

export interface ChainBreak {
  readonly seq: number;
  readonly kind: BreakKind;
  readonly message: string;
  /** The stored _id of the offending batch or checkpoint, for the operator to look at. */
  readonly id: string | null;
}

export interface ChainReport {
  readonly instanceId: string;
  /** Ledger documents in the chain (one per request). */
  readonly batches: number;
  /** Audit records they hold. */
  readonly records: number;
  readonly firstSeq: number | null;
  readonly lastSeq: number | null;
  /** The signed checkpoint the first remaining batch links to, when retention removed the start. */
  readonly anchoredAt: number | null;
  readonly checkpoints: number;
  readonly lastCheckpointSeq: number | null;
  /** Batches after the last signed checkpoint: protected by the chain only. */
  readonly uncovered: number;
  readonly break: ChainBreak | null;
}

export interface VerifyReport {
  readonly ok: boolean;
  readonly batches: number;
  readonly records: number;
  readonly chains: ChainReport[];
}

interface ChainState {
  instanceId: string;
  batches: number;
  records: number;
  firstSeq: number | null;
  lastSeq: number;
  lastHash: string;
  anchoredAt: number | null;
  breaks: ChainBreak[];
  done: boolean;
}

export async function verifyLedger(
  db: Db,
  key: AuditVerifyKey,
  options: { instanceId?: string; onProgress?: (batchesDone: number, batchesTotal: number) => void } = {},
): Promise<VerifyReport> {
  const scope = options.instanceId !== undefined ? { instanceId: options.instanceId } : {};
  const onProgress = options.onProgress;
  const progressTotal = onProgress ? await db.collection(LEDGER_COLLECTION).countDocuments({ ...scope, seq: { $gte: 1 } }) : 0;

  // Checkpoints are few (one per interval); load and check their signatures up front.
  const signed = new Map<string, Map<number, string>>();
  const checkpointBreaks = new Map<string, ChainBreak>();
  for await (const doc of db.collection<CheckpointDoc>(CHECKPOINT_COLLECTION).find(scope).sort({ instanceId: 1, seq: 1 })) {
    const opened = await openCheckpoint(doc, key);
    if ('problem' in opened) {
      if (!checkpointBreaks.has(doc.instanceId)) {
        checkpointBreaks.set(doc.instanceId, { seq: doc.seq, kind: 'checkpoint', message: `checkpoint at seq ${doc.seq}: ${opened.problem}`, id: String(doc._id) });
      }
      continue;
    }
    let heads = signed.get(doc.instanceId);
    if (!heads) signed.set(doc.instanceId, (heads = new Map()));
    heads.set(opened.head.seq, opened.head.hash);
  }

  const states = new Map<string, ChainState>();
  let state = null as ChainState | null;
  let total = 0;
  let totalRecords = 0;
  const cursor = db
    .collection<LedgerBatch>(LEDGER_COLLECTION)
    .find({ ...scope, seq: { $gte: 1 } })
    .sort({ instanceId: 1, seq: 1 })
    .batchSize(200);
  for await (const r of cursor) {
    const n = recordCount(r);
    total++;
    if (onProgress && total % 200 === 0) onProgress(total, Math.max(total, progressTotal));
    totalRecords += n;
    if (state?.instanceId !== r.instanceId) {
      state = { instanceId: r.instanceId, batches: 0, records: 0, firstSeq: null, lastSeq: 0, lastHash: GENESIS_HASH, anchoredAt: null, breaks: [], done: false };
      states.set(r.instanceId, state);
    }
    state.batches++;
    state.records += n;
    if (state.done) continue;
    const heads = signed.get(r.instanceId);
    const id = String((r as { _id?: unknown })._id);
    const fail = (kind: BreakKind, message: string, seq = r.seq) => {
      state!.breaks.push({ seq, kind, message, id });
      state!.done = true;
    };

    if (state.firstSeq === null) {
      state.firstSeq = r.seq;
      if (r.seq > 1) {
        // Retention removes whole prefixes ending at a signed checkpoint; anything else is a deletion.
        const anchor = heads?.get(r.seq - 1);
        if (anchor === undefined || anchor !== r.prevHash) {
          fail('deleted', `chain starts at seq ${r.seq}: batches 1..${r.seq - 1} are missing and no signed checkpoint at seq ${r.seq - 1} anchors the start`, 1);
          continue;
        }
        state.anchoredAt = r.seq - 1;
        state.lastHash = anchor;
        state.lastSeq = r.seq - 1;
      }
    }
    if (r.seq === state.lastSeq) {
      fail('inserted', `two batches claim seq ${r.seq}`);
      continue;
    }
    if (r.seq !== state.lastSeq + 1) {
      fail('deleted', `batches ${state.lastSeq + 1}..${r.seq - 1} are missing (the next batch present is seq ${r.seq})`, state.lastSeq + 1);
      continue;
    }
    if (batchHash(r) !== r.hash) {
      fail('edited', `batch at seq ${r.seq} does not match its hash (contents changed)`);
      continue;
    }
    if (r.prevHash !== state.lastHash) {
      fail('relinked', `batch at seq ${r.seq} does not link to the batch before it (inserted or reordered)`);
      continue;
    }
    const vouched = heads?.get(r.seq);
    if (vouched !== undefined && vouched !== r.hash) {
      fail('rewritten', `the signed checkpoint at seq ${r.seq} vouches for a different batch (chain rewritten)`);
      continue;
    }
    state.lastSeq = r.seq;
    state.lastHash = r.hash;
  }

  const ids = new Set([...states.keys(), ...signed.keys(), ...checkpointBreaks.keys()]);
  const chains: ChainReport[] = [];
  for (const instanceId of [...ids].sort()) {
    const s = states.get(instanceId);
    const heads = signed.get(instanceId) ?? new Map<number, string>();
    const signedSeqs = [...heads.keys()].sort((a, b) => a - b);
    const lastCheckpointSeq = signedSeqs.length > 0 ? signedSeqs[signedSeqs.length - 1]! : null;
    const breaks = [...(s?.breaks ?? [])];
    const lastSeq = s ? s.lastSeq : 0;
    if (s && !s.done && lastCheckpointSeq !== null && lastCheckpointSeq > lastSeq) {
      breaks.push({
        seq: lastSeq + 1,
        kind: 'truncated',
        message: `a signed checkpoint covers seq ${lastCheckpointSeq} but the chain ends at seq ${lastSeq} (batches deleted at the end)`,
        id: null,
      });
    }
    const cpBreak = checkpointBreaks.get(instanceId);
    if (cpBreak) breaks.push(cpBreak);
    breaks.sort((a, b) => a.seq - b.seq);
    chains.push({
      instanceId,
      batches: s?.batches ?? 0,
      records: s?.records ?? 0,
      firstSeq: s?.firstSeq ?? null,
      lastSeq: s ? (s.done ? null : s.lastSeq) : null,
      anchoredAt: s?.anchoredAt ?? null,
      checkpoints: signedSeqs.length,
      lastCheckpointSeq,
      uncovered: s && !s.done ? Math.max(0, s.lastSeq - (lastCheckpointSeq ?? 0)) : 0,
      break: breaks[0] ?? null,
    });
  }
  onProgress?.(total, Math.max(total, progressTotal));
  return { ok: chains.every((c) => c.break === null), batches: total, records: totalRecords, chains };
}

export function formatVerifyReport(report: VerifyReport): string {
  const lines: string[] = [];
  for (const c of report.chains) {
    if (c.break) {
      lines.push(`chain ${c.instanceId}: BROKEN at seq ${c.break.seq} [${c.break.kind}] ${c.break.message}${c.break.id ? ` (_id ${c.break.id})` : ''}`);
      continue;
    }
    const range = c.batches > 0 ? `seq ${c.firstSeq}..${c.lastSeq} (${plural(c.batches, 'batch', 'batches')}, ${plural(c.records, 'record', 'records')})` : 'no records';
    const anchor = c.anchoredAt !== null ? `, start anchored by the checkpoint at seq ${c.anchoredAt} (earlier batches removed by retention)` : '';
    const cps =
      c.checkpoints > 0
        ? `, ${c.checkpoints} signed checkpoints, last at seq ${c.lastCheckpointSeq}, ${plural(c.uncovered, 'batch', 'batches')} after it`
        : ', no signed checkpoint yet';
    lines.push(`chain ${c.instanceId}: OK ${range}${anchor}${cps}`);
  }
  const broken = report.chains.filter((c) => c.break).length;
  lines.push(
    `verified ${report.chains.length} chain(s), ${plural(report.batches, 'batch', 'batches')}, ${plural(report.records, 'record', 'records')}: ${broken === 0 ? 'all intact' : `${broken} broken`}`,
  );
  return lines.join('\n');
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}
