// Test data builders: real-looking, checksum-correct values computed here rather than pasted,
// so every ID and card number in the tests is valid by construction unless a test breaks it.
import { deriveDomainKey, type MaskContext } from '../../src/masking/index';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/** 18-digit resident ID: area (6) + YYYYMMDD + sequence (3) + GB 11643 check character. */
export function makeId(area: string, ymd: string, seq: string): string {
  const first17 = area + ymd + seq;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return first17 + '10X98765432'[sum % 11];
}

/** Completes `prefix` with random-looking digits and a Luhn check digit to `length` digits. */
export function makeCard(prefix: string, length: number, fill = '3141592653589793238'): string {
  const body = prefix + fill.slice(0, length - 1 - prefix.length);
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return body + ((10 - (sum % 10)) % 10);
}

/** Deterministic PRNG (mulberry32) for generated batches. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
export const digits = (r: () => number, n: number): string => {
  let s = '';
  for (let i = 0; i < n; i++) s += Math.floor(r() * 10);
  return s;
};

export const KEY_CRM = deriveDomainKey('test-master-key-0123456789abcdef', 'crm');
export const KEY_BI = deriveDomainKey('test-master-key-0123456789abcdef', 'bi');
export const NOW = new Date('2024-06-01T08:00:00Z');

export function ctx(over: Partial<MaskContext> = {}): MaskContext {
  return { tokenKey: KEY_CRM, now: NOW, gender: null, ...over };
}

/**
 * True when `lower` reveals nothing that `higher` hides: every character of `lower` other than
 * '*' and spaces appears at the same position in `higher`, counting from the end (right) or the
 * start (left), spaces ignored on both sides.
 */
export function nestedIn(lower: string, higher: string, align: 'left' | 'right'): boolean {
  const lo = lower.replace(/ /g, '');
  const hi = higher.replace(/ /g, '');
  for (let i = 0; i < lo.length; i++) {
    const c = align === 'right' ? lo[lo.length - 1 - i] : lo[i];
    const h = align === 'right' ? hi[hi.length - 1 - i] : hi[i];
    if (c === '*') continue;
    if (c !== h) return false;
  }
  return true;
}
