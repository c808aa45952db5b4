// Resident identity numbers (GB 11643-1999): 6-digit GB/T 2260 area code, 8-digit birth date,
// 3-digit sequence (odd = male), ISO 7064 MOD 11-2 check character (0-9 or X). The 15-digit
// numbers issued before 1999 have a 6-digit birth date (19YYMMDD), a 3-digit sequence and no
// check character. Validating area and date as well as the checksum keeps order numbers out:
// the checksum alone accepts one random 18-digit run in eleven.
import { provinceByCode } from './divisions';
import { isCalendarDate } from './age-band';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';

const SEPARATORS = /[\s-]/g;
const SHAPE_18 = /^\d{17}[\dX]$/;
const SHAPE_15 = /^\d{15}$/;

export interface CnIdNumber {
  /** The number as written, separators removed, `x` upper-cased (15 or 18 characters). */
  digits: string;
  /** The 18-digit form (15-digit numbers upgraded: 19 inserted, check character computed). */
  canonical: string;
  provinceCode: string;
  year: number;
  month: number;
  day: number;
  male: boolean;
}

/** The check character for the first 17 digits. */
export function gb11643CheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

/** Parses and fully validates (shape, province, date, checksum); null when not a valid number. */
export function parseCnIdNumber(raw: string): CnIdNumber | null {
  let s = raw;
  // Fast path: stored numbers are normally already bare; only allocate when cleaning is needed.
  if (!SHAPE_18.test(s) && !SHAPE_15.test(s)) {
    s = raw.trim().replace(SEPARATORS, '').toUpperCase();
  }
  if (SHAPE_18.test(s)) {
    const year = num(s, 6, 4);
    const month = num(s, 10, 2);
    const day = num(s, 12, 2);
    if (!isCalendarDate(year, month, day) || year < 1900) return null;
    if (gb11643CheckChar(s) !== s[17]) return null;
    const provinceCode = s.slice(0, 2);
    if (provinceByCode(provinceCode) === undefined) return null;
    return { digits: s, canonical: s, provinceCode, year, month, day, male: (s.charCodeAt(16) - 48) % 2 === 1 };
  }
  if (SHAPE_15.test(s)) {
    const year = 1900 + num(s, 6, 2);
    const month = num(s, 8, 2);
    const day = num(s, 10, 2);
    if (!isCalendarDate(year, month, day)) return null;
    const provinceCode = s.slice(0, 2);
    if (provinceByCode(provinceCode) === undefined) return null;
    const first17 = `${s.slice(0, 6)}19${s.slice(6)}`;
    return {
      digits: s,
      canonical: first17 + gb11643CheckChar(first17),
      provinceCode,
      year,
      month,
      day,
      male: (s.charCodeAt(14) - 48) % 2 === 1,
    };
  }
  return null;
}

/** 18-digit GB 11643 number (X allowed) or 15-digit legacy number with a valid area and date. */
export function isValidCnIdNumber(raw: string): boolean {
  return typeof raw === 'string' && parseCnIdNumber(raw) !== null;
}

function num(s: string, start: number, len: number): number {
  let n = 0;
  for (let i = start; i < start + len; i++) n = n * 10 + (s.charCodeAt(i) - 48);
  return n;
}
