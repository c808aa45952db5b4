// Document ids, in one place: how a client-given id maps to the stored _id (24 hex digits are an
// ObjectId, anything else a string key, so a CRM with string ids works too), and how stored ids
// turn back into strings. Used by the data layer and by the audit ledger's queries alike.
import { ObjectId } from 'mongodb';

const OBJECT_ID_HEX = /^[0-9a-f]{24}$/i;

/** True when a client-given id has the form of an ObjectId (24 hex digits). */
export function isObjectIdHex(id: string): boolean {
  return OBJECT_ID_HEX.test(id);
}

/** An ObjectId from any copy of the bson package (the driver's CJS build and our ESM import differ). */
export function isObjectId(value: unknown): value is { toHexString(): string } {
  return typeof value === 'object' && value !== null && (value as { _bsontype?: unknown })._bsontype === 'ObjectId';
}

/** A GraphQL ID as stored: 24 hex digits are an ObjectId, anything else a string key. */
export function parseId(id: string): ObjectId | string {
  return isObjectIdHex(id) ? ObjectId.createFromHexString(id) : id;
}

/** A stable map key for an _id value of either kind: an ObjectId's hex digits, or the string. */
export function idKey(id: unknown): string {
  if (isObjectId(id)) return id.toHexString();
  return typeof id === 'string' ? id : String(id);
}
