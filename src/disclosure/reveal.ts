// revealSensitive (docs/design.md, "The policy model"): one clear value, only when the policy lets the role reveal
// the class, the token shows a recent MFA, a reason is given and the hourly budget is not spent.
// Checks run from the cheapest to the one that consumes budget; every outcome is noted for audit.
import type { Principal } from '../auth/principal';
import type { Budgets } from '../data/budgets';
import type { DataSource } from '../data/data-source';
import { gatewayError, type ErrorCode } from '../errors';
import { applyMask } from '../masking';
import type { CompiledPolicy } from '../policy/compile';
import { mfaIsFresh } from '../policy/mfa';
import { readPath, type FieldMap } from '../schema/field-map';
import type { RequestDisclosure } from './disclosure';
import { disclosureRecord } from './records';

const MIN_REASON = 5;
const MAX_REASON = 500;

export interface Revealed {
  readonly customerId: string;
  readonly field: string;
  readonly dataClass: string;
  readonly value: string | null;
}

/** What a reveal uses of the request (the GraphQL context fits): nothing else reaches it. */
export interface RevealDeps {
  readonly principal: Pick<Principal, 'role' | 'subject' | 'mfa' | 'authTime'>;
  readonly policy: Pick<CompiledPolicy, 'mayReveal' | 'reveal'>;
  readonly fieldMap: Pick<FieldMap, 'field' | 'collectionOf'>;
  readonly disclosure: Pick<RequestDisclosure, 'note' | 'open'>;
  /** The caller's scoped reads: a customer outside the scope reads as missing. */
  readonly data: Pick<DataSource, 'customer'>;
  readonly budgets: Budgets;
}

export async function revealSensitive(deps: RevealDeps, customerId: string, fieldName: string, reason: string, now = new Date()): Promise<Revealed> {
  const field = deps.fieldMap.field('Customer', fieldName);
  const cls = field.dataClass;
  if (!cls) throw gatewayError('BAD_USER_INPUT', 'field is not classified', { field: field.coordinate });
  const { principal, policy } = deps;
  const collection = deps.fieldMap.collectionOf('Customer');
  const trimmed = reason.trim();

  const deny = (code: ErrorCode, note: string, docId: unknown = null): never => {
    deps.disclosure.note(disclosureRecord(field, collection, { decision: 'deny', level: 'hidden', reason: note, docId }));
    throw gatewayError(code, undefined, { field: field.coordinate });
  };

  if (!policy.mayReveal(principal.role, cls)) deny('REVEAL_NOT_ALLOWED', 'reveal not allowed for role');
  if (!mfaIsFresh(principal, policy.reveal.mfaMaxAgeSeconds, now)) deny('REVEAL_MFA_REQUIRED', 'no recent MFA');
  if (trimmed.length < MIN_REASON || trimmed.length > MAX_REASON) deny('REVEAL_REASON_REQUIRED', 'no valid reason');

  const customer = await deps.data.customer(customerId);
  if (!customer) throw gatewayError('NOT_FOUND', 'customer not found', { argument: 'customerId' });
  if (!(await deps.budgets.consume('reveal', principal.subject, 1, policy.reveal.budgetPerHour))) {
    deny('REVEAL_BUDGET_EXCEEDED', 'reveal budget exhausted', customer._id);
  }

  const raw = deps.disclosure.open(field, readPath(customer, field.segments));
  const masked = raw === null || raw === undefined ? { value: null, served: 'hidden' as const } : applyMask(cls, raw, 'clear', { tokenKey: Buffer.alloc(0), now });
  deps.disclosure.note(disclosureRecord(field, collection, { decision: 'reveal', level: masked.served, reason: trimmed, docId: customer._id }));
  return { customerId, field: fieldName, dataClass: cls, value: masked.value };
}
