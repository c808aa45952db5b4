// The result shape every masker returns, shared by the per-class modules and re-exported from
// index.ts. Kept in its own file so the class modules never import index.ts (no import cycle).
import type { Level } from '../policy/classes';

/**
 * How far each class found inside a text may be shown: never more than the caller sees of the
 * same class in its own field (docs/design.md, "Data classes and levels": masks of different lengths across screens can be
 * spliced together), and never more than the inline form. Build it with inlineCapsFor().
 */
export interface InlineCaps {
  readonly PHONE: 'partial' | 'last4' | 'hidden';
  readonly NATIONAL_ID: 'partial' | 'last4' | 'hidden';
  readonly BANK_CARD: 'last4' | 'hidden';
  readonly EMAIL: 'partial' | 'domain' | 'hidden';
}

export interface MaskContext {
  /** Per-pseudonymisation-domain HMAC key (see deriveDomainKey). */
  tokenKey: Buffer;
  /** Reference date for age bands; maskers never read the clock. */
  now: Date;
  /** For the NAME honorific. */
  gender?: 'M' | 'F' | null;
  /** FREE_TEXT inline: how far values of other classes found in a text may be shown. */
  inlineCaps?: InlineCaps;
}

/** `value` is null exactly when `served` is 'hidden' (the value is withheld). */
export interface Masked<L extends string = Level> {
  value: string | null;
  served: L;
}

// One shared, frozen result for every withheld value: the hot path allocates nothing to hide.
export const HIDDEN: Readonly<Masked<'hidden'>> = Object.freeze({ value: null, served: 'hidden' });

export function shown<L extends string>(value: string, served: L): Masked<L> {
  return { value, served };
}
