// PHONE — mainland mobiles and international numbers. Pure; a value it cannot parse is hidden,
// never passed through.
//
// Formats (each level shows a subset of the one before, aligned on the last digit):
//   CN mobile (11 digits, 1[3-9]…; +86 / 0086 / 86 prefixes and space, dash, dot, bracket
//   separators are accepted and dropped):
//     clear   the stored value unchanged        +86 138-1234-5678
//     partial first 3 + 4 stars + last 4       138****5678
//     last4   7 stars + last 4                  *******5678
//     token   tel_ + 24 hex                     tel_9f2c…  (HMAC of the E.164 form +8613812345678)
//   Any other number libphonenumber accepts (E.164 with +, or a CN landline such as 010-62345678):
//     partial +<country code> space, one star per hidden national digit, last 4   +44 ******0958
//     last4   7 stars + last 4, the same shape as for CN mobiles, so last4 never
//             reveals the country or the length                                   *******0958
//     token   tel_ + 24 hex of the E.164 form
//   National numbers shorter than 7 digits would show most of their digits in partial/last4:
//   those two levels are hidden for them; their token is still served.
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { LevelOf } from '../policy/classes';
import { HIDDEN, shown, type MaskContext, type Masked } from './types';
import { keyedToken } from './token';
import { stars } from './stars';

type PhoneLevel = LevelOf<'PHONE'>;

const CN_MOBILE = /^1[3-9]\d{9}$/;
const NON_ASCII = /[^\p{ASCII}]/u;
const CN_SEPARATORS = /[\s().-]/g;
const CN_PREFIXED = /^(?:\+86|0086|86)?(1[3-9]\d{9})$/;
const MIN_NATIONAL_DIGITS_FOR_LAST4 = 7;
const INTL_OR_TRUNK = /^\s*(?:\+|\(\+|\(?0)/;

/** '+86 138-1234-5678' → '13812345678'; null when the value is not a mainland mobile number. */
export function normaliseCnMobile(raw: string): string | null {
  if (typeof raw !== 'string') return null;
  if (CN_MOBILE.test(raw)) return raw; // the stored form: no allocation
  let s = NON_ASCII.test(raw) ? raw.normalize('NFKC') : raw; // full-width ＋８６ digits
  s = s.replace(CN_SEPARATORS, '');
  const m = CN_PREFIXED.exec(s);
  return m === null ? null : m[1]!;
}

interface IntlNumber {
  countryCode: string;
  national: string;
  e164: string;
}

function parseInternational(raw: string): IntlNumber | null {
  // CN as the default region: a number written without + or 00 is domestic, and then it must
  // start with the trunk prefix 0 (010-62345678). Anything else — a mobile with a digit missing,
  // a local number without its area code — is too ambiguous to mask by position.
  const s = NON_ASCII.test(raw) ? raw.normalize('NFKC') : raw;
  if (!INTL_OR_TRUNK.test(s)) return null;
  const p = parsePhoneNumberFromString(s, 'CN');
  if (p === undefined || !p.isValid()) return null;
  return { countryCode: p.countryCallingCode, national: p.nationalNumber, e164: p.number };
}

export function maskPhone(raw: string, level: PhoneLevel, ctx: MaskContext): Masked<PhoneLevel> {
  if (typeof raw !== 'string' || level === 'hidden') return HIDDEN;
  if (level === 'clear') return shown(raw, 'clear');

  const cn = normaliseCnMobile(raw);
  if (cn !== null) {
    if (level === 'partial') return shown(cnMobilePartial(cn), 'partial');
    if (level === 'last4') return shown(`*******${cn.slice(7)}`, 'last4');
    if (level === 'token') return tokenOrHidden(`+86${cn}`, ctx);
    return HIDDEN;
  }

  const intl = parseInternational(raw);
  if (intl === null) return HIDDEN;
  if (level === 'token') return tokenOrHidden(intl.e164, ctx);
  if (intl.national.length < MIN_NATIONAL_DIGITS_FOR_LAST4) return HIDDEN;
  if (level === 'partial') return shown(intlPartial(intl.countryCode, intl.national)!, 'partial');
  if (level === 'last4') return shown(`*******${intl.national.slice(-4)}`, 'last4');
  return HIDDEN;
}

/**
 * `+44 ******0958`: country code, one star per hidden national digit, last 4; null when the
 * national number is too short for its last 4 to be a small part of it (free text shares it).
 */
export function intlPartial(countryCode: string, national: string): string | null {
  const n = national.length;
  if (n < MIN_NATIONAL_DIGITS_FOR_LAST4) return null;
  return `+${countryCode} ${stars(n - 4)}${national.slice(n - 4)}`;
}

/** The E.164 form used for tokens and exact lookups; null when not a phone number. */
export function normalisePhone(raw: string): string | null {
  const cn = normaliseCnMobile(raw);
  if (cn !== null) return `+86${cn}`;
  return parseInternational(raw)?.e164 ?? null;
}

/** The partial form of a normalised mainland mobile (free-text scanning shares it). */
export function cnMobilePartial(cn: string): string {
  return `${cn.slice(0, 3)}****${cn.slice(7)}`;
}

function tokenOrHidden(normalised: string, ctx: MaskContext): Masked<PhoneLevel> {
  const t = keyedToken('tel', normalised, ctx.tokenKey);
  return t === null ? HIDDEN : shown(t, 'token');
}
