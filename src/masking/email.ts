// EMAIL. Pure; a value that is not one address (local@domain.tld) is hidden, never passed through.
//
// Formats, for ZhangSan@QQ.com:
//   clear    the stored value unchanged
//   partial  first character of the local part + one star per other character + @domain
//            Z*******@qq.com   (a one-character local part is fully starred: *@qq.com)
//   domain   three stars + @domain (the local part's length is not revealed)   ***@qq.com
//   token    mail_ + 24 hex of the NFKC, lower-cased address
// The domain is lower-cased in masked forms: it is case-insensitive, and one spelling per
// domain keeps masks of the same address identical across rows.
import type { LevelOf } from '../policy/classes';
import { HIDDEN, shown, type MaskContext, type Masked } from './types';
import { keyedToken } from './token';
import { stars } from './stars';

type EmailLevel = LevelOf<'EMAIL'>;

// Local part: RFC 5322 atext and dots, plus letters and digits of any script (RFC 6531).
// Domain: LDH labels (any script, for IDNs), a final label of at least two letters.
const ADDRESS =
  /^([\p{L}\p{N}!#$%&'+/=?^_`{|}~-](?:[\p{L}\p{N}!#$%&'+/=?^_`{|}~.-]{0,62}[\p{L}\p{N}!#$%&'+/=?^_`{|}~-])?)@((?:[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?\.)+\p{L}{2,63})$/u;

export interface EmailParts {
  local: string;
  domain: string;
}

export function parseEmail(raw: string): EmailParts | null {
  if (typeof raw !== 'string' || raw.length > 254) return null;
  const m = ADDRESS.exec(raw.trim());
  if (m === null || m[1]!.includes('..')) return null;
  return { local: m[1]!, domain: m[2]!.toLowerCase() };
}

/** The partial form (free-text scanning shares it). */
export function emailPartial(e: EmailParts): string {
  // Count code points, not UTF-16 units, so a CJK or emoji local part gets one star per character.
  let n = 0;
  for (const _ of e.local) n++;
  if (n === 1) return `*@${e.domain}`;
  const first = String.fromCodePoint(e.local.codePointAt(0)!);
  return `${first}${stars(n - 1)}@${e.domain}`;
}

export function maskEmail(raw: string, level: EmailLevel, ctx: MaskContext): Masked<EmailLevel> {
  if (typeof raw !== 'string' || level === 'hidden') return HIDDEN;
  if (level === 'clear') return shown(raw, 'clear');
  const e = parseEmail(raw);
  if (e === null) return HIDDEN;
  switch (level) {
    case 'partial':
      return shown(emailPartial(e), 'partial');
    case 'domain':
      return shown(`***@${e.domain}`, 'domain');
    case 'token': {
      const t = keyedToken('mail', `${e.local}@${e.domain}`.normalize('NFKC').toLowerCase(), ctx.tokenKey);
      return t === null ? HIDDEN : shown(t, 'token');
    }
    default:
      return HIDDEN;
  }
}
