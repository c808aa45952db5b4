// The data classes and their view levels (docs/design.md, "Data classes and levels"). Levels are listed from most to least
// revealing and nest: each level shows a subset of what the one before it shows. This module is
// the single source of both lists; the policy compiler, the maskers and the SDL directive all
// read them from here.

export const DATA_CLASSES = ['PHONE', 'NATIONAL_ID', 'BANK_CARD', 'NAME', 'EMAIL', 'ADDRESS', 'BIRTH_DATE', 'FREE_TEXT'] as const;
export type DataClass = (typeof DATA_CLASSES)[number];

export const LEVELS = {
  PHONE: ['clear', 'partial', 'last4', 'token', 'hidden'],
  NATIONAL_ID: ['clear', 'partial', 'last4', 'derived', 'token', 'hidden'],
  BANK_CARD: ['clear', 'bin_last4', 'last4', 'token', 'hidden'],
  NAME: ['clear', 'partial', 'honorific', 'token', 'hidden'],
  EMAIL: ['clear', 'partial', 'domain', 'token', 'hidden'],
  ADDRESS: ['clear', 'district', 'city', 'province', 'hidden'],
  BIRTH_DATE: ['clear', 'year', 'age_band', 'hidden'],
  FREE_TEXT: ['clear', 'inline', 'hidden'],
} as const satisfies Record<DataClass, readonly string[]>;

export type LevelOf<C extends DataClass> = (typeof LEVELS)[C][number];
export type Level = LevelOf<DataClass>;

export function isDataClass(value: unknown): value is DataClass {
  return typeof value === 'string' && (DATA_CLASSES as readonly string[]).includes(value);
}

export function isLevelOf<C extends DataClass>(cls: C, value: unknown): value is LevelOf<C> {
  return typeof value === 'string' && (LEVELS[cls] as readonly string[]).includes(value);
}

/** Rank of a level within its class: 0 is the most revealing. Unknown levels rank as hidden. */
export function levelRank(cls: DataClass, level: string): number {
  const levels = LEVELS[cls] as readonly string[];
  const i = levels.indexOf(level);
  return i === -1 ? levels.length - 1 : i;
}
