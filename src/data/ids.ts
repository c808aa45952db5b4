import { ObjectId } from 'mongodb';

/** A GraphQL ID as stored: 24 hex digits are an ObjectId, anything else a string key. */
export function parseId(id: string): ObjectId | string {
  return /^[0-9a-fA-F]{24}$/.test(id) ? ObjectId.createFromHexString(id) : id;
}

/** A stable map key for an _id value of either kind. */
export function idKey(id: unknown): string {
  if (id instanceof ObjectId) return id.toHexString();
  return typeof id === 'string' ? id : String(id);
}
