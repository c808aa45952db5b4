import type { GraphQLResolveInfo } from 'graphql';
import type { Doc } from '../data/documents';
import type { FieldInfo } from '../schema/field-map';
import type { Principal } from '../auth/principal';
import type { DataClass, Level } from '../policy/classes';
import type { DisclosureRecord } from './records';

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
  /** query, mutation or subscription once Apollo has resolved the operation (access log). */
  operationType?: string | null;
  /** Set when the request is one page of a registered report run (BI endpoint); recorded in its batch. */
  readonly report?: ReportRunFacts | null;
}

/** A registered report being run: which one, which version, with which parameters (hashed), which page. */
export interface ReportRunFacts {
  readonly id: string;
  readonly version: number;
  /** SHA-256 of the coerced parameters' canonical JSON: equal runs can be found without storing values. */
  readonly paramsHash: string;
  /** 1-based page of the run (each page is one ledger batch, durable before it is written). */
  readonly page: number;
}

/** The per-request disclosure with what it recorded, for the audit step and the response extension. */
export interface RequestDisclosure extends Disclosure {
  /** Every classified value served or withheld in this request, in resolution order. */
  readonly records: DisclosureRecord[];
  readonly policyVersion: string;
  /** Set while a bulk-access alert about the principal is open: classes are capped until then. */
  readonly degradedUntil: Date | null;
  /** Adds a record that is not a field resolution (an exact lookup, a reveal). */
  note(record: DisclosureRecord): void;
  /**
   * A stored classified value made readable (decrypted when it is ciphertext), for steps that
   * mask it themselves (reveal); throws DECRYPTION_FAILED rather than return what did not verify.
   */
  open(field: FieldInfo, stored: unknown): unknown;
  /**
   * Records that a mutation changed a classified field of a document: the levels the caller was
   * served the old and the new value at (levels, never values).
   */
  changed(field: FieldInfo, doc: Doc, oldRaw: unknown, newRaw: unknown): void;
  /**
   * For the client-facing extension: the policy level per coordinate served in this response,
   * the response paths withheld (null although the policy grants more) and those served at a
   * less revealing level than the policy's (path → level).
   */
  summary(): { levels: Record<string, string>; withheld: string[]; downgraded: Record<string, string> };
}

/** A bulk-access alert's cap: the most revealing level per class this request may serve, and until when. */
export interface DegradeCaps {
  readonly caps: ReadonlyMap<DataClass, Level>;
  readonly until: Date;
}

/** Built once at start-up; makes one RequestDisclosure per request. */
export interface DisclosureFactory {
  forRequest(principal: Principal, meta: RequestMeta, degrade?: DegradeCaps | null): RequestDisclosure;
  /**
   * A disclosure whose bulk-access cap is still being looked up: nothing may be served (or a
   * change recorded) before `settle` — it throws INTERNAL rather than guess a level. The data
   * layer holds every document back until then (src/data/ready-gate.ts).
   */
  forPendingRequest(principal: Principal, meta: RequestMeta): { readonly disclosure: RequestDisclosure; settle(degrade: DegradeCaps | null): void };
}
