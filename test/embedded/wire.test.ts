// Wire-level behaviour the driver does not exercise on its own: the legacy OP_QUERY handshake,
// checksums, document sequences and fire-and-forget (moreToCome) messages.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedStore, type EmbeddedStore } from '../../src/embedded/index';
import { realServer } from '../support/mongo';
import { connectRaw, OP_MSG, OP_REPLY, opMsg, opQuery } from './raw-client';

describe.skipIf(realServer)('wire protocol', () => {
  let store: EmbeddedStore;
  beforeAll(async () => {
    store = await startEmbeddedStore();
  });
  afterAll(async () => {
    await store?.close();
  });

  it('answers a legacy OP_QUERY isMaster with OP_REPLY, as 7.0 does', async () => {
    const c = await connectRaw(store.port);
    c.send(opQuery('admin.$cmd', { isMaster: 1, helloOk: true }));
    const { opCode, doc } = await c.reply();
    expect(opCode).toBe(OP_REPLY);
    expect(doc).toMatchObject({ ismaster: true, helloOk: true, minWireVersion: 0, maxWireVersion: 21, logicalSessionTimeoutMinutes: 30, ok: 1 });
    c.send(opQuery('admin.$cmd', { find: 'x' }));
    expect((await c.reply()).doc).toMatchObject({ ok: 0, code: 352, codeName: 'UnsupportedOpQueryCommand' });
    c.socket.destroy();
  });

  it('answers OP_MSG hello and requires $db', async () => {
    const c = await connectRaw(store.port);
    c.send(opMsg({ hello: 1, $db: 'admin' }));
    const r = await c.reply();
    expect(r.opCode).toBe(OP_MSG);
    expect(r.doc).toMatchObject({ isWritablePrimary: true, maxWireVersion: 21, ok: 1 });
    c.send(opMsg({ ping: 1 }));
    expect((await c.reply()).doc).toMatchObject({ ok: 0, code: 40571 });
    c.socket.destroy();
  });

  it('accepts document sequences (kind 1) and verifies checksums', async () => {
    const c = await connectRaw(store.port);
    c.send(opMsg({ insert: 'seq', $db: 'wire' }, { sequences: { documents: [{ _id: 1 }, { _id: 2 }] }, checksum: 'good' }));
    expect((await c.reply()).doc).toMatchObject({ n: 2, ok: 1 });
    c.send(opMsg({ find: 'seq', filter: {}, $db: 'wire' }));
    expect((await c.reply()).doc.cursor.firstBatch).toEqual([{ _id: 1 }, { _id: 2 }]);
    c.send(opMsg({ ping: 1, $db: 'admin' }, { checksum: 'bad' }));
    await c.closed();
  });

  it('does not answer moreToCome messages but still applies them', async () => {
    const c = await connectRaw(store.port);
    c.send(opMsg({ insert: 'w0', documents: [{ _id: 'a' }], $db: 'wire' }, { flags: 2 }));
    c.send(opMsg({ count: 'w0', $db: 'wire' }));
    const r = await c.reply();
    expect(r.doc).toMatchObject({ n: 1, ok: 1 });
    c.socket.destroy();
  });
});
