// Validation of contact details written through mutations. Values are normalised to the form
// the store keeps (mobiles as 11 digits, international numbers as E.164, emails lower-cased
// domain); errors name the field and never echo the value.
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { z } from 'zod';
import { gatewayError } from '../errors';
import { isValidCnIdNumber, normaliseCnMobile } from '../masking';

const emailSchema = z.email();

export function normalisePhoneInput(raw: string, field: string): string {
  const cn = normaliseCnMobile(raw);
  if (cn) return cn;
  const trimmed = raw.trim();
  if (trimmed.startsWith('+')) {
    const parsed = parsePhoneNumberFromString(trimmed);
    if (parsed?.isValid()) return parsed.number;
  }
  throw gatewayError('INVALID_PHONE', undefined, { field });
}

export function normaliseEmailInput(raw: string, field: string): string {
  const trimmed = raw.trim();
  if (trimmed.length > 254 || !emailSchema.safeParse(trimmed).success) throw gatewayError('INVALID_EMAIL', undefined, { field });
  const at = trimmed.lastIndexOf('@');
  return trimmed.slice(0, at) + trimmed.slice(at).toLowerCase();
}

export function normaliseIdNumberInput(raw: string, field: string): string {
  const value = raw.trim().toUpperCase();
  if (value.length !== 18 || !isValidCnIdNumber(value)) throw gatewayError('INVALID_ID_NUMBER', undefined, { field });
  return value;
}
