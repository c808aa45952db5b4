// The limits step's helpers: each document a request carries measured against the caller's limits
// (src/limits/document-gate.ts), and the steps that read MongoDB (rate limits, bulk access) turned
// into STORE_UNAVAILABLE when the store cannot be reached.
import type { GraphQLError } from 'graphql';
import { isStoreUnavailable } from '../data/store-errors';
import type { QueryLimits } from '../limits/defaults';
import type { DocumentGate } from '../limits/document-gate';
import { gateRequests } from './requests';

/** The first refusal among the documents a request carries (a batch has several); null when all fit. */
export function firstRefusal(gate: DocumentGate, body: unknown, params: URLSearchParams, limits: QueryLimits): GraphQLError | null {
  for (const request of gateRequests(body, params)) {
    const refused = gate(request, limits);
    if (refused) return refused;
  }
  return null;
}

export const STORE_DOWN = Symbol('store unavailable');

/** A step of the limits that reads MongoDB: a store that cannot be reached is STORE_UNAVAILABLE, as anywhere. */
export async function storeStep<T>(step: () => Promise<T> | T, onDown: (errorClass: string) => void): Promise<T | typeof STORE_DOWN> {
  try {
    return await step();
  } catch (err) {
    if (!isStoreUnavailable(err)) throw err;
    onDown((err as Error).name);
    return STORE_DOWN;
  }
}
