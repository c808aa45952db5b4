import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import type { Principal } from '../../src/auth/principal';
import { compilePolicy } from '../../src/policy/compile';
import { DEFAULT_POLICY_FILE } from '../../src/policy/load';
import { createQueryRights } from '../../src/policy/query-rights';
import type { FieldInfo } from '../../src/schema/field-map';

const principal = (role: Principal['role']): Principal => ({
  subject: 's',
  role,
  roles: role ? [role] : [],
  team: null,
  kind: 'user',
  mfa: false,
  authTime: null,
  scopes: [],
  jti: null,
  tokenName: null,
  expiresAt: 0,
});
const address: FieldInfo = {
  coordinate: 'Customer.address',
  typeName: 'Customer',
  fieldName: 'address',
  path: 'address',
  segments: ['address'],
  dataClass: 'ADDRESS',
  isId: false,
};
const segment: FieldInfo = { ...address, coordinate: 'Customer.segment', fieldName: 'segment', path: 'segment', segments: ['segment'], dataClass: null };

it('grouping finer than the caller may see is refused even with the group right', () => {
  const file = JSON.parse(readFileSync(DEFAULT_POLICY_FILE, 'utf8'));
  file.roles.analyst.view.ADDRESS = 'province';
  const rights = createQueryRights(compilePolicy(file), principal('analyst'));
  expect(() => rights.checkGroup([{ field: address, reveals: 'province' }])).not.toThrow();
  expect(() => rights.checkGroup([{ field: address, reveals: 'city' }])).toThrow(/grouping on Customer.address/);
});

it('plain fields are never restricted; unknown roles may not group or filter on classified ones', () => {
  const rights = createQueryRights(compilePolicy(JSON.parse(readFileSync(DEFAULT_POLICY_FILE, 'utf8'))), principal(null));
  expect(() => rights.checkGroup([{ field: segment, reveals: null }])).not.toThrow();
  expect(() => rights.checkGroup([{ field: address, reveals: 'province' }])).toThrow();
  expect(() => rights.checkFilter([{ field: address, operator: 'eq', values: 1 }])).toThrow();
  expect(() => rights.checkSort([address])).toThrow();
});
