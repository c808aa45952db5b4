// Malformed input closes only the offending connection, with a logged reason; the store keeps
// serving everyone else.
import { Writable } from 'node:stream';
import { MongoClient } from 'mongodb';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedStore, type EmbeddedStore } from '../../src/embedded/index';
import { realServer } from '../support/mongo';
import { connectRaw, OP_MSG, opMsg, rawMessage } from './raw-client';

describe.skipIf(realServer)('malformed input', () => {
  let store: EmbeddedStore;
  let client: MongoClient;
  const logs: { msg: string; reason?: string }[] = [];

  beforeAll(async () => {
    const sink = new Writable({
      write(chunk, _enc, done) {
        for (const line of String(chunk).split('\n').filter(Boolean)) logs.push(JSON.parse(line));
        done();
      },
    });
    store = await startEmbeddedStore({ logger: pino({ level: 'warn' }, sink) });
    client = new MongoClient(store.uri);
    await client.connect();
  });
  afterAll(async () => {
    await client?.close();
    await store?.close();
  });

  const validBody = opMsg({ ping: 1, $db: 'admin' }).subarray(16);
  const cases: [string, () => Buffer, RegExp][] = [
    ['a length below the header size', () => rawMessage(OP_MSG, validBody, 10), /message length 10/],
    ['a 100 MB length prefix', () => rawMessage(OP_MSG, validBody, 100 * 1024 * 1024), /message length 104857600/],
    ['an unknown opcode', () => rawMessage(9999, validBody), /unsupported opcode 9999/],
    [
      'invalid BSON',
      () => {
        const bad = Buffer.from(validBody);
        bad[bad.length - 1] = 7; // the document's terminating NUL
        return rawMessage(OP_MSG, bad);
      },
      /invalid BSON/,
    ],
    [
      'a document longer than its message',
      () => {
        const bad = Buffer.from(validBody);
        bad.writeInt32LE(500, 5);
        return rawMessage(OP_MSG, bad);
      },
      /overruns/,
    ],
    [
      'an unknown required flag bit',
      () => {
        const bad = Buffer.from(validBody);
        bad.writeUInt32LE(1 << 3, 0);
        return rawMessage(OP_MSG, bad);
      },
      /unknown required flag/,
    ],
  ];

  it.each(cases)('closes the connection on %s, logs why, and keeps serving', async (_name, build, reason) => {
    const before = logs.length;
    const c = await connectRaw(store.port);
    c.send(build());
    await c.closed();
    expect(logs.slice(before).some((l) => reason.test(l.reason ?? ''))).toBe(true);
    expect((await client.db('admin').command({ ping: 1 })).ok).toBe(1);
  });

  it('logs a message truncated by the client closing', async () => {
    const before = logs.length;
    const c = await connectRaw(store.port);
    c.send(rawMessage(OP_MSG, validBody).subarray(0, 20));
    c.socket.end();
    await c.closed();
    await new Promise((r) => setTimeout(r, 20));
    expect(logs.slice(before).some((l) => /incomplete message/.test(l.reason ?? ''))).toBe(true);
    expect((await client.db('admin').command({ ping: 1 })).ok).toBe(1);
  });
});
