// The embedded store over TLS, as an operator starts it (`crm-gateway store --tls-cert --tls-key`),
// reached through the official driver: `tls=true&tlsCAFile=…` works end to end, and a gateway
// whose tlsCAFile names another CA refuses to start with a clear TLS error.
import { spawn, type ChildProcess } from 'node:child_process';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeCa, issue, type Ca } from '../support/certs';
import { TEST_AUDIT_KEY } from '../support/keys';
import { REPO, cli } from '../encryption/helpers';

let ca: Ca;
let store: ChildProcess;
let uri: string;

beforeAll(async () => {
  ca = makeCa('store-ca');
  const server = issue(ca, 'store', 'server');
  store = spawn(process.execPath, ['bin/crm-gateway.mjs', 'store', '--port', '0', '--tls-cert', server.cert, '--tls-key', server.key], {
    cwd: REPO,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  uri = await new Promise<string>((resolve, reject) => {
    let out = '';
    store.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const line = out.split('\n').find((l) => l.startsWith('mongodb://'));
      if (line) resolve(line.trim());
    });
    store.on('exit', (code) => reject(new Error(`store exited with ${code}`)));
  });
}, 120_000);

afterAll(async () => {
  if (store && store.exitCode === null) {
    store.kill('SIGTERM');
    await new Promise((resolve) => store.once('exit', resolve));
  }
});

it('prints a tls=true connection string; the driver connects with tlsCAFile and reads back what it wrote', async () => {
  expect(uri).toMatch(/^mongodb:\/\/127\.0\.0\.1:\d+\/\?tls=true$/);
  const client = new MongoClient(`${uri}&tlsCAFile=${encodeURIComponent(ca.cert)}`, { serverSelectionTimeoutMS: 5_000 });
  try {
    await client.connect();
    const coll = client.db('tls_test').collection('c');
    await coll.insertOne({ _id: 'x' as never, v: 1 });
    expect(await coll.findOne({ _id: 'x' as never })).toEqual({ _id: 'x', v: 1 });
  } finally {
    await client.close();
  }
});

it('a plain (non-TLS) client gets no answer', async () => {
  const client = new MongoClient(uri.replace('/?tls=true', ''), { serverSelectionTimeoutMS: 1_500 });
  await expect(client.connect()).rejects.toThrow();
  await client.close();
});

// `serve` waits out the driver's server selection (5 s) after starting a process: generous limit.
it('the gateway refuses to start when tlsCAFile names another CA, and says it was the certificate', { timeout: 180_000 }, async () => {
  const other = makeCa('other-ca');
  const res = await cli(['serve'], {
    PORT: '0',
    MONGODB_URI: `${uri}&tlsCAFile=${encodeURIComponent(other.cert)}`,
    JWT_SECRET: 'tls-test-secret-0123456789abcdefghijkl',
    JWT_ISSUER: 'https://idp.test',
    JWT_AUDIENCE: 'crm-gateway-test',
    PSEUDONYM_KEY: 'tls-test-pseudonym-key-0123456789abcdef',
    AUDIT_SIGNING_KEY: TEST_AUDIT_KEY,
    TRUST_PROXY_TLS: '1',
    LOG_LEVEL: 'silent',
  });
  expect(res.code).toBe(1);
  expect(res.stderr).toMatch(/start-up failed: TLS handshake with MongoDB failed \([A-Z_]+\): its certificate is not trusted/);
  expect(res.stderr).not.toContain('tls-test-secret');
});
