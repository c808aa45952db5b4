// Text a user typed, on its way into the ledger: reveal reasons, the filters of ledger reads,
// operation names and request ids chosen by clients. The ledger is built for metadata and kept
// for months, and auditors read it back, so such text carries personal data into a place that
// must not hold any (docs/inference.md: text that users type). It is masked by the inline masker before it
// is stored — with every class fully starred, since the ledger's readers see no class in clear
// and the ledger is no second copy of the CRM — and its length is capped.
import { maskInline } from '../masking/free-text';
import type { InlineCaps } from '../masking/types';

const LEDGER_CAPS: InlineCaps = Object.freeze({ PHONE: 'hidden', NATIONAL_ID: 'hidden', BANK_CARD: 'hidden', EMAIL: 'hidden' });

/** Longest user-typed text stored in one ledger field, in characters. */
export const MAX_LEDGER_TEXT = 500;

/** The text masked, then cut to `max` characters (masking first: a cut could hide a number). */
export function ledgerText(text: string, max: number = MAX_LEDGER_TEXT): string {
  const masked = maskInline(text, LEDGER_CAPS);
  if (masked.length <= max) return masked;
  const chars = Array.from(masked);
  return chars.length <= max ? masked : `${chars.slice(0, max - 1).join('')}…`;
}
