// Per-principal budgets (exact lookups, reveals, aggregate queries) shared by every gateway
// instance: counters live in MongoDB, one document per principal, kind and window (an hour unless
// the caller says otherwise), consumed atomically.
import { MongoServerError, type Collection, type Db } from 'mongodb';

export type BudgetKind = 'lookup' | 'reveal' | 'aggregate';

export interface Budgets {
  /** Takes `amount` from the principal's budget for the current window; false when it would exceed `limit`. */
  consume(kind: BudgetKind, subject: string, amount: number, limit: number, windowMs?: number): Promise<boolean>;
}

interface BudgetDoc {
  _id: string;
  used: number;
  expiresAt: Date;
}

export const BUDGETS_COLLECTION = 'gateway_budgets';
const WINDOW_MS = 3_600_000;

export async function createBudgets(db: Db, clock: () => number = Date.now): Promise<Budgets> {
  const coll: Collection<BudgetDoc> = db.collection<BudgetDoc>(BUDGETS_COLLECTION);
  await coll.createIndex({ expiresAt: 1 }, { expireAfterSeconds: 0, name: 'budget_ttl' });
  return {
    async consume(kind, subject, amount, limit, windowMs = WINDOW_MS) {
      if (amount <= 0) return true;
      if (amount > limit) return false;
      const window = Math.floor(clock() / windowMs);
      const _id = `${kind}:${window}:${subject}`;
      try {
        // Matches only while enough budget is left; when it is not, the upsert's insert collides
        // with the existing document (E11000), which means "exhausted". Atomic on any server.
        const res = await coll.findOneAndUpdate(
          { _id, used: { $lte: limit - amount } },
          { $inc: { used: amount }, $setOnInsert: { expiresAt: new Date((window + 2) * windowMs) } },
          { upsert: true, returnDocument: 'after' },
        );
        return res !== null;
      } catch (err) {
        if (err instanceof MongoServerError && err.code === 11000) return false;
        throw err;
      }
    },
  };
}
