// The per-request data layer: every read the resolvers make goes through here, with the caller's
// row scope ANDed into the MongoDB filter and sibling lookups batched by per-request DataLoaders
// (created with the request, dropped with it: never shared across principals). A page of
// customers with deals, owners and interactions costs one find per collection, whatever its size.
import DataLoader from 'dataloader';
import { MongoServerError, type Db, type Document, type Filter } from 'mongodb';
import { gatewayError } from '../errors';
import { EncryptionUnavailableError, type FieldCrypto } from '../encryption/field-crypto';
import type { Principal } from '../auth/principal';
import type { FieldInfo, FieldMap } from '../schema/field-map';
import { readPath } from '../schema/field-map';
import { callerBinding, type CursorCodec } from './cursor';
import type { Doc } from './documents';
import { translateFilter, type FilterUse } from './filters';
import { idKey, parseId } from './ids';
import { EMPTY_PAGE, type Page } from './page';
import { findPage, pageSize, type SortKey } from './pagination';
import { ownedRecordScope, scoped, type Scope } from './scope';
import { covers, uniqueIndexedPaths } from './unique-fields';
import { aggregateCustomerStats, dimensionUses, type StatsDimension, type StatsDimensionUse, type StatsGroup, type StatsRelease } from './customer-stats';
import { aggregateDealStats, aggregateInteractionStats, type DealStatsDimension, type GroupedResult, type InteractionStatsDimension } from './activity-stats';

/** Query-rights checks, run before any query is sent; they throw to reject. */
export interface QueryGuard {
  checkFilter(uses: readonly FilterUse[]): Promise<void>;
  checkSort(fields: readonly FieldInfo[]): void;
  checkGroup(uses: readonly StatsDimensionUse[]): void;
  /**
   * Writes of classified values to paths a unique index covers: each is an exact lookup (the
   * lookup right for its class, one from the lookup budget, audited as a lookup) or refused.
   */
  checkWriteLookup(fields: readonly FieldInfo[]): Promise<void>;
  /** Aggregate queries: only coarse filters (refuses before anything is charged). */
  checkAggregateFilter(typeName: string, input: Record<string, unknown> | null | undefined): void;
  /** Aggregate queries: spends one from the principal's aggregate budget, or refuses. */
  chargeAggregate(): Promise<void>;
}

/**
 * Filled by a page of size 0 with the number of rows the listing would return (same scope, same
 * filter). The BI report runner uses it to refuse an oversized report before reading any row.
 */
export interface RowCounter {
  total: number | null;
}

export interface DataSourceDeps {
  readonly db: Db;
  readonly fieldMap: FieldMap;
  readonly principal: Principal;
  readonly cursors: CursorCodec;
  readonly pages: { readonly default: number; readonly max: number };
  readonly guard: QueryGuard;
  /** Every command carries maxTimeMS from it; none is sent once the request's time is up. */
  readonly deadline: { maxTimeMS(): number };
  /** Noise and thresholds between the database's exact aggregates and the caller. */
  readonly stats: StatsRelease;
  /** Encrypts values of encrypted fields before they are written or looked up; null: none are. */
  readonly crypto?: FieldCrypto | null;
  readonly counter?: RowCounter;
}

export interface OrderInput {
  readonly field: string;
  readonly direction?: 'ASC' | 'DESC' | null;
}

export interface ListArgs {
  readonly filter?: Record<string, unknown> | null;
  readonly orderBy?: readonly OrderInput[] | null;
  readonly first?: number | null;
  readonly after?: string | null;
}

// Nested lists are read in one batch for all parents; this bounds one batch's reply.
const BATCH_SIZE = 100_000;

/** A GraphQL filter input as the caller sent it; translated through the field map, never passed on. */
export type FilterInput = Record<string, unknown> | null | undefined;

/** Relations of a customer the operation is known to select (lookahead), read alongside it. */
export interface CustomerPrefetch {
  readonly deals?: boolean;
}

/**
 * What resolvers may ask of the data layer: every read scoped to the caller, every query checked
 * by the query guard first. Resolvers depend on this interface only (docs/architecture.md).
 */
export interface DataSource {
  /**
   * `prefetch.deals`: the customer's deals are read at the same time as the customer, instead of
   * after it (they are fetched through the deal scope by the customer id asked for, and served
   * only if the customer itself turns out to be visible).
   */
  customer(id: string, prefetch?: CustomerPrefetch): Promise<Doc | null>;
  /** The customer a document points to through `field` (e.g. Deal.customerId); null when out of scope. */
  customerOfDoc(doc: Doc, field: FieldInfo): Promise<Doc | null>;
  customers(args: ListArgs): Promise<Page<Doc>>;
  deal(id: string): Promise<Doc | null>;
  deals(args: ListArgs): Promise<Page<Doc>>;
  dealsOfCustomer(customer: Doc, first: number): Promise<Doc[]>;
  interactionsOfCustomer(customer: Doc, first: number): Promise<Doc[]>;
  /** Interactions of a customer id from the client: empty unless the customer is in scope. */
  interactions(customerId: string, args: ListArgs): Promise<Page<Doc>>;
  ownerOf(customer: Doc): Promise<Doc | null>;
  /**
   * Grouped counts over the caller's scope: coarse filters only, one from the aggregate budget,
   * small groups suppressed in the database, the rest released with noise.
   */
  customerStats(dimensions: readonly StatsDimension[], filter: FilterInput, minGroupSize: number): Promise<{ groups: StatsGroup[]; suppressedGroups: number }>;
  /** Grouped deal counts and amounts over the caller's deal scope; small groups suppressed in the database. */
  dealStats(dimensions: readonly DealStatsDimension[], filter: FilterInput, minGroupSize: number): Promise<GroupedResult<DealStatsDimension>>;
  /**
   * Grouped interaction counts. Interactions carry no owner or team, so a caller whose customer
   * scope is not everything gets no groups (fail closed) rather than a semi-join over 100k ids.
   */
  interactionStats(dimensions: readonly InteractionStatsDimension[], filter: FilterInput, minGroupSize: number): Promise<GroupedResult<InteractionStatsDimension>>;
  /**
   * Sets fields (GraphQL field name → new value) on a customer in scope; returns the document
   * before and after, or null when it does not exist or is out of scope (indistinguishable).
   */
  updateCustomer(id: string, changes: Readonly<Record<string, unknown>>): Promise<{ before: Doc; after: Doc } | null>;
  /** Adds an interaction to a customer in scope; null when the customer is not visible. */
  addInteraction(customerId: string, fields: Readonly<Record<string, unknown>>): Promise<Doc | null>;
}

export function createDataSource(deps: DataSourceDeps): DataSource {
  const { db, fieldMap, principal } = deps;
  const customerScope = ownedRecordScope(principal, fieldMap, 'Customer');
  const dealScope = ownedRecordScope(principal, fieldMap, 'Deal');
  const customers = db.collection<Document>(fieldMap.collectionOf('Customer'));
  const deals = db.collection<Document>(fieldMap.collectionOf('Deal'));
  const interactions = db.collection<Document>(fieldMap.collectionOf('Interaction'));
  const users = db.collection<Document>(fieldMap.collectionOf('User'));
  const dealCustomerPath = fieldMap.field('Deal', 'customerId');
  const interactionCustomerPath = fieldMap.field('Interaction', 'customerId');
  const customerOwnerPath = fieldMap.field('Customer', 'ownerId');
  const caller = callerBinding(principal);
  const crypto = deps.crypto ?? null;
  // Encryption happens before any write or query is sent: a missing data key stops the operation
  // whole, so no document is ever written half-encrypted.
  const withKeys = <T>(work: () => T): T => {
    try {
      return work();
    } catch (err) {
      if (err instanceof EncryptionUnavailableError) throw gatewayError('ENCRYPTION_UNAVAILABLE', undefined, { class: err.dataClass });
      throw err;
    }
  };
  const lookupValue = crypto ? (field: FieldInfo, value: unknown) => withKeys(() => crypto.forLookup(field, value)) : undefined;
  const storedValue = (field: FieldInfo, value: unknown) => (crypto ? withKeys(() => crypto.forStore(field, value)) : value);

  const byId = (collection: typeof customers, scope: Scope) =>
    new DataLoader<string, Doc | null>(async (keys) => {
      const filter = scoped(scope, { _id: { $in: keys.map(parseId) } } as Filter<Document>);
      if (filter === null) return keys.map(() => null);
      const found = new Map<string, Doc>();
      for (const doc of await collection.find(filter, { batchSize: BATCH_SIZE, maxTimeMS: deps.deadline.maxTimeMS() }).toArray()) found.set(idKey(doc._id), doc as Doc);
      return keys.map((k) => found.get(k) ?? null);
    });

  const childrenOf = (collection: typeof deals, scope: Scope, parentField: FieldInfo, sortPath: string) =>
    new DataLoader<string, Doc[]>(async (keys) => {
      const filter = scoped(scope, { [parentField.path]: { $in: keys.map(parseId) } });
      const groups = new Map<string, Doc[]>(keys.map((k) => [k, []]));
      if (filter === null) return keys.map(() => []);
      const docs = await collection.find(filter, { sort: { [sortPath]: -1, _id: -1 }, batchSize: BATCH_SIZE, maxTimeMS: deps.deadline.maxTimeMS() }).toArray();
      for (const doc of docs) groups.get(idKey(readPath(doc, parentField.segments)))?.push(doc as Doc);
      return keys.map((k) => groups.get(k)!);
    });

  const customerById = byId(customers, customerScope);
  const dealById = byId(deals, dealScope);
  // Users (employees) are visible only as the owner of a customer the caller can already see.
  const userById = byId(users, { kind: 'all' });
  const dealsByCustomer = childrenOf(deals, dealScope, dealCustomerPath, fieldMap.field('Deal', 'createdAt').path);
  // Interactions carry no owner or team: they are only ever read for customers fetched through
  // the customer scope first (a semi-join), never by a bare customerId from the client.
  const interactionsByCustomer = childrenOf(interactions, { kind: 'all' }, interactionCustomerPath, fieldMap.field('Interaction', 'at').path);

  /**
   * CONFLICT or success on a classified field a unique index covers tells whether the value
   * exists anywhere in the collection: such a write is an exact lookup, checked and charged
   * before it is attempted (refused for roles without the lookup right, value or no value).
   */
  async function guardUniqueWrites(collection: typeof customers, typeName: string, names: readonly string[]): Promise<void> {
    const classified = names.map((name) => fieldMap.field(typeName, name)).filter((f) => f.dataClass !== null && f.dataClass !== undefined);
    if (classified.length === 0) return;
    const unique = await uniqueIndexedPaths(collection);
    const lookups = classified.filter((f) => unique === null || unique.some((p) => covers(p, f.path)));
    if (lookups.length > 0) await deps.guard.checkWriteLookup(lookups);
  }

  function sortKeys(typeName: string, orderBy: readonly OrderInput[] | null | undefined, fallback: SortKey[]): SortKey[] {
    if (!orderBy || orderBy.length === 0) return fallback;
    const fields = orderBy.map((o) => fieldMap.field(typeName, o.field));
    deps.guard.checkSort(fields);
    return orderBy.map((o, i) => ({ path: fields[i]!.path, direction: o.direction === 'DESC' ? -1 : 1 }));
  }

  async function list(typeName: string, scope: Scope, args: ListArgs, fallbackSort: SortKey[], extra: Filter<Document> = {}): Promise<Page<Doc>> {
    // Every check that can refuse runs before the lookup budget is charged (in checkFilter).
    const first = pageSize(args.first, deps.pages);
    const sort = sortKeys(typeName, args.orderBy, fallbackSort);
    const { filter, uses } = translateFilter(typeName, args.filter, fieldMap, lookupValue);
    await deps.guard.checkFilter(uses);
    const combined = Object.keys(extra).length === 0 ? filter : Object.keys(filter).length === 0 ? extra : { $and: [extra, filter] };
    if (first === 0 && deps.counter) {
      const f = scoped(scope, combined);
      deps.counter.total = f === null ? 0 : await db.collection(fieldMap.collectionOf(typeName)).countDocuments(f, { maxTimeMS: deps.deadline.maxTimeMS() });
    }
    return findPage(
      db.collection(fieldMap.collectionOf(typeName)),
      { filter: scoped(scope, combined), sort, first, after: args.after, caller, maxTimeMS: deps.deadline.maxTimeMS() },
      deps.cursors,
    );
  }

  return {
    customer: (id: string, prefetch?: CustomerPrefetch) => {
      const key = idKey(parseId(id));
      // Cached by the loader: Customer.deals then reads it from there. Its failure is reported
      // by that read; a customer that is not visible never asks for it.
      if (prefetch?.deals) dealsByCustomer.load(key).catch(() => undefined);
      return customerById.load(key);
    },
    customerOfDoc: (doc: Doc, field: FieldInfo) => {
      const id = readPath(doc, field.segments);
      return id === undefined || id === null ? Promise.resolve(null) : customerById.load(idKey(id));
    },
    customers: async (args: ListArgs) => {
      const page = await list('Customer', customerScope, args, [{ path: fieldMap.field('Customer', 'createdAt').path, direction: -1 }]);
      // A page's customers were read through the same scope: nested Deal.customer needs no query.
      for (const doc of page.docs) customerById.prime(idKey(doc._id), doc);
      return page;
    },
    deal: (id: string) => dealById.load(idKey(parseId(id))),
    deals: (args: ListArgs) => list('Deal', dealScope, args, [{ path: fieldMap.field('Deal', 'createdAt').path, direction: -1 }]),
    dealsOfCustomer: async (customer: Doc, first: number) => limit(await dealsByCustomer.load(idKey(customer._id)), first),
    interactionsOfCustomer: async (customer: Doc, first: number) => limit(await interactionsByCustomer.load(idKey(customer._id)), first),
    interactions: async (customerId: string, args: ListArgs): Promise<Page<Doc>> => {
      const customer = await customerById.load(idKey(parseId(customerId)));
      const extra = customer ? { [interactionCustomerPath.path]: customer._id } : null;
      if (extra === null) {
        pageSize(args.first, deps.pages);
        return EMPTY_PAGE;
      }
      return list('Interaction', { kind: 'all' }, args, [{ path: fieldMap.field('Interaction', 'at').path, direction: -1 }], extra);
    },
    ownerOf: (customer: Doc) => {
      const owner = readPath(customer, customerOwnerPath.segments);
      return owner === undefined || owner === null ? Promise.resolve(null) : userById.load(idKey(owner));
    },
    customerStats: async (dimensions: readonly StatsDimension[], filterInput: FilterInput, minGroupSize: number) => {
      const uses = dimensionUses(dimensions, fieldMap);
      deps.guard.checkGroup(uses);
      deps.guard.checkAggregateFilter('Customer', filterInput);
      const { filter, uses: filterUses } = translateFilter('Customer', filterInput, fieldMap, lookupValue);
      await deps.guard.checkFilter(filterUses);
      await deps.guard.chargeAggregate();
      const raw = await aggregateCustomerStats(
        customers,
        scoped(customerScope, filter),
        uses,
        fieldMap.field('Customer', 'lifetimeValue').path,
        minGroupSize,
        new Date(),
        deps.deadline.maxTimeMS(),
      );
      return deps.stats.release(dimensions, raw);
    },
    dealStats: async (dimensions: readonly DealStatsDimension[], filterInput: FilterInput, minGroupSize: number) => {
      const { filter, uses } = translateFilter('Deal', filterInput, fieldMap);
      await deps.guard.checkFilter(uses);
      return aggregateDealStats(deals, scoped(dealScope, filter), dimensions, fieldMap, minGroupSize, deps.deadline.maxTimeMS());
    },
    interactionStats: async (dimensions: readonly InteractionStatsDimension[], filterInput: FilterInput, minGroupSize: number) => {
      const { filter, uses } = translateFilter('Interaction', filterInput, fieldMap);
      await deps.guard.checkFilter(uses);
      return aggregateInteractionStats(interactions, customerScope.kind === 'all' ? filter : null, dimensions, fieldMap, minGroupSize, deps.deadline.maxTimeMS());
    },
    updateCustomer: async (id: string, changes: Readonly<Record<string, unknown>>): Promise<{ before: Doc; after: Doc } | null> => {
      const filter = scoped(customerScope, { _id: parseId(id) } as Filter<Document>);
      if (filter === null) return null;
      await guardUniqueWrites(customers, 'Customer', Object.keys(changes));
      const $set: Record<string, unknown> = { [fieldMap.field('Customer', 'updatedAt').path]: new Date() };
      for (const [name, value] of Object.entries(changes)) {
        const field = fieldMap.field('Customer', name);
        $set[field.path] = storedValue(field, value);
      }
      let before: Doc | null;
      try {
        before = (await customers.findOneAndUpdate(filter, { $set }, { returnDocument: 'before', maxTimeMS: deps.deadline.maxTimeMS() })) as Doc | null;
      } catch (err) {
        // E11000's message quotes the duplicated (stored) value: answer with the code only.
        if (err instanceof MongoServerError && err.code === 11000) throw gatewayError('CONFLICT', 'the change conflicts with an existing customer (unique field)');
        throw err;
      }
      if (!before) return null;
      // The document as the update left it: copies along each changed path, nothing shared mutated.
      const after = { ...before } as Record<string, unknown>;
      for (const [path, value] of Object.entries($set)) setPath(after, path.split('.'), value, true);
      customerById.clear(idKey(before._id)).prime(idKey(before._id), after as Doc);
      return { before, after: after as Doc };
    },
    addInteraction: async (customerId: string, fields: Readonly<Record<string, unknown>>): Promise<Doc | null> => {
      const customer = await customerById.load(idKey(parseId(customerId)));
      if (!customer) return null;
      const doc: Record<string, unknown> = {};
      setPath(doc, interactionCustomerPath.segments, customer._id);
      for (const [name, value] of Object.entries(fields)) {
        const field = fieldMap.field('Interaction', name);
        setPath(doc, field.segments, storedValue(field, value));
      }
      await guardUniqueWrites(interactions, 'Interaction', Object.keys(fields));
      try {
        const { insertedId } = await interactions.insertOne(doc, { maxTimeMS: deps.deadline.maxTimeMS() });
        return { ...doc, _id: insertedId } as Doc;
      } catch (err) {
        if (err instanceof MongoServerError && err.code === 11000) throw gatewayError('CONFLICT');
        throw err;
      }
    },
  };
}

/** Sets a dotted path; with `copy`, sub-documents along the path are copied before writing. */
function setPath(doc: Record<string, unknown>, segments: readonly string[], value: unknown, copy = false): void {
  let target = doc;
  for (let i = 0; i < segments.length - 1; i++) {
    const key = segments[i]!;
    const existing = target[key];
    const next = existing !== null && typeof existing === 'object' ? (copy ? { ...(existing as Record<string, unknown>) } : existing) : {};
    target[key] = next;
    target = next as Record<string, unknown>;
  }
  target[segments[segments.length - 1]!] = value;
}

function limit(docs: Doc[], first: number): Doc[] {
  return first >= docs.length ? docs : docs.slice(0, Math.max(0, first));
}
