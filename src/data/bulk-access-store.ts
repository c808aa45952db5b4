// What bulk-access detection keeps in MongoDB, shared by every instance: per principal and minute,
// the customers whose identifying values it was served (`gateway_bulk_access`, expiring after the
// window), and the open alerts (`gateway_alerts`, one per principal while its window lasts). The
// sliding window is made of whole minutes: the distinct customers of the last N minute buckets.
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

export async function createBulkAccessStore(db: Db): Promise<BulkAccessStore> {
  const buckets: Collection<BucketDoc> = db.collection<BucketDoc>(BULK_ACCESS_COLLECTION);
  const alerts: Collection<AlertDoc> = db.collection<AlertDoc>(ALERTS_COLLECTION);
  await buckets.createIndex({ expiresAt: 1 }, { expireAfterSeconds: 0, name: 'bulk_access_ttl' });
  await buckets.createIndex({ p: 1, b: 1 }, { name: 'principal_bucket' });
  await alerts.createIndex({ until: 1 }, { expireAfterSeconds: 0, name: 'alert_ttl' });
  await alerts.createIndex({ subject: 1 }, { name: 'alert_subject' });
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
    async activeAlert(p, now) {
      return alerts.findOne({ _id: p, until: { $gt: new Date(now) } }, { maxTimeMS: MAX_TIME_MS });
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
