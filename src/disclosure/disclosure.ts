import type { GraphQLResolveInfo } from 'graphql';
import type { Doc } from '../data/documents';
import type { FieldInfo } from '../schema/field-map';
import type { Principal } from '../auth/principal';

/**
 * The step every classified value passes through when its field resolves: decide the level from
 * the compiled policy and the principal, mask, and record the disclosure for the audit ledger.
 * Synchronous on purpose: it runs once per classified value on large pages.
 */
export interface Disclosure {
  serve(field: FieldInfo, parent: Doc, raw: unknown, info: GraphQLResolveInfo): string | null;
}

/** What the disclosure step knows of the request, for audit records. */
export interface RequestMeta {
  readonly requestId: string;
  readonly clientAddress: string | null;
  operationName: string | null;
}

/** Built once at start-up; makes one Disclosure per request. */
export interface DisclosureFactory {
  forRequest(principal: Principal, meta: RequestMeta): Disclosure;
}
