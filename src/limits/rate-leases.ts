// Request counting without a MongoDB round trip per request: an instance takes a key's requests
// from the shared counter in leases of several at a time (one atomic increment by the lease size)
// and spends them locally until they run out or the window ends. The shared count always covers
// every request any instance admitted, so the limit is never exceeded; what a lease costs is that
// slots leased by one instance and not spent there are missing on another (at most one lease per
// other instance and window: fail closed). docs/limits.md, "Rate limits".
import { LRUCache } from 'lru-cache';
import type { CounterResult, RateCounter } from '../data/rate-counters';

/** A lease is at most 1/LEASE_DIVISOR of the limit (so a limit of 20 or less is counted one by one)… */
export const LEASE_DIVISOR = 20;
/** …and at most this many requests. */
export const LEASE_MAX = 50;

export function leaseSize(limit: number): number {
  return Math.max(1, Math.min(LEASE_MAX, Math.floor(limit / LEASE_DIVISOR)));
}

interface Lease {
  /** Slots leased and not spent yet. */
  left: number;
  /** When the shared window that granted them ends (epoch ms). */
  readonly windowEnd: number;
}

export interface LeasedCounter {
  /** Counts one request of `key`: from its lease, or from a new lease taken from the shared counter. */
  take(key: string): Promise<CounterResult>;
}

/** `counter` counts `limit` per window; `maxKeys` bounds the keys whose leases this instance holds. */
export function leasedCounter(counter: RateCounter, limit: number, maxKeys = 50_000, clock: () => number = Date.now): LeasedCounter {
  const size = leaseSize(limit);
  const leases = new LRUCache<string, Lease>({ max: maxKeys });
  // A key's lease being fetched: concurrent requests of that key wait for it instead of each
  // taking a lease of its own.
  const fetching = new Map<string, Promise<void>>();

  const spend = (lease: Lease | undefined, now: number): CounterResult | null => {
    if (!lease || lease.left <= 0 || now >= lease.windowEnd) return null;
    lease.left--;
    return { allowed: true, msBeforeNext: lease.windowEnd - now, consumed: limit - lease.left };
  };

  async function refill(key: string): Promise<CounterResult> {
    const now = clock();
    const result = await counter.consume(key, size);
    // Slots this increment won: those between the count before it and the limit.
    const won = Math.max(0, Math.min(size, limit - (result.consumed - size)));
    if (won === 0) return { allowed: false, msBeforeNext: result.msBeforeNext, consumed: result.consumed };
    leases.set(key, { left: won - 1, windowEnd: now + result.msBeforeNext });
    return { allowed: true, msBeforeNext: result.msBeforeNext, consumed: result.consumed };
  }

  return {
    async take(key) {
      for (;;) {
        const local = spend(leases.get(key), clock());
        if (local) return local;
        const pending = fetching.get(key);
        if (!pending) break;
        await pending;
      }
      const result = refill(key);
      const done = result.then(
        () => undefined,
        () => undefined,
      );
      fetching.set(key, done);
      try {
        return await result;
      } finally {
        fetching.delete(key);
      }
    },
  };
}
