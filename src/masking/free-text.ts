// FREE_TEXT — notes and summaries that may contain phone, ID and card numbers and emails.
// Pure. `inline` masks each one found in place, in the form its own class uses, and leaves the
// rest of the text as it is:
//   mainland mobile (bare, +86 / 0086 / 86, 3-4-4 / 3-8 / 7-4 groups)  → 138****5678
//   +country international number (libphonenumber)                   → +44 ******0958
//   18-digit (X allowed) or 15-digit ID number passing GB 11643       → 1*************1234
//   13–19 digit card number passing Luhn (bare, 4-4-4-4[-1..4], 4-6-5, 4-6-4) → **** 0123
//   email address                                                     → z*******@qq.com
// The text is normalised first (normalise-text.ts: NFKC, other scripts' digits): full-width
// １３８－１２３４－５６７８ is found like 138-1234-5678, and masked in the original text at the
// span it was typed in. A number is only recognised as a whole run of digits: groups joined by
// one to three separators (spaces, dashes, dots, slashes, brackets, middle dots) count as one run,
// split only at group boundaries, so a mobile number is never found inside a longer order number
// and a run that fails its checksum stays untouched. How the digits are grouped is free as long
// as no group is a lone digit (that is how versions and dates are written: 13.8.1234.5678), or
// every group is (1 3 8 1 2 3 4 5 6 7 8); card numbers keep the layouts cards are printed in.
// `clear` returns the text unchanged.
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { LevelOf } from '../policy/classes';
import { HIDDEN, shown, type InlineCaps, type Masked } from './types';
import { cnMobilePartial, intlPartial } from './phone';
import { stars } from './stars';
import { parseCnIdNumber } from './gb11643';
import { idPartial } from './national-id';
import { isLuhnValid } from './luhn';
import { cardLast4 } from './bank-card';
import { emailPartial, parseEmail } from './email';
import { normaliseForScan, originalSpan } from './normalise-text';

type FreeTextLevel = LevelOf<'FREE_TEXT'>;

const LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
const EMAIL_SRC = `(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1,64}@${LABEL}(?:\\.${LABEL})*\\.[A-Za-z]{2,63}`;
// Separators people type between digit groups (after NFKC: the full-width and ideographic forms
// are already ASCII here): space, tab, hyphen and dashes, minus, dot, slash, brackets, middle dots.
const SEP = '[ \\t\\-\\u2010-\\u2015\\u2212./()\\u00B7\\u30FB]';
// A maximal run: optional +, digit groups joined by one to three separators, an optional
// trailing X (ID check character). Not preceded or followed by a digit, so runs are never split
// mid-group.
const NUMBER_SRC = `(?<![0-9])\\+?[0-9]+(?:${SEP}{1,3}[0-9]+)*[Xx]?(?![0-9])`;
// matchAll() works on a copy of the pattern, so these shared /g patterns carry no state between
// calls.
const MASTER = new RegExp(`(${EMAIL_SRC})|(${NUMBER_SRC})`, 'g');
const NUMBER_ONLY = new RegExp(NUMBER_SRC, 'g');
// Digits or @ in any script or width: anything else cannot hold a value.
const ANY_CANDIDATE = /[@\uFF20\uFE6B]|\p{Nd}/u;
const ALL_DIGITS = /^[0-9]+$/;
const CN_MOBILE_DIGITS = /^1[3-9][0-9]{9}$/;
const CN_PREFIXES = ['0086', '86'] as const;
// Fewest digits a recognisable number has: a mainland mobile has 11; with a +country code, a
// short national number (+65 9123 4567) can make 10, and nothing under 8 is worth parsing.
const minDigits = (plus: boolean): number => (plus ? 8 : 11);
// Lengths a value without + can have: mobile (11, or 13 / 15 behind 86 / 0086), ID (15, 18
// with its X), card (13–19).
const VALUE_LENGTHS: ReadonlySet<number> = new Set([11, 13, 14, 15, 16, 17, 18, 19]);
// Longest span worth assembling: a 19-digit card, or 0086 + 11 + slack for a country prefix.
const MAX_SPAN_DIGITS = 20;

export const DEFAULT_INLINE_CAPS: InlineCaps = Object.freeze({ PHONE: 'partial', NATIONAL_ID: 'partial', BANK_CARD: 'last4', EMAIL: 'partial' });

/** Caps from the caller's view levels of the embedded classes (anything unknown: hidden). */
export function inlineCapsFor(levels: { PHONE: string; NATIONAL_ID: string; BANK_CARD: string; EMAIL: string }): InlineCaps {
  const pick = <T extends string>(level: string, map: Record<string, T>, fallback: T): T => map[level] ?? fallback;
  return Object.freeze({
    PHONE: pick(levels.PHONE, { clear: 'partial', partial: 'partial', last4: 'last4' }, 'hidden'),
    NATIONAL_ID: pick(levels.NATIONAL_ID, { clear: 'partial', partial: 'partial', last4: 'last4' }, 'hidden'),
    BANK_CARD: pick(levels.BANK_CARD, { clear: 'last4', bin_last4: 'last4', last4: 'last4' }, 'hidden'),
    EMAIL: pick(levels.EMAIL, { clear: 'partial', partial: 'partial', domain: 'domain' }, 'hidden'),
  });
}

export function maskFreeText(raw: string, level: FreeTextLevel, caps: InlineCaps = DEFAULT_INLINE_CAPS): Masked<FreeTextLevel> {
  if (typeof raw !== 'string' || level === 'hidden') return HIDDEN;
  if (level === 'clear') return shown(raw, 'clear');
  if (level === 'inline') return shown(maskInline(raw, caps), 'inline');
  return HIDDEN;
}

/** The text with every recognised phone, ID, card number and email masked in place. */
export function maskInline(text: string, caps: InlineCaps = DEFAULT_INLINE_CAPS): string {
  if (!ANY_CANDIDATE.test(text)) return text;
  const norm = normaliseForScan(text);
  const edits: Edit[] = [];
  for (const m of norm.text.matchAll(MASTER)) {
    const at = m.index;
    const email = m[1];
    if (email !== undefined) {
      const e = parseEmail(email);
      if (e !== null) {
        edits.push({ from: at, to: at + email.length, text: caps.EMAIL === 'partial' ? emailPartial(e) : caps.EMAIL === 'domain' ? `***@${e.domain}` : '***@***' });
        continue;
      }
      // Not an address after all: still look for numbers inside it.
      for (const run of email.matchAll(NUMBER_ONLY)) for (const ed of runEdits(run[0], caps)) edits.push(shift(ed, at + run.index));
      continue;
    }
    for (const ed of runEdits(m[0], caps)) edits.push(shift(ed, at));
  }
  if (edits.length === 0) return text;
  // Applied to the original text: each edit replaces the characters its span was typed as.
  let out = '';
  let copied = 0;
  for (const ed of edits) {
    const [start, end] = originalSpan(norm, ed.from, ed.to);
    out += text.slice(copied, start) + ed.text;
    copied = end;
  }
  return out + text.slice(copied);
}

/** Replace [from, to) of the scanned text with `text`. */
interface Edit {
  readonly from: number;
  readonly to: number;
  readonly text: string;
}

function shift(ed: Edit, by: number): Edit {
  return { from: ed.from + by, to: ed.to + by, text: ed.text };
}

// Less revealing forms of the inline ones; each shows a subset of the form it is derived from.
function capPhone(partial: string, cap: InlineCaps['PHONE']): string {
  if (cap === 'partial') return partial;
  const lastDigits = partial.slice(-4);
  return cap === 'last4' ? `${partial.slice(0, -4).replace(/[^ ]/g, '*')}${lastDigits}` : partial.replace(/[^ ]/g, '*');
}

function capId(partial: string, cap: InlineCaps['NATIONAL_ID']): string {
  if (cap === 'partial') return partial;
  return cap === 'last4' ? `*${partial.slice(1)}` : stars(partial.length);
}

function capCard(last4: string, cap: InlineCaps['BANK_CARD']): string {
  return cap === 'last4' ? last4 : '**** ****';
}

const isDigit = (c: number) => c >= 48 && c <= 57;

/** The masked spans of one digit run, in order; empty when none is found. */
function runEdits(run: string, caps: InlineCaps): Edit[] {
  const plus = run.charCodeAt(0) === 43; // '+'
  const x = run.endsWith('X') || run.endsWith('x');
  const body = run.slice(plus ? 1 : 0, x ? -1 : undefined);
  if (ALL_DIGITS.test(body)) {
    // One contiguous group: the common case, no span search.
    if (body.length < minDigits(plus)) return [];
    if (x && !plus) {
      const withX = classify(`${body}X`, [body.length + 1], false, caps);
      if (withX !== null) return [{ from: 0, to: run.length, text: withX }];
    }
    const m = classify(body, [body.length], plus, caps);
    return m === null ? [] : [{ from: 0, to: x ? run.length - 1 : run.length, text: m }];
  }
  return groupEdits(run, plus, x, caps);
}

// A grouped run: try spans of whole groups, leftmost first and longest first, so that a date or
// a count written next to a number (2024-05-17 138 1234 5678) does not hide it.
function groupEdits(run: string, plus: boolean, x: boolean, caps: InlineCaps): Edit[] {
  const starts: number[] = [];
  const ends: number[] = [];
  const limit = x ? run.length - 1 : run.length;
  for (let i = plus ? 1 : 0; i < limit; ) {
    const s = i;
    while (i < limit && isDigit(run.charCodeAt(i))) i++;
    starts.push(s);
    ends.push(i);
    while (i < limit && !isDigit(run.charCodeAt(i))) i++; // the separators
  }
  const n = starts.length;
  // prefix[k]: digits in groups before k, so a span's length is one subtraction.
  const prefix = new Int32Array(n + 1);
  for (let k = 0; k < n; k++) prefix[k + 1] = prefix[k]! + ends[k]! - starts[k]!;
  const edits: Edit[] = [];
  let i = 0;
  while (i < n) {
    // Widest span starting at group i that can still be one value: bounded by MAX_SPAN_DIGITS,
    // so the search is linear in the number of groups, however long the run.
    let last = i;
    let width = ends[i]! - starts[i]!;
    while (last + 1 < n && width + ends[last + 1]! - starts[last + 1]! <= MAX_SPAN_DIGITS) {
      last++;
      width += ends[last]! - starts[last]!;
    }
    // The widest span's digits and group lengths, once; narrower spans are prefixes of them.
    let widest = '';
    const widestLens: number[] = [];
    for (let k = i; k <= last; k++) {
      widest += run.slice(starts[k], ends[k]);
      widestLens.push(ends[k]! - starts[k]!);
    }
    let found = false;
    for (let j = last; j >= i && !found; j--) {
      const total = prefix[j + 1]! - prefix[i]!;
      const spanPlus = plus && i === 0;
      const tryX = x && j === n - 1;
      if (total > MAX_SPAN_DIGITS || total < minDigits(spanPlus)) continue;
      if (!spanPlus && !VALUE_LENGTHS.has(total) && !(tryX && VALUE_LENGTHS.has(total + 1))) continue;
      const lens = widestLens.slice(0, j - i + 1);
      const digits = widest.slice(0, total);
      let masked: string | null = null;
      let spanEnd = ends[j]!;
      if (tryX) {
        lens[lens.length - 1] += 1;
        masked = classify(`${digits}X`, lens, spanPlus, caps);
        lens[lens.length - 1] -= 1;
        if (masked !== null) spanEnd = run.length;
      }
      masked ??= classify(digits, lens, spanPlus, caps);
      if (masked !== null) {
        edits.push({ from: spanPlus ? 0 : starts[i]!, to: spanEnd, text: masked });
        i = j + 1;
        found = true;
      }
    }
    if (!found) i++;
  }
  return edits;
}

/** The masked form for a span's characters (digits, maybe a final X), or null if it is none. */
function classify(chars: string, lens: readonly number[], plus: boolean, caps: InlineCaps): string | null {
  if (plus) return classifyInternational(chars, lens, caps);
  const len = chars.length;
  // Mainland mobile, optionally behind a bare 86 / 0086 prefix (its own group or run together).
  if (len === 11 && CN_MOBILE_DIGITS.test(chars) && mobileLayout(lens, 0)) return capPhone(cnMobilePartial(chars), caps.PHONE);
  for (const p of CN_PREFIXES) {
    if (len === 11 + p.length && chars.startsWith(p) && CN_MOBILE_DIGITS.test(chars.slice(p.length))) {
      const rest = lens.length === 1 ? [11] : lens[0] === p.length ? lens.slice(1) : null;
      if (rest !== null && mobileLayout(rest, 0)) return capPhone(cnMobilePartial(chars.slice(p.length)), caps.PHONE);
    }
  }
  if ((len === 18 && idLayout18(lens)) || (len === 15 && idLayout15(lens))) {
    const id = parseCnIdNumber(chars);
    if (id !== null) return capId(idPartial(id), caps.NATIONAL_ID);
  }
  if (len >= 13 && len <= 19 && ALL_DIGITS.test(chars) && cardLayout(lens) && isLuhnValid(chars)) {
    return capCard(cardLast4(chars), caps.BANK_CARD);
  }
  return null;
}

function classifyInternational(digits: string, lens: readonly number[], caps: InlineCaps): string | null {
  if (!ALL_DIGITS.test(digits)) return null;
  if (digits.startsWith('86') && CN_MOBILE_DIGITS.test(digits.slice(2))) {
    const rest = lens.length === 1 ? [11] : lens[0] === 2 ? lens.slice(1) : null;
    if (rest !== null && mobileLayout(rest, 0)) return capPhone(cnMobilePartial(digits.slice(2)), caps.PHONE);
  }
  const p = parsePhoneNumberFromString(`+${digits}`);
  if (p === undefined || !p.isValid()) return null;
  const partial = intlPartial(p.countryCallingCode, p.nationalNumber);
  return partial === null ? null : capPhone(partial, caps.PHONE);
}

function same(lens: readonly number[], from: number, layout: readonly number[]): boolean {
  if (lens.length - from !== layout.length) return false;
  for (let k = 0; k < layout.length; k++) if (lens[from + k] !== layout[k]) return false;
  return true;
}

// Phones and ID numbers are grouped however the writer likes (3-4-4, 4-4-3, 3-2-2-2-2, fours
// for IDs …): any grouping counts except one with a lone digit among longer groups, which is how
// versions, dates and amounts look (13.8.1234.5678); every digit on its own counts too.
function freeGrouping(lens: readonly number[], from: number): boolean {
  if (lens.length - from <= 1) return true;
  let ones = 0;
  for (let k = from; k < lens.length; k++) if (lens[k] === 1) ones++;
  return ones === 0 || ones === lens.length - from;
}

function mobileLayout(lens: readonly number[], from: number): boolean {
  return freeGrouping(lens, from);
}

function idLayout18(lens: readonly number[]): boolean {
  return freeGrouping(lens, 0);
}

const ID15_LAYOUTS = [[15], [6, 6, 3]] as const;
function idLayout15(lens: readonly number[]): boolean {
  return ID15_LAYOUTS.some((l) => same(lens, 0, l));
}

// Card numbers are printed in fours (the last group shorter), or 4-6-5 / 4-6-4 (Amex, Diners),
// or written as the 6-digit BIN and the rest. Luhn passes one random run in ten, so cards keep
// these layouts instead of any grouping.
function cardLayout(lens: readonly number[]): boolean {
  if (lens.length === 1) return true;
  if (same(lens, 0, [4, 6, 5]) || same(lens, 0, [4, 6, 4])) return true;
  if (lens.length === 2 && lens[0] === 6) return true;
  if (lens.length < 3) return false;
  for (let k = 0; k < lens.length - 1; k++) if (lens[k] !== 4) return false;
  const last = lens[lens.length - 1]!;
  return last >= 1 && last <= 4;
}
