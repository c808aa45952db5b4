// BANK_CARD — payment card numbers (UnionPay 62…, Visa, Mastercard, Amex, …). Pure; anything
// that is not 13–19 digits passing Luhn after dropping spaces and dashes is hidden.
//
// Formats, for 6222021234567890123:
//   clear      the stored value unchanged (the default policy never grants it; PCI DSS 3.4)
//   bin_last4  first 6 + one star per hidden digit + last 4, no separators   622202*********0123
//   last4      4 stars, a space, last 4 (the length is not revealed)          **** 0123
//   token      card_ + 24 hex of the bare digits
// BIN + last 4 is the most PCI DSS allows to display; the BIN names the issuer, not the holder.
import type { LevelOf } from '../policy/classes';
import { HIDDEN, shown, type MaskContext, type Masked } from './types';
import { isLuhnValid } from './luhn';
import { keyedToken } from './token';
import { stars } from './stars';

type CardLevel = LevelOf<'BANK_CARD'>;

const BARE = /^\d{13,19}$/;
const SEPARATORS = /[\s-]/g;

/** Bare digits of a valid card number, or null. */
export function normaliseCardNumber(raw: string): string | null {
  if (typeof raw !== 'string') return null;
  const digits = BARE.test(raw) ? raw : raw.trim().replace(SEPARATORS, '');
  return BARE.test(digits) && isLuhnValid(digits) ? digits : null;
}

/** The last4 form (free-text scanning shares it). */
export function cardLast4(digits: string): string {
  return `**** ${digits.slice(-4)}`;
}

export function maskBankCard(raw: string, level: CardLevel, ctx: MaskContext): Masked<CardLevel> {
  if (typeof raw !== 'string' || level === 'hidden') return HIDDEN;
  if (level === 'clear') return shown(raw, 'clear');
  const digits = normaliseCardNumber(raw);
  if (digits === null) return HIDDEN;
  switch (level) {
    case 'bin_last4':
      return shown(`${digits.slice(0, 6)}${stars(digits.length - 10)}${digits.slice(-4)}`, 'bin_last4');
    case 'last4':
      return shown(cardLast4(digits), 'last4');
    case 'token': {
      const t = keyedToken('card', digits, ctx.tokenKey);
      return t === null ? HIDDEN : shown(t, 'token');
    }
    default:
      return HIDDEN;
  }
}
