// What a team writes first to read the CRM collections for the peer variants (plain, naive
// secure, floor): a sorted find for a page, a find by _id, and deals for many customers at once
// by customerId. The driver's defaults are kept (first batch of 101 documents, then getMore), as
// a first version would; the gateway's own data layer is not used, so the peers share nothing
// with it but the store and the schema.
import DataLoader from 'dataloader';
import { ObjectId, type Db, type Document } from 'mongodb';
import { applyMask } from '../../src/masking';

/** Newest first, the gateway's default page order (createdAt desc, _id desc). */
export const PAGE_SORT = { createdAt: -1, _id: -1 } as const;
/** A customer's deals, newest first, as `Customer.deals(first: 20)` serves them. */
export const DEALS_SORT = { createdAt: -1, _id: -1 } as const;
export const DEALS_PER_CUSTOMER = 20;

export function customerPage(db: Db, first: number): Promise<Document[]> {
  return db.collection('customers').find({}).sort(PAGE_SORT).limit(first).toArray();
}

export function customerById(db: Db, id: string): Promise<Document | null> {
  if (!ObjectId.isValid(id)) return Promise.resolve(null);
  return db.collection('customers').findOne({ _id: new ObjectId(id) });
}

export async function dealsForCustomers(db: Db, customerIds: readonly ObjectId[]): Promise<Map<string, Document[]>> {
  const groups = new Map<string, Document[]>(customerIds.map((id) => [id.toHexString(), []]));
  const deals = await db
    .collection('deals')
    .find({ customerId: { $in: [...customerIds] } })
    .sort(DEALS_SORT)
    .toArray();
  for (const deal of deals) groups.get((deal.customerId as ObjectId).toHexString())?.push(deal);
  return groups;
}

/** Per request: deals of every customer a page resolves, in one query. */
export function dealsLoader(db: Db): DataLoader<ObjectId, Document[], string> {
  return new DataLoader<ObjectId, Document[], string>(
    async (ids) => {
      const groups = await dealsForCustomers(db, ids);
      return ids.map((id) => groups.get(id.toHexString())!);
    },
    { cacheKeyFn: (id) => id.toHexString() },
  );
}

// The stored address is an object and the birth date a Date; the API serves strings. The clear
// formatters are the gateway's so every variant sends the same bytes for the same value.
const FORMAT_CONTEXT = { tokenKey: Buffer.alloc(32), now: new Date(0) };

export function formatAddress(address: unknown): string | null {
  return applyMask('ADDRESS', address, 'clear', FORMAT_CONTEXT).value;
}

export function formatBirthDate(birthDate: unknown): string | null {
  return applyMask('BIRTH_DATE', birthDate, 'clear', FORMAT_CONTEXT).value;
}
