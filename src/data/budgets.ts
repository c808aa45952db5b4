// Per-principal budgets (exact lookups, reveals, aggregate queries) shared by every gateway
// instance, on the same MongoDB counters as the request rate limits (rate-counters.ts): a fixed
// window per principal and kind (an hour unless the caller says otherwise) that starts at the
// first use. A request that would go over is refused whole and its amount still counts, so an
// exhausted budget stays exhausted until the window ends.
import type { Db } from 'mongodb';
import { createRateCounters, type RateCounters } from './rate-counters';

export type BudgetKind = 'lookup' | 'reveal' | 'aggregate';

export interface Budgets {
  /** Takes `amount` from the principal's budget for the current window; false when it would exceed `limit`. */
  consume(kind: BudgetKind, subject: string, amount: number, limit: number, windowMs?: number): Promise<boolean>;
}

const WINDOW_MS = 3_600_000;

export async function createBudgets(db: Db, counters: RateCounters = createRateCounters(db)): Promise<Budgets> {
  return {
    async consume(kind, subject, amount, limit, windowMs = WINDOW_MS) {
      if (amount <= 0) return true;
      if (amount > limit) return false;
      const result = await counters.counter(`budget:${kind}`, limit, Math.ceil(windowMs / 1000)).consume(subject, amount);
      return result.allowed;
    },
  };
}
