// BIRTH_DATE. Pure; the reference date for age bands is ctx.now, never the clock. A value that is
// not a real calendar date, or gives an age outside 0–130 at ctx.now, is hidden.
//
// Input: a Date (read in UTC: the store keeps birth dates at midnight UTC) or a 'YYYY-MM-DD'
// string (an ISO date-time's date part is accepted).
// Formats, for 1990-05-17 at now = 2024-06-01:
//   clear     YYYY-MM-DD (also for a stored date-time string)       1990-05-17
//   year      YYYY-**-**                                           1990-**-**
//   age_band  decade band, en dash, completed years at ctx.now     30–39
// A birth date with a partially masked ID number rebuilds the ID (docs/design.md, "The policy model"); the policy checker,
// not this module, keeps those two from being shown together.
import type { LevelOf } from '../policy/classes';
import { HIDDEN, shown, type MaskContext, type Masked } from './types';
import { ageAt, decadeBand, isCalendarDate } from './age-band';

type BirthLevel = LevelOf<'BIRTH_DATE'>;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:$|T)/;

interface Ymd {
  y: number;
  m: number;
  d: number;
}

function parse(raw: unknown): Ymd | null {
  let y: number, m: number, d: number;
  if (raw instanceof Date) {
    if (Number.isNaN(raw.getTime())) return null;
    y = raw.getUTCFullYear();
    m = raw.getUTCMonth() + 1;
    d = raw.getUTCDate();
  } else if (typeof raw === 'string') {
    const match = ISO_DATE.exec(raw.trim());
    if (match === null) return null;
    y = Number(match[1]);
    m = Number(match[2]);
    d = Number(match[3]);
  } else {
    return null;
  }
  return isCalendarDate(y, m, d) ? { y, m, d } : null;
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : `${n}`);

export function maskBirthDate(raw: unknown, level: BirthLevel, ctx: MaskContext): Masked<BirthLevel> {
  if (level === 'hidden') return HIDDEN;
  const ymd = parse(raw);
  if (ymd === null) return HIDDEN;
  switch (level) {
    case 'clear':
      return shown(`${ymd.y}-${pad2(ymd.m)}-${pad2(ymd.d)}`, 'clear');
    case 'year':
      return shown(`${ymd.y}-**-**`, 'year');
    case 'age_band': {
      const age = ageAt(ymd.y, ymd.m, ymd.d, ctx.now);
      return age === null ? HIDDEN : shown(decadeBand(age), 'age_band');
    }
    default:
      return HIDDEN;
  }
}
