// Counters shared by every gateway instance on one database: rate-limiter-flexible's MongoDB
// limiter, one document per key and window in `gateway_rate_limits`, consumed atomically with
// findOneAndUpdate (so any MongoDB, replica set or Atlas, holds one count for all instances).
// Windows are fixed and start at a key's first use: `points` per `durationSeconds` from then,
// and the counter starts again once the window has passed (docs/limits.md, "Rate limits").
import type { Db } from 'mongodb';
import { RateLimiterMongo, RateLimiterRes } from 'rate-limiter-flexible';

interface InMemoryBlocks {
  getInMemoryBlockMsBeforeExpire(rlKey: string): number;
}

export const RATE_LIMITS_COLLECTION = 'gateway_rate_limits';

export interface CounterResult {
  readonly allowed: boolean;
  /** Until the window ends (when refused: when to retry). */
  readonly msBeforeNext: number;
  /** Points counted in the key's window, this call's included (MAX_SAFE_INTEGER: over, count unknown). */
  readonly consumed: number;
}

export interface RateCounter {
  /** Adds `points` to `key`'s window; refused when it goes over. A refusal still counts. */
  consume(key: string, points?: number): Promise<CounterResult>;
  /** Refused on this instance without asking MongoDB (a key already over its limit here). */
  blockedHere(key: string): number;
}

export interface RateCounters {
  counter(name: string, points: number, durationSeconds: number): RateCounter;
}

/** One set of counters per gateway instance; limiters are made once per (name, points, window). */
export function createRateCounters(db: Db): RateCounters {
  const limiters = new Map<string, RateLimiterMongo>();
  return {
    counter(name, points, durationSeconds) {
      const id = `${name}\u0000${points}\u0000${durationSeconds}`;
      let limiter = limiters.get(id);
      if (!limiter) {
        limiter = new RateLimiterMongo({
          storeClient: db.client,
          dbName: db.databaseName,
          tableName: RATE_LIMITS_COLLECTION,
          keyPrefix: name,
          points,
          duration: durationSeconds,
          // A key over its limit is refused from memory for the rest of its window: a flood costs
          // this instance no MongoDB round trip per request.
          inMemoryBlockOnConsumed: points + 1,
        });
        limiters.set(id, limiter);
      }
      const l = limiter;
      return {
        async consume(key, amount = 1) {
          try {
            const res = await l.consume(key, amount);
            return { allowed: true, msBeforeNext: res.msBeforeNext, consumed: res.consumedPoints };
          } catch (err) {
            // Refused from this instance's memory, the count is not known, only that it is over.
            if (err instanceof RateLimiterRes)
              return { allowed: false, msBeforeNext: err.msBeforeNext, consumed: err.consumedPoints > 0 ? err.consumedPoints : Number.MAX_SAFE_INTEGER };
            throw err;
          }
        },
        blockedHere(key) {
          // Public on the store limiters, missing from the package's type declarations.
          return (l as unknown as InMemoryBlocks).getInMemoryBlockMsBeforeExpire(l.getKey(key));
        },
      };
    },
  };
}
