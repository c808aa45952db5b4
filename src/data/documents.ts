// What the data layer hands to resolvers: raw documents of the existing store. Their shape is
// whatever the store holds; the schema's @source directives say where each field lives, so the
// gateway never assumes a fixed document layout.
import type { ObjectId } from 'mongodb';

export interface Doc {
  readonly _id: ObjectId | string;
  readonly [path: string]: unknown;
}

export type CustomerDoc = Doc;
export type DealDoc = Doc;
export type InteractionDoc = Doc;
export type UserDoc = Doc;
