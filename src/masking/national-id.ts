// NATIONAL_ID — resident identity numbers, 18-digit (GB 11643) and 15-digit legacy. Pure; a
// value that fails the checksum, area or date check is hidden, never passed through.
//
// Formats, for 110101199003071234 (15-digit numbers keep their own length):
//   clear    the stored value unchanged
//   partial  first 1 + stars + last 4           1*************1234   (15-digit: 1**********3002)
//   last4    stars + last 4                     **************1234
//   derived  gender·decade age band·province    男·30–39岁·北京市
//   token    nid_ + 24 hex of the 18-digit form (a 15-digit number and its 18-digit upgrade
//            give the same token, as they name the same person)
//
// Why partial shows the last 4 and not the level's first example last 2 (1***************34): levels
// must nest, and `last4` shows digits 15–16 that a last-2 partial hides, so a role with partial
// and a screen with last4 could be spliced into first 1 + last 4 anyway. Partial therefore shows
// exactly that union and nothing else. It never shows the area code or the birth date: first 6
// + last 4 plus a visible birth date rebuilds the whole number (docs/design.md, "The policy model").
//
// `derived` is a generalisation, not a character mask: it reveals the province (first two
// digits) and an age band that `last4` hides. The policy checker has to treat it as its own
// disclosure when combining it with other levels or fields.
import type { LevelOf } from '../policy/classes';
import { HIDDEN, shown, type MaskContext, type Masked } from './types';
import { parseCnIdNumber, type CnIdNumber } from './gb11643';
import { provinceByCode } from './divisions';
import { ageAt, decadeBand } from './age-band';
import { keyedToken } from './token';
import { stars } from './stars';

type IdLevel = LevelOf<'NATIONAL_ID'>;

/** The partial form of a parsed number (free-text scanning shares it). */
export function idPartial(id: CnIdNumber): string {
  const d = id.digits;
  return `${d[0]}${stars(d.length - 5)}${d.slice(-4)}`;
}

export function maskNationalId(raw: string, level: IdLevel, ctx: MaskContext): Masked<IdLevel> {
  if (typeof raw !== 'string' || level === 'hidden') return HIDDEN;
  if (level === 'clear') return shown(raw, 'clear');
  const id = parseCnIdNumber(raw);
  if (id === null) return HIDDEN;
  switch (level) {
    case 'partial':
      return shown(idPartial(id), 'partial');
    case 'last4':
      return shown(`${stars(id.digits.length - 4)}${id.digits.slice(-4)}`, 'last4');
    case 'derived': {
      const age = ageAt(id.year, id.month, id.day, ctx.now);
      const province = provinceByCode(id.provinceCode);
      if (age === null || province === undefined) return HIDDEN;
      return shown(`${id.male ? '男' : '女'}·${decadeBand(age)}岁·${province.name}`, 'derived');
    }
    case 'token': {
      const t = keyedToken('nid', id.canonical, ctx.tokenKey);
      return t === null ? HIDDEN : shown(t, 'token');
    }
    default:
      return HIDDEN;
  }
}
