// Data keys in a key-vault collection shaped like MongoDB's (`encryption.__keyVault` by default):
// { _id: UUID, keyAltNames?, keyMaterial, creationDate, updateDate, status: 0, masterKey: { provider: 'local' } },
// where keyMaterial is the 96-byte data key encrypted with AEAD_AES_256_CBC_HMAC_SHA_512 under
// the 96-byte local master key with empty associated data. Data keys only ever exist in clear in
// this process's memory; they are never logged, and errors name key ids, not material.
import { randomBytes } from 'node:crypto';
import { Binary, UUID, type Collection, type Document, type Filter, type MongoClient } from 'mongodb';
import { AEAD_KEY_LENGTH, aeadDecrypt, aeadEncrypt, randomIv } from './aead';

export const DEFAULT_KEY_VAULT = 'encryption.__keyVault';
const EMPTY = Buffer.alloc(0);

export interface KeyRef {
  readonly keyId?: string; // UUID text
  readonly keyAltName?: string;
}

export interface DataKeyInfo {
  readonly id: string; // UUID text
  readonly keyAltNames: readonly string[];
  readonly provider: string;
  readonly creationDate: Date | null;
  readonly updateDate: Date | null;
}

export function wrapDataKey(masterKey: Uint8Array, material: Uint8Array): Buffer {
  return aeadEncrypt(masterKey, material, EMPTY, randomIv());
}

/** The data key, or null when this master key did not wrap it (or it was altered). */
export function unwrapDataKey(masterKey: Uint8Array, keyMaterial: Uint8Array): Buffer | null {
  const material = aeadDecrypt(masterKey, keyMaterial, EMPTY);
  return material !== null && material.length === AEAD_KEY_LENGTH ? material : null;
}

export function parseNamespace(namespace: string): { db: string; collection: string } {
  const dot = namespace.indexOf('.');
  if (dot <= 0 || dot === namespace.length - 1) throw new RangeError(`key vault namespace "${namespace}" must be db.collection`);
  return { db: namespace.slice(0, dot), collection: namespace.slice(dot + 1) };
}

export function uuidText(id: Uint8Array): string {
  return new UUID(Buffer.from(id)).toHexString(true);
}

function isBinary(v: unknown): v is Binary {
  return (v as { _bsontype?: unknown } | null)?._bsontype === 'Binary';
}

function keyIdBytes(id: unknown): Buffer | null {
  if (isBinary(id) && (id.sub_type === 4 || id.sub_type === 3) && id.position === 16) return Buffer.from(id.buffer.subarray(0, 16));
  return null;
}

export interface KeyVault {
  readonly namespace: string;
  create(masterKey: Uint8Array, keyAltNames?: readonly string[]): Promise<string>;
  list(): Promise<DataKeyInfo[]>;
  /** Every data key readable under the master key, by id (hex) and alt name. */
  readAll(masterKey: Uint8Array): Promise<{ keys: Map<string, Buffer>; altNames: Map<string, string>; unreadable: string[] }>;
  /**
   * Rewraps every data key from the old master key to the new one, one compare-and-swap update
   * per key, documents untouched. Keys already under the new master key are counted, not
   * rewritten, so an interrupted rotation is finished by running it again. Refuses (writing
   * nothing) when a key opens under neither master key.
   */
  rotateMaster(oldMaster: Uint8Array, newMaster: Uint8Array): Promise<{ rewrapped: number; alreadyRotated: number }>;
  ensureIndexes(): Promise<void>;
}

export function openKeyVault(client: MongoClient, namespace: string): KeyVault {
  const ns = parseNamespace(namespace);
  const coll: Collection<Document> = client.db(ns.db).collection(ns.collection);
  return {
    namespace,
    async ensureIndexes() {
      // MongoDB's documented key-vault index: an alt name names at most one key.
      await coll.createIndex({ keyAltNames: 1 }, { unique: true, partialFilterExpression: { keyAltNames: { $exists: true } }, name: 'keyAltNames_1' });
    },
    async create(masterKey, keyAltNames = []) {
      const id = new UUID();
      const now = new Date();
      await coll.insertOne({
        _id: id,
        ...(keyAltNames.length > 0 ? { keyAltNames: [...keyAltNames] } : {}),
        keyMaterial: new Binary(wrapDataKey(masterKey, randomBytes(AEAD_KEY_LENGTH)), 0),
        creationDate: now,
        updateDate: now,
        status: 0,
        masterKey: { provider: 'local' },
      } as Document);
      return id.toHexString(true);
    },
    async list() {
      const docs = await coll.find({}, { projection: { keyMaterial: 0 }, sort: { creationDate: 1 } }).toArray();
      return docs.map((d) => {
        const id = keyIdBytes(d._id);
        return {
          id: id ? uuidText(id) : String(d._id),
          keyAltNames: Array.isArray(d.keyAltNames) ? d.keyAltNames.map(String) : [],
          provider: typeof d.masterKey?.provider === 'string' ? d.masterKey.provider : 'unknown',
          creationDate: d.creationDate instanceof Date ? d.creationDate : null,
          updateDate: d.updateDate instanceof Date ? d.updateDate : null,
        };
      });
    },
    async readAll(masterKey) {
      const keys = new Map<string, Buffer>();
      const altNames = new Map<string, string>();
      const unreadable: string[] = [];
      for (const d of await coll.find({}).toArray()) {
        const id = keyIdBytes(d._id);
        if (!id) continue;
        const hex = id.toString('hex');
        const wrapped = isBinary(d.keyMaterial) ? d.keyMaterial.buffer.subarray(0, d.keyMaterial.position) : null;
        const material = d.masterKey?.provider === 'local' && wrapped ? unwrapDataKey(masterKey, wrapped) : null;
        if (!material) {
          unreadable.push(uuidText(id));
          continue;
        }
        keys.set(hex, material);
        if (Array.isArray(d.keyAltNames)) for (const name of d.keyAltNames) altNames.set(String(name), hex);
      }
      return { keys, altNames, unreadable };
    },
    async rotateMaster(oldMaster, newMaster) {
      const docs = await coll.find({ 'masterKey.provider': 'local' }).toArray();
      const plan: { _id: unknown; old: Binary; material: Buffer }[] = [];
      let alreadyRotated = 0;
      for (const d of docs) {
        const id = keyIdBytes(d._id);
        const wrapped = isBinary(d.keyMaterial) ? d.keyMaterial.buffer.subarray(0, d.keyMaterial.position) : null;
        const label = id ? uuidText(id) : 'a key without a UUID _id';
        if (!wrapped) throw new Error(`data key ${label} has no keyMaterial`);
        const material = unwrapDataKey(oldMaster, wrapped);
        if (material) {
          plan.push({ _id: d._id, old: d.keyMaterial as Binary, material });
          continue;
        }
        if (unwrapDataKey(newMaster, wrapped)) alreadyRotated++;
        else throw new Error(`data key ${label} opens under neither the current nor the new master key; nothing was rewrapped`);
      }
      let rewrapped = 0;
      for (const p of plan) {
        const swap: Filter<Document> = { _id: p._id as Document['_id'], keyMaterial: p.old };
        const res = await coll.updateOne(swap, { $set: { keyMaterial: new Binary(wrapDataKey(newMaster, p.material), 0), updateDate: new Date() } });
        if (res.modifiedCount === 1) rewrapped++;
      }
      return { rewrapped, alreadyRotated };
    },
  };
}
