// UnionPay card numbers on real issuer BINs with their real lengths, Luhn-valid.
import { luhnCheckDigit } from './luhn';
import { weighted, type Rng } from './prng';

// [BIN, card length, weight]
const BINS = weighted<readonly [string, number]>([
  [['622202', 19], 14], // ICBC debit
  [['621226', 19], 6], // ICBC debit
  [['622848', 19], 14], // Agricultural Bank of China debit
  [['621700', 19], 10], // China Construction Bank debit
  [['622700', 19], 6], // China Construction Bank debit
  [['621661', 19], 8], // Bank of China debit
  [['622262', 19], 6], // Bank of Communications debit
  [['622588', 16], 10], // China Merchants Bank debit
  [['621483', 16], 6], // China Merchants Bank debit
  [['622575', 16], 4], // China Merchants Bank credit
  [['622908', 18], 6], // Industrial Bank debit
]);

export function makeBankCard(rng: Rng): string {
  const [bin, length] = rng.pickWeighted(BINS);
  const payload = bin + rng.digits(length - bin.length - 1);
  return payload + luhnCheckDigit(payload);
}
