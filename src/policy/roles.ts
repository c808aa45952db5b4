// The gateway's roles (docs/design.md, "Roles and row scopes"). A role name not in this list grants nothing.
export const ROLES = ['admin', 'manager', 'sales', 'support', 'analyst', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/**
 * When a token carries several gateway roles, the least privileged one is used: an unexpected
 * combination must mean less access, never the union of both.
 */
export const ROLE_PRECEDENCE_LEAST_FIRST: readonly Role[] = ['auditor', 'analyst', 'sales', 'support', 'manager', 'admin'];
