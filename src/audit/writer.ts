// Group commit. Requests hand over their records; one insertMany at a time goes to MongoDB with
// everything that arrived while the previous one was in flight. No timer adds latency: an idle
// gateway writes a request's records at once, a busy one writes many requests' records in one
// round trip, so audit cost per request falls as load rises.
//
// The chain is linked when a batch is committed, not when records arrive, so a failed batch
// leaves no hole: after any failure the writer re-reads its chain head from MongoDB before the
// next batch (a batch may have been partly written), and the unique (instanceId, seq) index
// refuses a second writer that would fork the chain.
//
// sync: submit() resolves once the batch holding the records is acknowledged by a majority, and
// rejects when the write fails or takes longer than writeTimeoutMs (the caller then withholds
// the response). async: records are queued and retried with backoff; a crash or an outage
// longer than the buffer loses them (documented in docs/audit.md).
import { MongoBulkWriteError, type Collection } from 'mongodb';
import type { Logger } from 'pino';
import { GENESIS, linkBatch, type ChainHead } from './chain';
import type { LedgerRecord } from './record';

export interface WriterOptions {
  readonly collection: Collection<LedgerRecord>;
  readonly instanceId: string;
  readonly mode: 'sync' | 'async';
  readonly logger: Logger;
  /** sync: how long a request waits for its batch before it is refused. */
  readonly writeTimeoutMs?: number;
  /** async: records kept for retry during an outage; older ones are dropped beyond it. */
  readonly maxBuffered?: number;
}

export interface WriterStats {
  committedRecords: number;
  batches: number;
  failedBatches: number;
  droppedRecords: number;
  largestBatch: number;
}

interface Waiter {
  resolve(): void;
  reject(err: unknown): void;
}

const RETRY_MIN_MS = 100;
const RETRY_MAX_MS = 5_000;

export class GroupCommitWriter {
  readonly stats: WriterStats = { committedRecords: 0, batches: 0, failedBatches: 0, droppedRecords: 0, largestBatch: 0 };
  private queue: LedgerRecord[] = [];
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
  submit(records: readonly LedgerRecord[]): Promise<void> {
    if (records.length === 0) return Promise.resolve();
    for (const r of records) this.queue.push(r);
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
    const last = await this.options.collection.find({ instanceId: this.options.instanceId }, { projection: { seq: 1, hash: 1 } }).sort({ seq: -1 }).limit(1).next();
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
      this.options.logger.error({ lostRecords: this.queue.length }, 'audit: records could not be written before shutdown');
      this.stats.droppedRecords += this.queue.length;
      this.queue = [];
    }
  }

  private kick(): void {
    if (this.running || this.retryTimer) return;
    this.running = this.drain().finally(() => {
      this.running = null;
      // Records that arrived after the loop's last look at the queue (its caller's continuation
      // can run before this callback) must not wait for the next submission.
      if (this.queue.length > 0) this.kick();
    });
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue;
      const waiters = this.waiters;
      this.queue = [];
      this.waiters = [];
      const timer = waiters.length > 0 ? setTimeout(() => rejectAll(waiters, new Error('audit write timed out')), this.writeTimeoutMs) : null;
      try {
        await this.commit(batch);
        this.failing = false;
        this.retryDelay = RETRY_MIN_MS;
        for (const w of waiters) w.resolve();
      } catch (err) {
        this.head = null;
        this.failing = true;
        this.stats.failedBatches++;
        const e = err as { name?: string; code?: unknown };
        // Class and code only: a driver message may quote a value (E11000 does).
        this.options.logger.error({ errorClass: e?.name, errorCode: e?.code, records: batch.length, mode: this.options.mode }, 'audit: batch write failed');
        if (this.options.mode === 'sync') {
          rejectAll(waiters, err);
        } else {
          this.requeue(batch, err);
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

  private async commit(batch: LedgerRecord[]): Promise<void> {
    const head = this.head ?? (await this.loadHead());
    const next = linkBatch(batch, head);
    await this.options.collection.insertMany(batch, { ordered: true, writeConcern: { w: 'majority', wtimeoutMS: this.writeTimeoutMs } });
    this.head = next;
    this.stats.batches++;
    this.stats.committedRecords += batch.length;
    if (batch.length > this.stats.largestBatch) this.stats.largestBatch = batch.length;
  }

  /** async: the unwritten part of a failed batch goes back to the front of the queue. */
  private requeue(batch: LedgerRecord[], err: unknown): void {
    // An ordered insertMany that failed part-way reports how many went in; those stay written
    // (and are in the chain the head will be re-read from). Otherwise all are retried; a record
    // that did reach the server before a network error may then appear twice.
    const written = err instanceof MongoBulkWriteError ? err.insertedCount : 0;
    const rest = written > 0 ? batch.slice(written) : batch;
    for (const r of rest) delete (r as { _id?: unknown })._id;
    this.queue = rest.concat(this.queue);
    this.trimQueue();
  }

  private trimQueue(): void {
    const excess = this.queue.length - this.maxBuffered;
    if (excess <= 0) return;
    this.queue.splice(0, excess);
    this.stats.droppedRecords += excess;
    this.options.logger.error({ droppedRecords: excess }, 'audit: async buffer full; oldest records dropped');
  }
}

function rejectAll(waiters: readonly Waiter[], err: unknown): void {
  for (const w of waiters) w.reject(err);
}
