// Group commit. Requests hand over their disclosure batches (one ledger document per request);
// one insertMany at a time goes to MongoDB with every batch that arrived while the previous one
// was in flight. No timer adds latency: an insert starts one event-loop turn after the first
// batch is queued (setImmediate, so batches of requests whose I/O completed in the same turn ride
// along; at 10 clients that halves the inserts per request), an idle gateway writes a request's
// batch at once, a busy one writes many requests' batches in one round trip, so audit cost per
// request falls as load rises.
//
// The chain is linked when an insert is committed, not when batches arrive, so a failed insert
// leaves no hole: after any failure the writer re-reads its chain head from MongoDB before the
// next insert (an ordered insert may have been partly written), and the unique (instanceId, seq)
// index refuses a second writer that would fork the chain.
//
// sync: submit() resolves once the insert holding the request's batch is acknowledged by a
// majority, and rejects when the write fails or takes longer than writeTimeoutMs (the caller
// then withholds the response). async: batches are queued and retried with backoff; a crash or an
// outage longer than the buffer loses them (documented in docs/audit.md).
import { MongoBulkWriteError, type Collection } from 'mongodb';
import type { Logger } from 'pino';
import { GENESIS, linkBatches, type ChainHead } from './chain';
import type { LedgerBatch } from './record';

export interface WriterOptions {
  readonly collection: Collection<LedgerBatch>;
  readonly instanceId: string;
  readonly mode: 'sync' | 'async';
  readonly logger: Logger;
  /** sync: how long a request waits for its batch before it is refused. */
  readonly writeTimeoutMs?: number;
  /** async: records (not batches) kept for retry during an outage; older batches are dropped beyond it. */
  readonly maxBuffered?: number;
}

export interface WriterStats {
  /** Audit records (what the API counts), summed over the committed batches. */
  committedRecords: number;
  /** Ledger documents: one per request (more for a response over MAX_DOCS_PER_BATCH documents). */
  committedBatches: number;
  /** insertMany round trips (group commits). */
  inserts: number;
  failedInserts: number;
  droppedRecords: number;
  /** Records in the largest single insert. */
  largestInsert: number;
}

export const EMPTY_STATS: Readonly<WriterStats> = Object.freeze({ committedRecords: 0, committedBatches: 0, inserts: 0, failedInserts: 0, droppedRecords: 0, largestInsert: 0 });

interface Waiter {
  resolve(): void;
  reject(err: unknown): void;
}

const RETRY_MIN_MS = 100;
const RETRY_MAX_MS = 5_000;

export class GroupCommitWriter {
  readonly stats: WriterStats = { ...EMPTY_STATS };
  private queue: LedgerBatch[] = [];
  /** Records in `queue`, for the async buffer limit. */
  private queuedRecords = 0;
  private waiters: Waiter[] = [];
  private running: Promise<void> | null = null;
  /** Last committed link; null when unknown (at start and after a failure). */
  private head: ChainHead | null = null;
  private failing = false;
  private retryTimer: NodeJS.Timeout | null = null;
  private retryDelay = RETRY_MIN_MS;
  private readonly writeTimeoutMs: number;
  private readonly maxBuffered: number;

  constructor(private readonly options: WriterOptions) {
    this.writeTimeoutMs = options.writeTimeoutMs ?? 5_000;
    this.maxBuffered = options.maxBuffered ?? 200_000;
  }

  /** sync: resolves when durable, rejects when not. async: resolves at once. */
  submit(batches: readonly LedgerBatch[]): Promise<void> {
    if (batches.length === 0) return Promise.resolve();
    for (const b of batches) {
      this.queue.push(b);
      this.queuedRecords += b.n;
    }
    if (this.options.mode === 'async') {
      this.trimQueue();
      this.kick();
      return Promise.resolve();
    }
    const done = new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
    this.kick();
    return done;
  }

  /** The last committed head (null until the first commit or read), for checkpoints. */
  committedHead(): ChainHead | null {
    return this.head;
  }

  /** False after a failed write until a later one succeeds. */
  healthy(): boolean {
    return !this.failing;
  }

  /** Reads the chain head from MongoDB; used at start-up and after a failure. */
  async loadHead(): Promise<ChainHead> {
    const last = await this.options.collection
      .find({ instanceId: this.options.instanceId }, { projection: { seq: 1, hash: 1 } })
      .sort({ seq: -1 })
      .limit(1)
      .next();
    this.head = last ? { seq: last.seq, hash: last.hash } : GENESIS;
    return this.head;
  }

  /** Waits until everything queued so far has been attempted (async: one last try). */
  async flush(): Promise<void> {
    if (this.retryTimer) {
      clearTimeout(this.retryTimer);
      this.retryTimer = null;
    }
    while (this.running || this.queue.length > 0) {
      if (!this.running) this.kick();
      await this.running;
      if (this.options.mode === 'async' && this.failing) break;
    }
    if (this.retryTimer) {
      clearTimeout(this.retryTimer);
      this.retryTimer = null;
    }
    if (this.queue.length > 0) {
      this.options.logger.error({ lostRecords: this.queuedRecords }, 'audit: records could not be written before shutdown');
      this.stats.droppedRecords += this.queuedRecords;
      this.queue = [];
      this.queuedRecords = 0;
    }
  }

  private kick(): void {
    if (this.running || this.retryTimer) return;
    this.running = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.drain())
      .finally(() => {
        this.running = null;
        // Records that arrived after the loop's last look at the queue (its caller's continuation
        // can run before this callback) must not wait for the next submission.
        if (this.queue.length > 0) this.kick();
      });
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const pending = this.queue;
      const waiters = this.waiters;
      this.queue = [];
      this.queuedRecords = 0;
      this.waiters = [];
      const timer = waiters.length > 0 ? setTimeout(() => rejectAll(waiters, new Error('audit write timed out')), this.writeTimeoutMs) : null;
      try {
        await this.commit(pending);
        this.failing = false;
        this.retryDelay = RETRY_MIN_MS;
        for (const w of waiters) w.resolve();
      } catch (err) {
        this.head = null;
        this.failing = true;
        this.stats.failedInserts++;
        const e = err as { name?: string; code?: unknown };
        // Class and code only: a driver message may quote a value (E11000 does).
        this.options.logger.error(
          { errorClass: e?.name, errorCode: e?.code, batches: pending.length, records: countRecords(pending), mode: this.options.mode },
          'audit: ledger write failed',
        );
        if (this.options.mode === 'sync') {
          rejectAll(waiters, err);
        } else {
          this.requeue(pending, err);
          this.retryTimer = setTimeout(() => {
            this.retryTimer = null;
            this.kick();
          }, this.retryDelay);
          this.retryTimer.unref();
          this.retryDelay = Math.min(this.retryDelay * 2, RETRY_MAX_MS);
          return;
        }
      } finally {
        if (timer) clearTimeout(timer);
      }
    }
  }

  private async commit(pending: LedgerBatch[]): Promise<void> {
    const head = this.head ?? (await this.loadHead());
    const next = linkBatches(pending, head);
    await this.options.collection.insertMany(pending, { ordered: true, maxTimeMS: this.writeTimeoutMs, writeConcern: { w: 'majority', wtimeoutMS: this.writeTimeoutMs } });
    this.head = next;
    const records = countRecords(pending);
    this.stats.inserts++;
    this.stats.committedBatches += pending.length;
    this.stats.committedRecords += records;
    if (records > this.stats.largestInsert) this.stats.largestInsert = records;
  }

  /** async: the unwritten part of a failed insert goes back to the front of the queue. */
  private requeue(pending: LedgerBatch[], err: unknown): void {
    // An ordered insertMany that failed part-way reports how many went in; those stay written
    // (and are in the chain the head will be re-read from). Otherwise all are retried; a batch
    // that did reach the server before a network error may then appear twice.
    const written = err instanceof MongoBulkWriteError ? err.insertedCount : 0;
    const rest = written > 0 ? pending.slice(written) : pending;
    for (const r of rest) delete (r as { _id?: unknown })._id;
    this.queue = rest.concat(this.queue);
    this.queuedRecords += countRecords(rest);
    this.trimQueue();
  }

  /** Drops whole batches, oldest first, while more records than maxBuffered wait (the newest always stays). */
  private trimQueue(): void {
    if (this.queuedRecords <= this.maxBuffered) return;
    let drop = 0;
    let dropped = 0;
    while (drop < this.queue.length - 1 && this.queuedRecords - dropped > this.maxBuffered) dropped += this.queue[drop++]!.n;
    if (drop === 0) return;
    this.queue.splice(0, drop);
    this.queuedRecords -= dropped;
    this.stats.droppedRecords += dropped;
    this.options.logger.error({ droppedRecords: dropped, droppedBatches: drop }, 'audit: async buffer full; oldest records dropped');
  }
}

function countRecords(batches: readonly LedgerBatch[]): number {
  let n = 0;
  for (const b of batches) n += b.n;
  return n;
}

function rejectAll(waiters: readonly Waiter[], err: unknown): void {
  for (const w of waiters) w.reject(err);
}
