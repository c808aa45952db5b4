// The audit ledger's lifecycle in one gateway instance: indexes and chain head at start-up, the
// group-commit writer, the checkpoint (and retention) timer, readiness, and flush + final
// checkpoint at shutdown.
import type { Db } from 'mongodb';
import type { Logger } from 'pino';
import type { Principal } from '../auth/principal';
import type { Config } from '../config/env';
import type { RequestMeta } from '../disclosure/disclosure';
import { CHECKPOINT_COLLECTION, signCheckpoint, type CheckpointDoc } from './checkpoints';
import { ensureAuditIndexes } from './indexes';
import { loadAuditSigningKey, type AuditSigningKey } from './keys';
import { buildLedgerBatches, LEDGER_COLLECTION, type LedgerBatch } from './record';
import { pruneLedger } from './retention';
import { EMPTY_STATS, GroupCommitWriter, type WriterStats } from './writer';

export interface AuditLedger {
  readonly mode: 'sync' | 'async' | 'off';
  readonly instanceId: string;
  /** A request's disclosure batches. sync: resolves once durable (rejects otherwise); async: queues; off: drops. */
  submit(batches: readonly LedgerBatch[]): Promise<void>;
  /** The store answers and the ledger accepts writes. */
  ready(): Promise<boolean>;
  /** Signs the current head now (also runs on the interval and at close). */
  checkpoint(): Promise<CheckpointDoc | null>;
  stats(): WriterStats;
  close(): Promise<void>;
}

export interface LedgerOptions {
  readonly db: Db;
  readonly config: Config;
  readonly logger: Logger;
  readonly clock?: () => Date;
  /** sync: how long a response waits for its batch (default 5 s). */
  readonly writeTimeoutMs?: number;
}

const READY_PROBE_ID = 'readyz-probe';

export async function openAuditLedger(options: LedgerOptions): Promise<AuditLedger> {
  const { db, config, logger } = options;
  const { mode, instanceId, checkpointIntervalMs, retentionMs } = config.audit;
  const clock = options.clock ?? (() => new Date());
  await ensureAuditIndexes(db);
  const collection = db.collection<LedgerBatch>(LEDGER_COLLECTION);
  const checkpoints = db.collection<CheckpointDoc>(CHECKPOINT_COLLECTION);

  if (mode === 'off') {
    logger.warn('AUDIT_MODE=off: sensitive values are served without audit records (development and benchmarks only)');
    return {
      mode,
      instanceId,
      submit: () => Promise.resolve(),
      ready: async () => true,
      checkpoint: async () => null,
      stats: () => ({ ...EMPTY_STATS }),
      close: async () => undefined,
    };
  }

  const key: AuditSigningKey = await loadAuditSigningKey(config);
  if (key.devPath) {
    logger.warn({ path: key.devPath, kid: key.kid, created: key.created }, 'DEVELOPMENT audit signing key in use; set AUDIT_SIGNING_KEY for real use');
  }
  const writer = new GroupCommitWriter({ collection, instanceId, mode, logger, ...(options.writeTimeoutMs ? { writeTimeoutMs: options.writeTimeoutMs } : {}) });
  // A restart continues the chain: the head is read before the first request is served.
  const startHead = await writer.loadHead();
  const lastCheckpoint = await checkpoints.find({ instanceId }).sort({ seq: -1 }).limit(1).next();
  let checkpointedSeq = lastCheckpoint?.seq ?? 0;
  logger.info({ instanceId, seq: startHead.seq, mode }, 'audit ledger open');

  let checkpointing: Promise<CheckpointDoc | null> | null = null;
  const checkpoint = (): Promise<CheckpointDoc | null> => {
    checkpointing ??= (async () => {
      const head = writer.committedHead();
      if (!head || head.seq <= checkpointedSeq) return null;
      const doc = await signCheckpoint(key, instanceId, head, clock());
      await checkpoints.insertOne(doc, { writeConcern: { w: 'majority' } });
      checkpointedSeq = head.seq;
      return doc;
    })().finally(() => {
      checkpointing = null;
    });
    return checkpointing;
  };

  let lastPrune = 0;
  const tick = async () => {
    try {
      await checkpoint();
      if (retentionMs !== null && Date.now() - lastPrune >= Math.max(checkpointIntervalMs, 600_000)) {
        lastPrune = Date.now();
        const [result] = await pruneLedger(db, retentionMs, clock(), instanceId);
        if (result && result.deleted > 0) logger.info({ instanceId, throughSeq: result.throughSeq, deleted: result.deleted }, 'audit: batches past retention deleted');
      }
    } catch (err) {
      logger.error({ errorClass: (err as Error)?.name, errorCode: (err as { code?: unknown })?.code }, 'audit: checkpoint or retention failed');
    }
  };
  const timer = setInterval(() => void tick(), checkpointIntervalMs);
  timer.unref();

  return {
    mode,
    instanceId,
    submit: (batches) => writer.submit(batches),
    async ready() {
      if (writer.healthy()) return true;
      // After a failed write, prove the collection takes writes again before reporting ready.
      await collection.deleteOne({ _id: READY_PROBE_ID } as never);
      await collection.insertOne({ _id: READY_PROBE_ID, instanceId: `${instanceId}#probe`, seq: 0 } as never, { writeConcern: { w: 'majority' } });
      await collection.deleteOne({ _id: READY_PROBE_ID } as never);
      return true;
    },
    checkpoint,
    stats: () => ({ ...writer.stats }),
    async close() {
      clearInterval(timer);
      await writer.flush();
      await checkpoint().catch((err: unknown) => {
        logger.error({ errorClass: (err as Error)?.name }, 'audit: final checkpoint failed');
      });
    },
  };
}

/**
 * Records a bulk-access alert about a principal as a ledger batch of its own (no disclosure
 * records), written like any request's: the alert is as tamper-evident as what caused it.
 */
export function alertRecorder(ledger: Pick<AuditLedger, 'submit' | 'instanceId'>, policyVersion: string, clock: () => Date = () => new Date()) {
  return (principal: Principal, meta: RequestMeta, reason: string): Promise<void> =>
    ledger.submit(buildLedgerBatches({ principal, meta, policyVersion }, [], [], ledger.instanceId, clock(), [{ reason }]));
}
