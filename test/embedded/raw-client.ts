// A bare-bones wire client for tests that must send exact bytes (malformed input, legacy
// opcodes, checksums) instead of what the driver sends.
import net from 'node:net';
import { deserialize, serialize, type Document } from 'bson';
import { crc32c } from '../../src/embedded/checksum';

export const OP_REPLY = 1;
export const OP_QUERY = 2004;
export const OP_MSG = 2013;

let requestId = 1;

function header(length: number, opCode: number): Buffer {
  const h = Buffer.alloc(16);
  h.writeInt32LE(length, 0);
  h.writeInt32LE(requestId++, 4);
  h.writeInt32LE(0, 8);
  h.writeInt32LE(opCode, 12);
  return h;
}

export function opMsg(body: Document, opts: { flags?: number; sequences?: Record<string, Document[]>; checksum?: 'good' | 'bad' } = {}): Buffer {
  let flags = opts.flags ?? 0;
  if (opts.checksum) flags |= 1;
  const parts: Buffer[] = [Buffer.from([0]), Buffer.from(serialize(body))];
  for (const [id, docs] of Object.entries(opts.sequences ?? {})) {
    const payload = Buffer.concat([Buffer.from(`${id}\0`), ...docs.map((d) => Buffer.from(serialize(d)))]);
    const size = Buffer.alloc(4);
    size.writeInt32LE(payload.length + 4, 0);
    parts.push(Buffer.from([1]), size, payload);
  }
  const flagBuf = Buffer.alloc(4);
  flagBuf.writeUInt32LE(flags >>> 0, 0);
  const content = Buffer.concat([flagBuf, ...parts]);
  const length = 16 + content.length + (opts.checksum ? 4 : 0);
  let msg = Buffer.concat([header(length, OP_MSG), content]);
  if (opts.checksum) {
    const sum = Buffer.alloc(4);
    sum.writeUInt32LE(opts.checksum === 'good' ? crc32c(msg) : (crc32c(msg) ^ 1) >>> 0, 0);
    msg = Buffer.concat([msg, sum]);
  }
  return msg;
}

export function opQuery(ns: string, query: Document): Buffer {
  const content = Buffer.concat([Buffer.alloc(4), Buffer.from(`${ns}\0`), Buffer.from([0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff]), Buffer.from(serialize(query))]);
  return Buffer.concat([header(16 + content.length, OP_QUERY), content]);
}

export function rawMessage(opCode: number, content: Buffer, lengthOverride?: number): Buffer {
  return Buffer.concat([header(lengthOverride ?? 16 + content.length, opCode), content]);
}

export interface RawConnection {
  socket: net.Socket;
  send(bytes: Buffer): void;
  /** The next reply's opcode and document. */
  reply(timeoutMs?: number): Promise<{ opCode: number; doc: Document }>;
  /** Resolves when the server closes the connection. */
  closed(timeoutMs?: number): Promise<void>;
}

export async function connectRaw(port: number): Promise<RawConnection> {
  const socket = net.connect(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  socket.on('error', () => {});
  let buffered = Buffer.alloc(0);
  const waiters: (() => void)[] = [];
  socket.on('data', (chunk) => {
    buffered = Buffer.concat([buffered, chunk]);
    for (const w of waiters.splice(0)) w();
  });
  const isClosed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  return {
    socket,
    send: (bytes) => socket.write(bytes),
    async reply(timeoutMs = 2000) {
      const deadline = Date.now() + timeoutMs;
      while (buffered.length < 4 || buffered.length < buffered.readInt32LE(0)) {
        if (Date.now() > deadline) throw new Error('no reply');
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 50);
        });
      }
      const length = buffered.readInt32LE(0);
      const msg = buffered.subarray(0, length);
      buffered = buffered.subarray(length);
      const opCode = msg.readInt32LE(12);
      const docStart = opCode === OP_REPLY ? 16 + 20 : 16 + 5;
      return { opCode, doc: deserialize(msg.subarray(docStart)) };
    },
    closed(timeoutMs = 2000) {
      return Promise.race([isClosed, new Promise<void>((_, reject) => setTimeout(() => reject(new Error('connection stayed open')), timeoutMs))]);
    },
  };
}
