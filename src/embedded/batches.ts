// Encodes cursor replies. Documents are serialized one by one (so a batch can stop at the 16 MB
// reply limit) and spliced into a hand-built `{cursor: {<batch>: [...], id, ns}, ok: 1}`, which
// saves re-walking the whole batch in a second serializer pass.
import { serialize } from 'bson';
import type { Doc } from './keys';
import { restoreNumbers } from './numeric-types';
import { MAX_BSON_OBJECT_SIZE } from './wire';

const BATCH_BYTES_LIMIT = MAX_BSON_OBJECT_SIZE - 64 * 1024;
const SERIALIZE_OPTIONS = { ignoreUndefined: true } as const;

/**
 * Encoded bytes per document object, owned by one store (Catalog.encoded). Stored documents are
 * never mutated in place (catalog.ts replaces them on update), so a document's bytes can be reused
 * for every reply that returns it until it is replaced; the WeakMap lets replaced ones go.
 */
export type EncodedCache = WeakMap<Doc, Uint8Array>;

export function encodeDocument(doc: Doc, restore: boolean, cache: EncodedCache): Uint8Array {
  let bytes = cache.get(doc);
  if (bytes === undefined) {
    bytes = serialize(restore ? restoreNumbers(doc) : doc, SERIALIZE_OPTIONS);
    cache.set(doc, bytes);
  }
  return bytes;
}

/** Serializes up to `max` documents from `start`, stopping early at the reply size limit. */
export function takeBatch(docs: Doc[], start: number, max: number, restore: boolean, cache: EncodedCache): { batch: Uint8Array[]; next: number } {
  const batch: Uint8Array[] = [];
  let bytes = 0;
  let i = start;
  while (i < docs.length && batch.length < max) {
    const b = encodeDocument(docs[i], restore, cache);
    if (batch.length > 0 && bytes + b.length > BATCH_BYTES_LIMIT) break;
    batch.push(b);
    bytes += b.length;
    i++;
  }
  return { batch, next: i };
}

function cstring(s: string): Buffer {
  return Buffer.from(`${s}\0`, 'utf8');
}

function documentOf(parts: Uint8Array[]): Uint8Array[] {
  const size = parts.reduce((n, p) => n + p.length, 0) + 5;
  const head = Buffer.allocUnsafe(4);
  head.writeInt32LE(size, 0);
  return [head, ...parts, Buffer.from([0])];
}

function byteLength(parts: Uint8Array[]): number {
  return parts.reduce((n, p) => n + p.length, 0);
}

// Array element headers (type 0x03, key "i", NUL) are the same for every reply; build them once.
const elementHeaders: Buffer[] = [];
function elementHeader(i: number): Buffer {
  for (let k = elementHeaders.length; k <= i; k++) elementHeaders.push(Buffer.from(`\x03${k}\0`, 'latin1'));
  return elementHeaders[i];
}

/** `{cursor: {firstBatch|nextBatch: batch, id: Long(id), ns}, ok: 1}` as BSON. */
export function encodeCursorReply(ns: string, field: 'firstBatch' | 'nextBatch', batch: Uint8Array[], cursorId: number): Buffer {
  const arrayElems: Uint8Array[] = [];
  for (const [i, doc] of batch.entries()) arrayElems.push(elementHeader(i), doc);
  const array = documentOf(arrayElems);

  const id = Buffer.allocUnsafe(8);
  id.writeBigInt64LE(BigInt(cursorId), 0);
  const nsBytes = Buffer.from(ns, 'utf8');
  const nsLen = Buffer.allocUnsafe(4);
  nsLen.writeInt32LE(nsBytes.length + 1, 0);

  const cursor = documentOf([
    Buffer.from([0x04]),
    cstring(field),
    ...array,
    Buffer.from([0x12]),
    cstring('id'),
    id,
    Buffer.from([0x02]),
    cstring('ns'),
    nsLen,
    nsBytes,
    Buffer.from([0]),
  ]);
  const ok = Buffer.allocUnsafe(8);
  ok.writeDoubleLE(1, 0);
  const reply = documentOf([Buffer.from([0x03]), cstring('cursor'), ...cursor, Buffer.from([0x01]), cstring('ok'), ok]);
  return Buffer.concat(reply, byteLength(reply));
}
