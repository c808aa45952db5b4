// Reads that overlap the bulk-access lookup. Whether an alert caps the principal's classified
// fields is one MongoDB read (src/limits/bulk-access.ts); instead of waiting for it before the
// request's own reads, both run at once and every document is handed to the resolvers only once
// the cap is known (the disclosure step refuses to serve before). Writes, and aggregate reads
// that record or charge anything first, wait for it before they start. docs/limits.md,
// "Bulk access".
import type { DataSource } from './data-source';

export function gateUntil(source: DataSource, ready: Promise<void>): DataSource {
  /** A read: sent now, its result released once `ready` has resolved (its failure fails the read). */
  const along = <T>(read: Promise<T>): Promise<T> => Promise.all([read, ready]).then(([value]) => value);
  return {
    customer: (id, prefetch) => along(source.customer(id, prefetch)),
    customerOfDoc: (doc, field) => along(source.customerOfDoc(doc, field)),
    customers: (args) => along(source.customers(args)),
    deal: (id) => along(source.deal(id)),
    deals: (args) => along(source.deals(args)),
    dealsOfCustomer: (customer, first) => along(source.dealsOfCustomer(customer, first)),
    interactionsOfCustomer: (customer, first) => along(source.interactionsOfCustomer(customer, first)),
    interactions: (customerId, args) => along(source.interactions(customerId, args)),
    ownerOf: (customer) => along(source.ownerOf(customer)),
    customerStats: async (dimensions, filter, minGroupSize) => {
      await ready;
      return source.customerStats(dimensions, filter, minGroupSize);
    },
    dealStats: async (dimensions, filter, minGroupSize) => {
      await ready;
      return source.dealStats(dimensions, filter, minGroupSize);
    },
    interactionStats: async (dimensions, filter, minGroupSize) => {
      await ready;
      return source.interactionStats(dimensions, filter, minGroupSize);
    },
    updateCustomer: async (id, changes) => {
      await ready;
      return source.updateCustomer(id, changes);
    },
    addInteraction: async (customerId, fields) => {
      await ready;
      return source.addInteraction(customerId, fields);
    },
  };
}
