// The maskers' public surface: dispatch by data class, plus the helpers other folders need
// (key derivation for config, normalisers for exact lookups). Each class lives in its own module;
// this file only routes. Pure: no I/O, no clock, no module state.
import { isDataClass, isLevelOf, type DataClass } from '../policy/classes';
import { HIDDEN, type MaskContext, type Masked } from './types';
import { maskPhone } from './phone';
import { maskNationalId } from './national-id';
import { maskBankCard } from './bank-card';
import { maskName } from './name';
import { maskEmail } from './email';
import { maskAddress } from './address';
import { maskBirthDate } from './birth-date';
import { maskFreeText } from './free-text';

export type { MaskContext, Masked } from './types';
export { deriveDomainKey } from './token';
export { normaliseCnMobile, normalisePhone } from './phone';
export { isValidCnIdNumber } from './gb11643';
export { isLuhnValid } from './luhn';
export { inlineCapsFor } from './free-text';
export type { InlineCaps } from './types';

/**
 * Masks one stored value for one class at one level. Unknown class or level, a missing value,
 * or a value the class's masker cannot parse → { value: null, served: 'hidden' }: fail closed.
 * `served` is the level actually applied, which can be less revealing than asked for.
 */
export function applyMask(cls: DataClass, raw: unknown, level: string, ctx: MaskContext): Masked {
  if (raw === null || raw === undefined || !isDataClass(cls)) return HIDDEN;
  switch (cls) {
    case 'PHONE':
      return isLevelOf(cls, level) && typeof raw === 'string' ? maskPhone(raw, level, ctx) : HIDDEN;
    case 'NATIONAL_ID':
      return isLevelOf(cls, level) && typeof raw === 'string' ? maskNationalId(raw, level, ctx) : HIDDEN;
    case 'BANK_CARD':
      return isLevelOf(cls, level) && typeof raw === 'string' ? maskBankCard(raw, level, ctx) : HIDDEN;
    case 'NAME':
      return isLevelOf(cls, level) && typeof raw === 'string' ? maskName(raw, level, ctx) : HIDDEN;
    case 'EMAIL':
      return isLevelOf(cls, level) && typeof raw === 'string' ? maskEmail(raw, level, ctx) : HIDDEN;
    case 'ADDRESS':
      return isLevelOf(cls, level) ? maskAddress(raw, level) : HIDDEN;
    case 'BIRTH_DATE':
      return isLevelOf(cls, level) ? maskBirthDate(raw, level, ctx) : HIDDEN;
    case 'FREE_TEXT':
      return isLevelOf(cls, level) && typeof raw === 'string' ? maskFreeText(raw, level, ctx.inlineCaps) : HIDDEN;
    default:
      return HIDDEN;
  }
}
