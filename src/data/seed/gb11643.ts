// Builds GB 11643-1999 citizen identity numbers: 6-digit region code, 8-digit birth date
// (YYYYMMDD), 3-digit sequence whose last digit is odd for men and even for women, and an
// ISO 7064 MOD 11-2 check digit ('X' stands for 10). Validation is the masking layer's job
// (src/masking/gb11643.ts); the tests check generated numbers with it, an implementation
// written independently of this one.

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

/** Check digit for the first 17 digits of an ID number. */
export function gb11643CheckDigit(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('expected 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * WEIGHTS[i];
  return CHECK[sum % 11];
}

/**
 * Builds an ID number from its parts. `serial` (0–499) picks the sequence code; its parity is
 * forced to agree with `gender` (odd for men, even for women).
 */
export function buildIdNumber(regionCode: string, birthDate: Date, gender: 'M' | 'F', serial: number): string {
  const yyyy = String(birthDate.getUTCFullYear()).padStart(4, '0');
  const mm = String(birthDate.getUTCMonth() + 1).padStart(2, '0');
  const dd = String(birthDate.getUTCDate()).padStart(2, '0');
  const sequence = String(2 * serial + (gender === 'M' ? 1 : 0)).padStart(3, '0');
  const first17 = `${regionCode}${yyyy}${mm}${dd}${sequence}`;
  return first17 + gb11643CheckDigit(first17);
}
