// Who is calling, as read from a verified token. Built once per request and frozen: nothing
// downstream can upgrade a role or add a scope after verification.
import { isRole, ROLE_PRECEDENCE_LEAST_FIRST, type Role } from '../policy/roles';
import { AuthError } from './errors';
import { readClaimPath } from './claim-path';

export const TOKEN_KINDS = ['user', 'bi', 'service'] as const;
export type TokenKind = (typeof TOKEN_KINDS)[number];

export interface Principal {
  readonly subject: string;
  /** Effective role: the least privileged known role; null when none is known → no access. */
  readonly role: Role | null;
  /** Known gateway roles found at the configured roles claim; unknown names are dropped. */
  readonly roles: readonly Role[];
  readonly team: string | null;
  readonly kind: TokenKind;
  /** `amr` contains 'mfa'. */
  readonly mfa: boolean;
  /** `auth_time`, epoch seconds. */
  readonly authTime: number | null;
  readonly scopes: readonly string[];
  readonly jti: string | null;
  /** `name` of a BI token; null for other kinds. */
  readonly tokenName: string | null;
  /** `exp`, epoch seconds. */
  readonly expiresAt: number;
  /** BI tokens: the report ids recorded for the token in `api_tokens`; absent or empty: none. */
  readonly reports?: readonly string[];
}

/**
 * Reads the principal from a verified claims set. Claims the gateway relies on must have the
 * expected type: a `kind` it does not know or a `team` that is not a string rejects the token
 * (fail closed) instead of being guessed at.
 */
export function principalFromClaims(claims: Record<string, unknown>, rolesClaim: string): Principal {
  const { sub, exp, team, kind, amr, auth_time: authTime, scope, jti, name } = claims;
  if (typeof sub !== 'string' || sub.length === 0) throw new AuthError('invalid_claims');
  if (typeof exp !== 'number' || !Number.isFinite(exp)) throw new AuthError('invalid_claims');
  if (team !== undefined && typeof team !== 'string') throw new AuthError('invalid_claims');
  if (kind !== undefined && !(TOKEN_KINDS as readonly unknown[]).includes(kind)) throw new AuthError('invalid_claims');
  if (amr !== undefined && !isStringArray(amr)) throw new AuthError('invalid_claims');
  if (authTime !== undefined && (typeof authTime !== 'number' || !Number.isFinite(authTime))) throw new AuthError('invalid_claims');
  if (jti !== undefined && (typeof jti !== 'string' || jti.length === 0)) throw new AuthError('invalid_claims');

  const roles = readRoles(readClaimPath(claims, rolesClaim));
  const tokenKind = (kind as TokenKind | undefined) ?? 'user';
  return Object.freeze({
    subject: sub,
    role: ROLE_PRECEDENCE_LEAST_FIRST.find((r) => roles.includes(r)) ?? null,
    roles,
    team: team ?? null,
    kind: tokenKind,
    mfa: amr?.includes('mfa') === true,
    authTime: (authTime as number | undefined) ?? null,
    scopes: readScopes(scope),
    jti: jti ?? null,
    tokenName: tokenKind === 'bi' && typeof name === 'string' ? name : null,
    expiresAt: exp,
    // `reports` is filled from the registry by the verifier: a claim can never grant a report.
  });
}

function readRoles(value: unknown): readonly Role[] {
  const names = typeof value === 'string' ? [value] : Array.isArray(value) ? value : [];
  const known = new Set<Role>();
  for (const n of names) if (isRole(n)) known.add(n);
  return Object.freeze([...known]);
}

function readScopes(value: unknown): readonly string[] {
  if (value === undefined) return Object.freeze([]);
  if (typeof value === 'string') return Object.freeze(value.split(/\s+/).filter(Boolean));
  if (isStringArray(value)) return Object.freeze([...value]);
  throw new AuthError('invalid_claims');
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}
