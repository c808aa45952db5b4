// revealSensitive (docs/design.md, "The policy model"): one clear value, only when the policy lets the role reveal
// the class, the token shows a recent MFA, a reason is given and the hourly budget is not spent.
// Checks run from the cheapest to the one that consumes budget; every outcome is noted for audit.
import type { GatewayContext } from '../context';
import { gatewayError, type ErrorCode } from '../errors';
import { applyMask } from '../masking';
import { readPath } from '../schema/field-map';
import { mfaIsFresh } from './serve';

const MIN_REASON = 5;
const MAX_REASON = 500;

export interface Revealed {
  readonly customerId: string;
  readonly field: string;
  readonly dataClass: string;
  readonly value: string | null;
}

export async function revealSensitive(ctx: GatewayContext, customerId: string, fieldName: string, reason: string, now = new Date()): Promise<Revealed> {
  const field = ctx.fieldMap.field('Customer', fieldName);
  const cls = field.dataClass;
  if (!cls) throw gatewayError('BAD_USER_INPUT', 'field is not classified', { field: field.coordinate });
  const { principal, policy } = ctx;
  const trimmed = reason.trim();

  const deny = (code: ErrorCode, note: string, docId: unknown = null): never => {
    ctx.disclosure.note({
      coordinate: field.coordinate,
      collection: ctx.fieldMap.collectionOf('Customer'),
      docId,
      path: field.path,
      responsePath: undefined,
      dataClass: cls,
      level: 'hidden',
      decision: 'deny',
      reason: note,
    });
    throw gatewayError(code, undefined, { field: field.coordinate });
  };

  if (!policy.mayReveal(principal.role, cls)) deny('REVEAL_NOT_ALLOWED', 'reveal not allowed for role');
  if (!mfaIsFresh(principal, policy.reveal.mfaMaxAgeSeconds, now)) deny('REVEAL_MFA_REQUIRED', 'no recent MFA');
  if (trimmed.length < MIN_REASON || trimmed.length > MAX_REASON) deny('REVEAL_REASON_REQUIRED', 'no valid reason');

  const customer = await ctx.data.customer(customerId);
  if (!customer) throw gatewayError('NOT_FOUND', 'customer not found', { argument: 'customerId' });
  if (!(await ctx.budgets.consume('reveal', principal.subject, 1, policy.reveal.budgetPerHour))) {
    deny('REVEAL_BUDGET_EXCEEDED', 'reveal budget exhausted', customer._id);
  }

  const raw = ctx.disclosure.open(field, readPath(customer, field.segments));
  const masked = raw === null || raw === undefined ? { value: null, served: 'hidden' as const } : applyMask(cls, raw, 'clear', { tokenKey: Buffer.alloc(0), now });
  ctx.disclosure.note({
    coordinate: field.coordinate,
    collection: ctx.fieldMap.collectionOf('Customer'),
    docId: customer._id,
    path: field.path,
    responsePath: undefined,
    dataClass: cls,
    level: masked.served,
    decision: 'reveal',
    reason: trimmed,
  });
  return { customerId, field: fieldName, dataClass: cls, value: masked.value };
}
