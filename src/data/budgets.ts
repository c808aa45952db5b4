// Per-principal budgets (exact lookups, reveals) shared by every gateway instance: counters live
// in MongoDB, one document per principal, kind and hour window, consumed atomically.
import { MongoServerError, type Collection, type Db } from 'mongodb';

export type BudgetKind = 'lookup' | 'reveal';

export interface Budgets {
  /** Takes `amount` from the principal's budget for the current window; false when it would exceed `limit`. */
  consume(kind: BudgetKind, subject: string, amount: number, limit: number): Promise<boolean>;
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
    async consume(kind, subject, amount, limit) {
      if (amount <= 0) return true;
      if (amount > limit) return false;
      const window = Math.floor(clock() / WINDOW_MS);
      const _id = `${kind}:${window}:${subject}`;
      try {
        // Matches only while enough budget is left; when it is not, the upsert's insert collides
        // with the existing document (E11000), which means "exhausted". Atomic on any server.
        const res = await coll.findOneAndUpdate(
          { _id, used: { $lte: limit - amount } },
          { $inc: { used: amount }, $setOnInsert: { expiresAt: new Date((window + 2) * WINDOW_MS) } },
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
