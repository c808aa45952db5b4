// Policy file → compiled lookup tables. Validated completely at start-up: every role and every
// class must be decided, names must be known, and the cross-field consistency rule must hold.
// The hot path then only indexes typed arrays: no allocation, no string compares.
import { DATA_CLASSES, LEVELS, isDataClass, isLevelOf, levelRank, type DataClass, type Level } from './classes';
import { ROLES, isRole, type Role } from './roles';
import { AUTH_FAILURES_PER_MINUTE_DEFAULT, LIMIT_DEFAULTS, type LimitProfile } from './limit-defaults';
import { PolicyFileSchema, type DateGranularity, type FilterRight, type PolicyFile } from './schema';

export interface QueryRights {
  readonly filter: FilterRight;
  readonly sort: boolean;
  readonly group: boolean;
}

/**
 * An encrypted class: deterministic when some role may look it up exactly (equal plaintexts give
 * equal ciphertexts, so equality lookups still work), random otherwise (nothing about the value
 * is revealed, not even equality).
 */
export interface EncryptedClass {
  readonly algorithm: 'deterministic' | 'random';
  readonly key: { readonly keyId?: string; readonly keyAltName?: string };
}

export interface CompiledPolicy {
  readonly version: string;
  readonly reveal: { readonly mfaMaxAgeSeconds: number; readonly budgetPerHour: number };
  readonly lookups: { readonly budgetPerHour: number };
  readonly aggregates: AggregatePolicy;
  /** View level for a role and class; `mfa` selects the level granted after MFA. Unknown role: hidden. */
  level(role: Role | null, cls: DataClass, mfa: boolean): Level;
  rights(role: Role | null, cls: DataClass): QueryRights;
  mayReveal(role: Role | null, cls: DataClass): boolean;
  /**
   * Query and rate limits for a caller: BI tokens get the `bi` profile whatever their role; an
   * unknown role gets the strictest value of every limit any profile has.
   */
  limits(role: Role | null, kind: string): LimitProfile;
  /** The largest token limit any caller has: the parser never reads further. */
  readonly maxTokensAnyCaller: number;
  /** The largest value of every limit any profile has (what a trusted document must fit at least). */
  readonly widestLimits: LimitProfile;
  readonly authFailuresPerMinute: number;
  /** Bulk-access detection (null: off). */
  readonly bulkAccess: BulkAccessPolicy | null;
  /** Classes declared encrypted at rest; empty when the policy declares none. */
  readonly encryption: ReadonlyMap<DataClass, EncryptedClass>;
}

export interface BulkAccessPolicy {
  readonly windowMs: number;
  /** Distinct customers per window before an alert; roles absent are not watched. */
  threshold(role: Role | null): number | null;
  /** The level a class is served at, at most, while a principal is over its threshold. */
  capFor(cls: DataClass): Level;
}

export interface AggregatePolicy {
  readonly minGroupSize: number;
  readonly noise: { readonly countSd: number; readonly sumSd: number; readonly thresholdSd: number };
  readonly dateGranularity: DateGranularity;
  readonly budget: { readonly queries: number; readonly windowHours: number };
}

export class PolicyError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid policy:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'PolicyError';
  }
}

const NO_RIGHTS: QueryRights = Object.freeze({ filter: 'none', sort: false, group: false });

export function compilePolicy(input: unknown): CompiledPolicy {
  const parsed = PolicyFileSchema.safeParse(input);
  if (!parsed.success) {
    throw new PolicyError(parsed.error.issues.map((i) => `${i.path.join('.') || 'policy'}: ${i.message}`));
  }
  const file = parsed.data;
  const problems = checkCompleteness(file);
  if (problems.length > 0) throw new PolicyError(problems);

  const nc = DATA_CLASSES.length;
  // levels[(roleIndex * nc + classIndex) * 2 + (mfa ? 1 : 0)] = index into LEVELS[class]
  const levels = new Uint8Array(ROLES.length * nc * 2);
  const rights: QueryRights[] = [];
  const reveal = new Uint8Array(ROLES.length * nc);
  ROLES.forEach((role, r) => {
    const entry = file.roles[role]!;
    DATA_CLASSES.forEach((cls, c) => {
      const view = entry.view[cls]!;
      const base = typeof view === 'string' ? view : view.level;
      const withMfa = typeof view === 'string' ? view : view.withMfa;
      levels[(r * nc + c) * 2] = levelRank(cls, base);
      levels[(r * nc + c) * 2 + 1] = levelRank(cls, withMfa);
      const q = entry.query[cls]!;
      rights[r * nc + c] = Object.freeze({ filter: q.filter, sort: q.sort, group: q.group });
      reveal[r * nc + c] = entry.reveal.includes(cls) ? 1 : 0;
    });
  });
  const roleIndex = new Map<Role, number>(ROLES.map((r, i) => [r, i]));
  const classIndex = new Map<DataClass, number>(DATA_CLASSES.map((c, i) => [c, i]));

  const limitProfiles = compileLimits(file);
  const bulkAccess = compileBulkAccess(file);
  const encryption = new Map<DataClass, EncryptedClass>();
  for (const [cls, ref] of Object.entries(file.encryption?.classes ?? {})) {
    if (!isDataClass(cls)) continue;
    const exact = ROLES.some((role) => file.roles[role]!.query[cls]!.filter === 'exact');
    encryption.set(cls, Object.freeze({ algorithm: exact ? 'deterministic' : 'random', key: Object.freeze({ ...ref }) }));
  }

  const compiled: CompiledPolicy = {
    limits(role, kind) {
      if (kind === 'bi') return limitProfiles.bi;
      return (role !== null && limitProfiles.roles.get(role)) || limitProfiles.strictest;
    },
    maxTokensAnyCaller: limitProfiles.maxTokens,
    widestLimits: limitProfiles.widest,
    authFailuresPerMinute: file.limits.authFailuresPerMinute ?? AUTH_FAILURES_PER_MINUTE_DEFAULT,
    bulkAccess,
    version: file.version,
    encryption,
    reveal: Object.freeze({ ...file.reveal }),
    lookups: Object.freeze({ ...file.lookups }),
    aggregates: Object.freeze({
      ...file.aggregates,
      noise: Object.freeze({ ...file.aggregates.noise }),
      budget: Object.freeze({ ...file.aggregates.budget }),
    }),
    level(role, cls, mfa) {
      const r = role === null ? undefined : roleIndex.get(role);
      const c = classIndex.get(cls);
      if (r === undefined || c === undefined) return 'hidden';
      return LEVELS[cls][levels[(r * nc + c) * 2 + (mfa ? 1 : 0)]!] as Level;
    },
    rights(role, cls) {
      const r = role === null ? undefined : roleIndex.get(role);
      const c = classIndex.get(cls);
      return r === undefined || c === undefined ? NO_RIGHTS : rights[r * nc + c]!;
    },
    mayReveal(role, cls) {
      const r = role === null ? undefined : roleIndex.get(role);
      const c = classIndex.get(cls);
      return r !== undefined && c !== undefined && reveal[r * nc + c] === 1;
    },
  };
  return Object.freeze(compiled);
}

function compileLimits(file: PolicyFile): { roles: Map<Role, LimitProfile>; bi: LimitProfile; strictest: LimitProfile; widest: LimitProfile; maxTokens: number } {
  const base: LimitProfile = { ...LIMIT_DEFAULTS, ...definedOnly(file.limits.default) };
  const roles = new Map<Role, LimitProfile>(ROLES.map((role) => [role, Object.freeze({ ...base, ...definedOnly(file.limits.roles[role] ?? {}) })]));
  const bi: LimitProfile = Object.freeze({ ...base, ...definedOnly(file.limits.bi) });
  const all = [...roles.values(), bi];
  const strictest = Object.fromEntries(Object.keys(LIMIT_DEFAULTS).map((k) => [k, Math.min(...all.map((p) => p[k as keyof LimitProfile]))])) as unknown as LimitProfile;
  const widest = Object.fromEntries(Object.keys(LIMIT_DEFAULTS).map((k) => [k, Math.max(...all.map((p) => p[k as keyof LimitProfile]))])) as unknown as LimitProfile;
  return { roles, bi, strictest: Object.freeze(strictest), widest: Object.freeze(widest), maxTokens: widest.maxTokens };
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([k, v]) => v !== undefined && k !== '$comment')) as Partial<T>;
}

function compileBulkAccess(file: PolicyFile): BulkAccessPolicy | null {
  const b = file.bulkAccess;
  if (!b) return null;
  const thresholds = new Map<Role, number>(Object.entries(b.roles).filter(([r]) => isRole(r)) as [Role, number][]);
  const caps = new Map<DataClass, Level>(DATA_CLASSES.map((cls) => [cls, (b.degradeTo[cls] ?? 'hidden') as Level]));
  return Object.freeze({
    windowMs: b.windowMinutes * 60_000,
    threshold: (role: Role | null) => (role === null ? null : (thresholds.get(role) ?? null)),
    capFor: (cls: DataClass) => caps.get(cls) ?? 'hidden',
  });
}

function checkCompleteness(file: PolicyFile): string[] {
  const problems: string[] = [];
  for (const name of Object.keys(file.limits.roles)) if (!isRole(name)) problems.push(`limits.roles.${name}: unknown role (known: ${ROLES.join(', ')})`);
  if (file.bulkAccess) {
    for (const name of Object.keys(file.bulkAccess.roles)) if (!isRole(name)) problems.push(`bulkAccess.roles.${name}: unknown role (known: ${ROLES.join(', ')})`);
    for (const [cls, level] of Object.entries(file.bulkAccess.degradeTo)) {
      if (!isDataClass(cls)) problems.push(`bulkAccess.degradeTo.${cls}: unknown data class`);
      else if (!isLevelOf(cls, level)) problems.push(`bulkAccess.degradeTo.${cls}: unknown level "${level}" (levels: ${LEVELS[cls].join(', ')})`);
    }
  }
  for (const name of Object.keys(file.roles)) if (!isRole(name)) problems.push(`roles.${name}: unknown role (known: ${ROLES.join(', ')})`);
  for (const role of ROLES) {
    const entry = file.roles[role];
    if (!entry) {
      problems.push(`roles.${role}: missing; every role must be decided`);
      continue;
    }
    for (const section of ['view', 'query'] as const) {
      for (const cls of Object.keys(entry[section])) if (!isDataClass(cls)) problems.push(`roles.${role}.${section}.${cls}: unknown data class`);
      for (const cls of DATA_CLASSES) if (!(cls in entry[section])) problems.push(`roles.${role}.${section}.${cls}: missing; every class must be decided`);
    }
    for (const cls of entry.reveal) if (!isDataClass(cls)) problems.push(`roles.${role}.reveal: unknown data class "${cls}"`);
    for (const [cls, view] of Object.entries(entry.view)) {
      if (!isDataClass(cls)) continue;
      const named = typeof view === 'string' ? [view] : [view.level, view.withMfa];
      for (const level of named) if (!isLevelOf(cls, level)) problems.push(`roles.${role}.view.${cls}: unknown level "${level}" (levels: ${LEVELS[cls].join(', ')})`);
      if (typeof view !== 'string' && isLevelOf(cls, view.level) && isLevelOf(cls, view.withMfa) && levelRank(cls, view.withMfa) > levelRank(cls, view.level)) {
        problems.push(`roles.${role}.view.${cls}: withMfa must not reveal less than level`);
      }
    }
  }
  for (const [cls, ref] of Object.entries(file.encryption?.classes ?? {})) {
    if (!isDataClass(cls)) problems.push(`encryption.classes.${cls}: unknown data class`);
    else if ((ref.keyId === undefined) === (ref.keyAltName === undefined)) problems.push(`encryption.classes.${cls}: name the data key by exactly one of keyId or keyAltName`);
  }
  if (problems.length === 0) problems.push(...checkConsistency(file));
  return problems;
}

/**
 * docs/design.md, "The policy model": a role that sees NATIONAL_ID above `last4` must not also see BIRTH_DATE clear
 * unless it may see the ID clear (here: at least after MFA), since the birth date fills in the
 * digits a partial ID hides.
 */
function checkConsistency(file: PolicyFile): string[] {
  const problems: string[] = [];
  for (const role of ROLES) {
    const view = file.roles[role]!.view;
    const levelsOf = (cls: DataClass) => {
      const v = view[cls]!;
      return typeof v === 'string' ? [v] : [v.level, v.withMfa];
    };
    const idRanks = levelsOf('NATIONAL_ID').map((l) => levelRank('NATIONAL_ID', l));
    const best = Math.min(...idRanks);
    const aboveLast4 = best < levelRank('NATIONAL_ID', 'last4');
    const idClear = best === levelRank('NATIONAL_ID', 'clear');
    const birthClear = levelsOf('BIRTH_DATE').includes('clear');
    if (aboveLast4 && !idClear && birthClear) {
      problems.push(`roles.${role}: sees NATIONAL_ID above last4 and BIRTH_DATE clear without ever seeing the ID clear (the birth date rebuilds the ID)`);
    }
  }
  return problems;
}
