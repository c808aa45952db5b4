// A small seeded PRNG (sfc32, seeded through murmur3's finaliser) so the synthetic data set is
// identical for the same seed on every machine and Node version: Math.random cannot be seeded,
// and the data set must be reproducible byte for byte (ObjectIds and dates included).
//
// Every customer gets its own stream, keyed by (seed, stream, index). A customer's documents
// therefore do not depend on how many customers came before it or on the chunk size used to
// generate them, which is what lets large data sets be produced and inserted in pieces.

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Hashes a list of non-negative safe integers into one 32-bit value. */
function hashKeys(keys: readonly number[], salt: number): number {
  let h = salt >>> 0;
  for (const key of keys) {
    // Both halves, so seeds above 2^32 still differ from their low 32 bits.
    h = fmix32(h ^ (key >>> 0)) + 0x9e3779b9;
    h = fmix32(h ^ Math.floor(key / 0x1_0000_0000)) + 0x7f4a7c15;
  }
  return fmix32(h);
}

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** `keys` identify the stream, e.g. (seed, STREAM_CUSTOMERS, customerIndex). */
  constructor(...keys: number[]) {
    for (const key of keys) {
      if (!Number.isSafeInteger(key) || key < 0) throw new RangeError(`PRNG key must be a non-negative safe integer, got ${key}`);
    }
    this.a = hashKeys(keys, 0x243f6a88);
    this.b = hashKeys(keys, 0x85a308d3);
    this.c = hashKeys(keys, 0x13198a2e);
    this.d = 1;
    // Discard the first outputs: sfc32 needs a few rounds to mix its seed.
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextUint32() / 0x1_0000_0000;
  }

  /** Uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** Picks from a table built by `weighted()`. */
  pickWeighted<T>(table: WeightedTable<T>): T {
    const r = this.next() * table.total;
    const { cumulative, items } = table;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (r < cumulative[mid]) hi = mid;
      else lo = mid + 1;
    }
    return items[lo];
  }

  /** `n` decimal digits, leading zeros allowed. */
  digits(n: number): string {
    let out = '';
    for (let i = 0; i < n; i++) out += String.fromCharCode(48 + Math.floor(this.next() * 10));
    return out;
  }

  /** `bytes` random bytes as lower-case hex. */
  hex(bytes: number): string {
    let out = '';
    for (let i = 0; i < bytes; i++) out += HEX_BYTE[this.nextUint32() & 0xff];
    return out;
  }
}

const HEX_BYTE = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export interface WeightedTable<T> {
  readonly items: readonly T[];
  readonly cumulative: readonly number[];
  readonly total: number;
}

/** Builds a lookup table for weighted picks from `[item, weight]` pairs. */
export function weighted<T>(entries: readonly (readonly [T, number])[]): WeightedTable<T> {
  const items: T[] = [];
  const cumulative: number[] = [];
  let total = 0;
  for (const [item, weight] of entries) {
    if (!(weight > 0)) throw new RangeError('weights must be positive');
    total += weight;
    items.push(item);
    cumulative.push(total);
  }
  return { items, cumulative, total };
}
