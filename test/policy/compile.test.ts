import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DATA_CLASSES } from '../../src/policy/classes';
import { compilePolicy, PolicyError } from '../../src/policy/compile';
import { DEFAULT_POLICY_FILE, loadPolicy } from '../../src/policy/load';
import { ROLES } from '../../src/policy/roles';

const base = () => JSON.parse(readFileSync(DEFAULT_POLICY_FILE, 'utf8'));

function problems(mutate: (p: any) => void): string[] {
  const p = base();
  mutate(p);
  try {
    compilePolicy(p);
  } catch (err) {
    if (err instanceof PolicyError) return [...err.problems];
    throw err;
  }
  return [];
}

describe('the shipped default policy', () => {
  const policy = loadPolicy(null);

  it('matches the default table of docs/design.md, "The policy model"', () => {
    const table: Record<string, string[]> = {
      PHONE: ['clear', 'partial', 'clear', 'partial', 'token', 'hidden'],
      NATIONAL_ID: ['partial', 'partial', 'partial', 'last4', 'hidden', 'hidden'],
      BANK_CARD: ['last4', 'last4', 'last4', 'last4', 'hidden', 'hidden'],
      NAME: ['clear', 'clear', 'clear', 'clear', 'token', 'hidden'],
      EMAIL: ['clear', 'partial', 'clear', 'partial', 'token', 'hidden'],
      ADDRESS: ['clear', 'city', 'clear', 'district', 'city', 'hidden'],
      BIRTH_DATE: ['clear', 'year', 'year', 'hidden', 'age_band', 'hidden'],
      FREE_TEXT: ['clear', 'inline', 'inline', 'inline', 'hidden', 'hidden'],
    };
    for (const cls of DATA_CLASSES) expect(ROLES.map((r) => policy.level(r, cls, false))).toEqual(table[cls]);
    expect(policy.level('admin', 'NATIONAL_ID', true)).toBe('clear');
    expect(policy.level('manager', 'NATIONAL_ID', true)).toBe('partial');
  });

  it('gives an unknown role nothing: hidden everywhere, no query rights, no reveal', () => {
    for (const cls of DATA_CLASSES) {
      expect(policy.level(null, cls, true)).toBe('hidden');
      expect(policy.level('root' as never, cls, true)).toBe('hidden');
      expect(policy.rights(null, cls)).toEqual({ filter: 'none', sort: false, group: false });
      expect(policy.mayReveal('root' as never, cls)).toBe(false);
    }
  });

  it('grants support exact (not full) lookups by phone, and analysts no filters at all', () => {
    expect(policy.rights('support', 'PHONE').filter).toBe('exact');
    for (const cls of DATA_CLASSES) expect(policy.rights('analyst', cls).filter).toBe('none');
  });
});

describe('policy validation refuses', () => {
  it('a missing role', () => {
    expect(problems((p) => delete p.roles.support)).toEqual(['roles.support: missing; every role must be decided']);
  });
  it('a missing class in a view or query section', () => {
    expect(problems((p) => delete p.roles.sales.view.EMAIL)).toEqual(['roles.sales.view.EMAIL: missing; every class must be decided']);
    expect(problems((p) => delete p.roles.analyst.query.NAME)).toEqual(['roles.analyst.query.NAME: missing; every class must be decided']);
  });
  it('unknown roles, classes and levels', () => {
    expect(problems((p) => (p.roles.intern = p.roles.sales))).toEqual([expect.stringContaining('roles.intern: unknown role')]);
    expect(problems((p) => (p.roles.sales.view.PASSPORT = 'clear'))).toEqual(['roles.sales.view.PASSPORT: unknown data class']);
    expect(problems((p) => (p.roles.sales.view.PHONE = 'mostly'))).toEqual([expect.stringContaining('roles.sales.view.PHONE: unknown level "mostly"')]);
    expect(problems((p) => (p.roles.sales.view.ADDRESS = 'last4'))).toEqual([expect.stringContaining('roles.sales.view.ADDRESS: unknown level "last4"')]);
    expect(problems((p) => (p.roles.sales.reveal = ['SECRETS']))).toEqual(['roles.sales.reveal: unknown data class "SECRETS"']);
  });
  it('unknown keys and bad rights (a typo cannot leave a right at a default)', () => {
    expect(problems((p) => (p.roles.sales.query.PHONE = { filter: 'full', sortable: true }))).toHaveLength(1);
    expect(problems((p) => (p.roles.sales.query.PHONE = { filter: 'range' }))).toHaveLength(1);
  });
  it('an MFA level that reveals less than the base level', () => {
    expect(problems((p) => (p.roles.admin.view.PHONE = { level: 'clear', withMfa: 'partial' }))).toEqual(['roles.admin.view.PHONE: withMfa must not reveal less than level']);
  });
  it('a partial ID together with a clear birth date, for a role that never sees the ID clear', () => {
    expect(problems((p) => (p.roles.manager.view.BIRTH_DATE = 'clear'))).toEqual([
      'roles.manager: sees NATIONAL_ID above last4 and BIRTH_DATE clear without ever seeing the ID clear (the birth date rebuilds the ID)',
    ]);
    // last4 with a clear birth date is fine; so is a partial ID for a role that may see it clear.
    expect(problems((p) => (p.roles.support.view.BIRTH_DATE = 'clear'))).toEqual([]);
    expect(problems(() => undefined)).toEqual([]);
  });
});
