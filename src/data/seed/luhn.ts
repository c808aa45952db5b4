// The Luhn (mod 10) check digit of payment card numbers, UnionPay included (ISO/IEC 7812).
// Validation lives with the maskers (src/masking/luhn.ts); this side only computes check digits.

/** The digit to append to `payload` so that the whole number passes the Luhn check. */
export function luhnCheckDigit(payload: string): string {
  if (!/^\d+$/.test(payload)) throw new RangeError('expected digits');
  // Doubling starts at the rightmost payload digit, since the check digit will follow it.
  let sum = 0;
  for (let i = payload.length - 1, double = true; i >= 0; i--, double = !double) {
    let d = payload.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}
