// Keeps BSON numeric types exact while mingo works on plain JS numbers.
//
// Commands are decoded with `promoteValues: false`, so every number arrives as Int32, Double or
// Long. `normalizeNumbers` turns them into JS numbers (what mingo can compare and increment) and,
// where bson's serializer would otherwise pick a different type on the way out (an integral
// double, or a long that fits in a double), records the original type in a hidden symbol-keyed
// map on the containing object. Symbol keys are invisible to bson, mingo and Object.keys, and are
// carried along by object spread. `restoreNumbers` re-applies them when a result is encoded.
import { type Binary, Double, Long } from 'bson';
import { comparableBinary } from './comparable-binary';
import { isPlainObject } from './keys';

type NumericHint = 'double' | 'long';
type Hints = Record<string, NumericHint>;

export const NUMERIC_HINTS: unique symbol = Symbol('bsonNumericHints');

type Container = (Record<string, unknown> | unknown[]) & { [NUMERIC_HINTS]?: Hints };

/** Normalizes a decoded value in place; returns whether any hint was recorded. */
export function normalizeNumbers(root: Container): boolean {
  let hinted = false;
  const visit = (c: Container): void => {
    const keys = Array.isArray(c) ? c.keys() : Object.keys(c);
    for (const k of keys) {
      const v = (c as Record<string | number, unknown>)[k];
      if (v === null || typeof v !== 'object') continue;
      const type = (v as { _bsontype?: string })._bsontype;
      if (type === 'Int32') {
        (c as Record<string | number, unknown>)[k] = (v as { value: number }).value;
      } else if (type === 'Double') {
        const n = (v as Double).value;
        (c as Record<string | number, unknown>)[k] = n;
        if (Number.isInteger(n) && n >= -2147483648 && n <= 2147483647) {
          hint(c, String(k), 'double');
          hinted = true;
        }
      } else if (type === 'Long') {
        const l = v as Long;
        const n = l.toNumber();
        if (Number.isSafeInteger(n)) {
          (c as Record<string | number, unknown>)[k] = n;
          hint(c, String(k), 'long');
          hinted = true;
        }
      } else if (type === 'Binary') {
        // Same walk, another exactness concern: see comparable-binary.ts.
        (c as Record<string | number, unknown>)[k] = comparableBinary(v as Binary);
      } else if (Array.isArray(v) || isPlainObject(v)) {
        visit(v as Container);
      }
    }
  };
  visit(root);
  return hinted;
}

function hint(c: Container, key: string, type: NumericHint): void {
  (c[NUMERIC_HINTS] ??= {})[key] = type;
}

/**
 * Returns `value` with recorded numeric types re-applied, copying only the objects that carry
 * hints (and their ancestors); untouched subtrees are shared, never cloned.
 */
export function restoreNumbers<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (!Array.isArray(value) && !isPlainObject(value)) return value;
  const c = value as unknown as Container;
  const hints = c[NUMERIC_HINTS];
  let copy: Record<string | number, unknown> | null = null;
  const keys = Array.isArray(c) ? c.keys() : Object.keys(c);
  for (const k of keys) {
    const v = (c as Record<string | number, unknown>)[k];
    let nv = v;
    const h = hints?.[String(k)];
    if (h !== undefined && typeof v === 'number') {
      if (h === 'double') nv = new Double(v);
      else if (Number.isInteger(v)) nv = Long.fromNumber(v);
    } else if (v !== null && typeof v === 'object') {
      nv = restoreNumbers(v);
    }
    if (nv !== v) {
      if (copy === null) copy = (Array.isArray(c) ? c.slice() : { ...(c as Record<string, unknown>) }) as Record<string | number, unknown>;
      copy[k] = nv;
    }
  }
  return (copy ?? value) as T;
}
