// MongoDB wire protocol: message framing, request parsing and reply encoding.
// https://www.mongodb.com/docs/manual/reference/mongodb-wire-protocol/
import { deserialize, serialize } from 'bson';
import { crc32c } from './checksum';
import { ProtocolError } from './errors';
import type { Doc } from './keys';

export const OP_REPLY = 1;
export const OP_QUERY = 2004;
export const OP_COMPRESSED = 2012;
export const OP_MSG = 2013;

export const MAX_BSON_OBJECT_SIZE = 16 * 1024 * 1024;
export const MAX_MESSAGE_SIZE = 48_000_000;
const HEADER_SIZE = 16;

const MSG_CHECKSUM_PRESENT = 1 << 0;
const MSG_MORE_TO_COME = 1 << 1;
// Bits 0-15 are "required": a receiver must reject a message with one it does not know.
const MSG_KNOWN_REQUIRED = MSG_CHECKSUM_PRESENT | MSG_MORE_TO_COME;

/** Command documents are decoded without promoting numbers; see numeric-types.ts. */
const DECODE_OPTIONS = { promoteValues: false, promoteBuffers: false, bsonRegExp: false } as const;

export interface Request {
  requestId: number;
  opCode: typeof OP_MSG | typeof OP_QUERY;
  /** The command document, with OP_MSG document sequences attached under their identifiers. */
  body: Doc;
  /** OP_MSG moreToCome: the client expects no reply (w:0 writes). */
  moreToCome: boolean;
  /** OP_QUERY only: the namespace the query was addressed to (e.g. admin.$cmd). */
  namespace?: string;
}

/**
 * Splits a TCP byte stream into whole messages. Rejects a bad length prefix as soon as it is
 * seen, so a 100 MB prefix never causes 100 MB to be buffered.
 */
export class MessageFramer {
  private chunks: Buffer[] = [];
  private buffered = 0;

  push(chunk: Buffer): Buffer[] {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    const messages: Buffer[] = [];
    for (;;) {
      if (this.buffered < 4) break;
      const head = this.chunks[0].length >= 4 ? this.chunks[0] : this.flatten();
      const length = head.readInt32LE(0);
      if (length < HEADER_SIZE || length > MAX_MESSAGE_SIZE) {
        throw new ProtocolError(`message length ${length} is outside [${HEADER_SIZE}, ${MAX_MESSAGE_SIZE}]`);
      }
      if (this.buffered < length) break;
      const all = this.flatten();
      messages.push(all.subarray(0, length));
      const rest = all.subarray(length);
      this.chunks = rest.length ? [rest] : [];
      this.buffered = rest.length;
    }
    return messages;
  }

  /** Bytes of a message started but not yet complete (reported when a connection closes mid-message). */
  get pending(): number {
    return this.buffered;
  }

  private flatten(): Buffer {
    if (this.chunks.length > 1) this.chunks = [Buffer.concat(this.chunks, this.buffered)];
    return this.chunks[0];
  }
}

export function parseMessage(msg: Buffer): Request {
  const requestId = msg.readInt32LE(4);
  const opCode = msg.readInt32LE(12);
  switch (opCode) {
    case OP_MSG:
      return parseOpMsg(msg, requestId);
    case OP_QUERY:
      return parseOpQuery(msg, requestId);
    case OP_COMPRESSED:
      throw new ProtocolError('OP_COMPRESSED received but no compressor was negotiated');
    default:
      throw new ProtocolError(`unsupported opcode ${opCode}`);
  }
}

function readDocument(msg: Buffer, offset: number, end: number): { doc: Doc; next: number } {
  if (offset + 5 > end) throw new ProtocolError('truncated BSON document');
  const size = msg.readInt32LE(offset);
  if (size < 5 || offset + size > end) throw new ProtocolError(`BSON document length ${size} overruns the message`);
  if (size > MAX_BSON_OBJECT_SIZE + 16 * 1024) throw new ProtocolError(`BSON document of ${size} bytes exceeds the maximum`);
  let doc: Doc;
  try {
    doc = deserialize(msg.subarray(offset, offset + size), DECODE_OPTIONS) as Doc;
  } catch (err) {
    throw new ProtocolError(`invalid BSON: ${(err as Error).message}`);
  }
  return { doc, next: offset + size };
}

function readCString(msg: Buffer, offset: number, end: number): { value: string; next: number } {
  const zero = msg.indexOf(0, offset);
  if (zero === -1 || zero >= end) throw new ProtocolError('unterminated C string');
  return { value: msg.toString('utf8', offset, zero), next: zero + 1 };
}

function parseOpMsg(msg: Buffer, requestId: number): Request {
  if (msg.length < HEADER_SIZE + 5) throw new ProtocolError('OP_MSG too short');
  const flags = msg.readUInt32LE(HEADER_SIZE);
  if ((flags & 0xffff & ~MSG_KNOWN_REQUIRED) !== 0) throw new ProtocolError(`OP_MSG has unknown required flag bits ${flags.toString(16)}`);
  let end = msg.length;
  if (flags & MSG_CHECKSUM_PRESENT) {
    end -= 4;
    if (end < HEADER_SIZE + 5) throw new ProtocolError('OP_MSG too short for its checksum');
    const expected = msg.readUInt32LE(end);
    const actual = crc32c(msg, 0, end);
    if (expected !== actual) throw new ProtocolError(`OP_MSG checksum mismatch (got ${expected}, computed ${actual})`);
  }
  let offset = HEADER_SIZE + 4;
  let body: Doc | null = null;
  const sequences: [string, Doc[]][] = [];
  while (offset < end) {
    const kind = msg[offset++];
    if (kind === 0) {
      if (body) throw new ProtocolError('OP_MSG has more than one body section');
      const r = readDocument(msg, offset, end);
      body = r.doc;
      offset = r.next;
    } else if (kind === 1) {
      if (offset + 4 > end) throw new ProtocolError('truncated document sequence');
      const size = msg.readInt32LE(offset);
      const seqEnd = offset + size;
      if (size < 5 || seqEnd > end) throw new ProtocolError(`document sequence length ${size} overruns the message`);
      const id = readCString(msg, offset + 4, seqEnd);
      const docs: Doc[] = [];
      let p = id.next;
      while (p < seqEnd) {
        const r = readDocument(msg, p, seqEnd);
        docs.push(r.doc);
        p = r.next;
      }
      sequences.push([id.value, docs]);
      offset = seqEnd;
    } else {
      throw new ProtocolError(`OP_MSG section kind ${kind} is not supported`);
    }
  }
  if (!body) throw new ProtocolError('OP_MSG has no body section');
  for (const [id, docs] of sequences) {
    if (id in body) throw new ProtocolError(`OP_MSG document sequence '${id}' duplicates a body field`);
    body[id] = docs;
  }
  return { requestId, opCode: OP_MSG, body, moreToCome: (flags & MSG_MORE_TO_COME) !== 0 };
}

function parseOpQuery(msg: Buffer, requestId: number): Request {
  let offset = HEADER_SIZE + 4; // flags
  const ns = readCString(msg, offset, msg.length);
  offset = ns.next + 8; // numberToSkip, numberToReturn
  const q = readDocument(msg, offset, msg.length);
  let body = q.doc;
  // Legacy clients may wrap the command as {$query: {...}, $readPreference: ...}.
  if (body.$query && typeof body.$query === 'object') body = body.$query as Doc;
  return { requestId, opCode: OP_QUERY, body, moreToCome: false, namespace: ns.value };
}

let nextResponseId = 1;

function header(length: number, responseTo: number, opCode: number): Buffer {
  const h = Buffer.allocUnsafe(HEADER_SIZE);
  h.writeInt32LE(length, 0);
  h.writeInt32LE(nextResponseId++ & 0x7fffffff, 4);
  h.writeInt32LE(responseTo, 8);
  h.writeInt32LE(opCode, 12);
  return h;
}

/** An OP_MSG reply whose single body section is `body` (already BSON-encoded). */
export function encodeOpMsg(responseTo: number, body: Uint8Array): Uint8Array[] {
  const prefix = Buffer.allocUnsafe(5);
  prefix.writeUInt32LE(0, 0);
  prefix[4] = 0;
  return [header(HEADER_SIZE + 5 + body.length, responseTo, OP_MSG), prefix, body];
}

/** An OP_REPLY carrying one document, the answer to a legacy OP_QUERY handshake. */
export function encodeOpReply(responseTo: number, doc: Doc): Uint8Array[] {
  const body = serialize(doc);
  const fields = Buffer.alloc(20); // responseFlags, cursorID (int64), startingFrom, numberReturned
  fields.writeInt32LE(1, 16);
  return [header(HEADER_SIZE + 20 + body.length, responseTo, OP_REPLY), fields, body];
}
