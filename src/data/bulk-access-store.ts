// What bulk-access detection keeps in MongoDB, shared by every instance: per principal and minute,
// the customers whose identifying values it was served (`gateway_bulk_access`, expiring after the
// window), and the open alerts (`gateway_alerts`, one per principal while its window lasts). The
// sliding window is made of whole minutes: the distinct customers of the last N minute buckets.
import DataLoader from 'dataloader';
import type { Collection, Db } from 'mongodb';

export const BULK_ACCESS_COLLECTION = 'gateway_bulk_access';
export const ALERTS_COLLECTION = 'gateway_alerts';
const BUCKET_MS = 60_000;

interface BucketDoc {
  _id: string;
  p: string;
  b: number;
  c: unknown[];
  expiresAt: Date;
}

export interface AlertDoc {
  /** `${kind}:${subject}`: one open alert per principal. */
  _id: string;
  subject: string;
  role: string | null;
  tokenKind: string;
  distinctCustomers: number;
  threshold: number;
  windowMinutes: number;
  policyVersion: string;
  raisedAt: Date;
  /** Classified fields are served at the degraded levels until then. */
  until: Date;
}

export interface BulkAccessStore {
  /** Adds the customers to this minute's bucket; returns the distinct customers over the window. */
  record(principalKey: string, customerIds: readonly unknown[], windowMs: number, now: number): Promise<number>;
  activeAlert(principalKey: string, now: number): Promise<AlertDoc | null>;
  /** Inserts the alert unless one is open for the principal; true when this call raised it. */
  raise(alert: AlertDoc, now: number): Promise<boolean>;
  list(now: number): Promise<AlertDoc[]>;
  /** Closes the principal's open alerts and forgets its window; returns how many alerts were closed. */
  clear(subject: string): Promise<number>;
}

/** Detection runs after the response, outside any request's deadline: each command gets this. */
const MAX_TIME_MS = 5_000;

/** One `find` answers at most this many principals' alert lookups. */
const MAX_LOOKUPS_PER_FIND = 500;
/** A lookup waits at most this long for the one in flight; a hung `find` never holds later ones. */
const MAX_WAIT_FOR_PREVIOUS_MS = 1_000;

interface AlertLookup {
  readonly principalKey: string;
  readonly now: number;
}

/**
 * Alert lookups, exact and shared: a lookup is always sent after it was asked for, never answered
 * from a read that started earlier, so an alert raised (or cleared) anywhere before a request
 * began applies to it. While one `find` is on its way, the lookups asked meanwhile wait for it and
 * then go together in the next one: at one request at a time that is one `find` each, as before;
 * under concurrent load one `find` answers all the requests that arrived during the last one.
 * An alert counts when it is open at the earliest time asked in the batch (fails closed).
 * docs/limits.md, "Bulk access".
 */
function alertLookups(alerts: Collection<AlertDoc>): DataLoader<AlertLookup, AlertDoc | null> {
  let inFlight: Promise<unknown> | null = null;
  return new DataLoader<AlertLookup, AlertDoc | null>(
    (lookups) => {
      const since = Math.min(...lookups.map((l) => l.now));
      const keys = [...new Set(lookups.map((l) => l.principalKey))];
      const found = alerts.find({ _id: { $in: keys }, until: { $gt: new Date(since) } }, { maxTimeMS: MAX_TIME_MS }).toArray();
      // Settles (never rejects) once the find is answered, and then no longer counts as in flight.
      const settled: Promise<void> = found
        .then(
          () => undefined,
          () => undefined,
        )
        .then(() => {
          if (inFlight === settled) inFlight = null;
        });
      inFlight = settled;
      return found.then((open) => {
        const byKey = new Map(open.map((a) => [a._id, a]));
        return lookups.map((l) => byKey.get(l.principalKey) ?? null);
      });
    },
    {
      cache: false,
      maxBatchSize: MAX_LOOKUPS_PER_FIND,
      // A new batch collects lookups until the one in flight has returned (or failed), or
      // MAX_WAIT_FOR_PREVIOUS_MS has passed, whichever comes first.
      batchScheduleFn: (dispatch) => {
        const previous = inFlight;
        if (previous === null) return process.nextTick(dispatch);
        let timer: NodeJS.Timeout | undefined;
        const waited = new Promise<void>((resolve) => {
          timer = setTimeout(resolve, MAX_WAIT_FOR_PREVIOUS_MS);
          timer.unref();
        });
        void Promise.race([previous, waited]).then(() => {
          clearTimeout(timer);
          process.nextTick(dispatch);
        });
      },
    },
  );
}

export async function createBulkAccessStore(db: Db): Promise<BulkAccessStore> {
  const buckets: Collection<BucketDoc> = db.collection<BucketDoc>(BULK_ACCESS_COLLECTION);
  const alerts: Collection<AlertDoc> = db.collection<AlertDoc>(ALERTS_COLLECTION);
  await buckets.createIndex({ expiresAt: 1 }, { expireAfterSeconds: 0, name: 'bulk_access_ttl' });
  await buckets.createIndex({ p: 1, b: 1 }, { name: 'principal_bucket' });
  await alerts.createIndex({ until: 1 }, { expireAfterSeconds: 0, name: 'alert_ttl' });
  await alerts.createIndex({ subject: 1 }, { name: 'alert_subject' });
  const lookups = alertLookups(alerts);
  return {
    async record(p, customerIds, windowMs, now) {
      const b = Math.floor(now / BUCKET_MS);
      await buckets.updateOne(
        { _id: `${p}:${b}` },
        { $addToSet: { c: { $each: [...customerIds] as never[] } }, $setOnInsert: { p, b, expiresAt: new Date(now + windowMs + BUCKET_MS) } },
        { upsert: true, maxTimeMS: MAX_TIME_MS },
      );
      const first = b - Math.ceil(windowMs / BUCKET_MS) + 1;
      const [row] = await buckets
        .aggregate<{ n: number }>([{ $match: { p, b: { $gte: first } } }, { $unwind: '$c' }, { $group: { _id: '$c' } }, { $count: 'n' }], { maxTimeMS: MAX_TIME_MS })
        .toArray();
      return row?.n ?? 0;
    },
    activeAlert(principalKey, now) {
      return lookups.load({ principalKey, now });
    },
    async raise(alert, now) {
      // An expired alert the TTL monitor has not removed yet is replaced; an open one wins.
      await alerts.deleteOne({ _id: alert._id, until: { $lte: new Date(now) } });
      try {
        await alerts.insertOne(alert);
        return true;
      } catch (err) {
        if ((err as { code?: unknown }).code === 11000) return false;
        throw err;
      }
    },
    async list(now) {
      return alerts
        .find({ until: { $gt: new Date(now) } })
        .sort({ raisedAt: -1 })
        .toArray();
    },
    async clear(subject) {
      const res = await alerts.deleteMany({ subject });
      await buckets.deleteMany({ p: { $in: [`user:${subject}`, `bi:${subject}`, `service:${subject}`] } });
      return res.deletedCount;
    },
  };
}
