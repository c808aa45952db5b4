// One MongoDB for an integration test: a fresh embedded store per call, or the real server named
// by MONGODB_URI. Either way the test talks to it through the official driver over TCP, and gets
// a database of its own that close() drops.
import { randomBytes } from 'node:crypto';
import { type Db, MongoClient } from 'mongodb';
import { type FaultInjector, startEmbeddedStore } from '../../src/embedded/index';

export interface TestMongo {
  uri: string;
  client: MongoClient;
  /** Unique per call. */
  dbName: string;
  db(): Db;
  /** null against a real server (MONGODB_URI set). */
  faults: FaultInjector | null;
  /** Drops the database, closes the client and stops the embedded store. */
  close(): Promise<void>;
}

/** True when MONGODB_URI is set; use `describe.skipIf(realServer)` only for fault-injection tests. */
export const realServer: boolean = Boolean(process.env.MONGODB_URI);

let counter = 0;

/** `uri`: a server started elsewhere (e.g. an embedded store in a child process), used like MONGODB_URI. */
export async function startTestMongo(opts: { monitorCommands?: boolean; uri?: string } = {}): Promise<TestMongo> {
  const store = realServer || opts.uri ? null : await startEmbeddedStore();
  const uri = store?.uri ?? opts.uri ?? (process.env.MONGODB_URI as string);
  const client = new MongoClient(uri, {
    monitorCommands: opts.monitorCommands ?? false,
    // Fail fast when a test has refused or dropped connections on purpose.
    serverSelectionTimeoutMS: store ? 2_000 : 15_000,
  });
  try {
    await client.connect();
  } catch (err) {
    await store?.close();
    throw err;
  }
  const dbName = `test_${process.pid}_${++counter}_${randomBytes(3).toString('hex')}`;
  let closed = false;
  return {
    uri,
    client,
    dbName,
    db: () => client.db(dbName),
    faults: store?.faults ?? null,
    async close() {
      if (closed) return;
      closed = true;
      store?.faults.reset();
      try {
        await client.db(dbName).dropDatabase();
      } catch {
        // The test may have left the server unreachable; the store is discarded below anyway.
      } finally {
        await client.close(true);
        await store?.close();
      }
    },
  };
}
