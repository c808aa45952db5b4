// Decade age bands, shared by BIRTH_DATE `age_band` and NATIONAL_ID `derived`. The reference date
// is always an argument (STYLE: no clock). Dates are compared as UTC calendar dates, the way
// the store keeps birth dates (midnight UTC).

// Older than this is not a living customer: treat the date as bad data and withhold.
const MAX_AGE = 130;

/** Completed years between the birth date and `now`, or null when not a plausible age. */
export function ageAt(year: number, month: number, day: number, now: Date): number | null {
  const t = now.getTime();
  if (Number.isNaN(t)) return null;
  const ny = now.getUTCFullYear();
  const nm = now.getUTCMonth() + 1;
  const nd = now.getUTCDate();
  let age = ny - year;
  if (nm < month || (nm === month && nd < day)) age -= 1;
  if (age < 0 || age > MAX_AGE) return null;
  return age;
}

/** `30–39` (en dash) for an age of 30 to 39. */
export function decadeBand(age: number): string {
  const lo = age - (age % 10);
  return `${lo}–${lo + 9}`;
}

/** A calendar date that exists (no 1990-02-30), years 1800–2999. */
export function isCalendarDate(year: number, month: number, day: number): boolean {
  if (year < 1800 || year > 2999 || month < 1 || month > 12 || day < 1) return false;
  return day <= daysInMonth(year, month);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}
