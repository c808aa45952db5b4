// TLS in transit to the gateway: the HTTPS listener with a certificate from a CA made in the
// test, HSTS on every response, certificate reload without a restart (SIGHUP on `serve`),
// client certificates when TLS_CLIENT_CA_FILE is set, and plain HTTP refused in production
// unless TRUST_PROXY_TLS says a TLS-terminating proxy is in front.
import { copyFileSync, readFileSync } from 'node:fs';
import { request, type RequestOptions } from 'node:https';
import type { TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issue, makeCa, type Ca, type Issued } from '../support/certs';
import { startTestGateway, type TestGateway } from '../support/gateway';
import { spawnCli } from '../encryption/helpers';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: any;
  serial: string;
}

function post(url: string, token: string | null, query: string, tls: Pick<RequestOptions, 'ca' | 'cert' | 'key'>): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const body = JSON.stringify({ query });
    const req = request(
      url,
      { method: 'POST', agent: false, headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, ...tls },
      (res) => {
        const serial = (res.socket as TLSSocket).getPeerCertificate().serialNumber;
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: JSON.parse(text), serial }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('HTTPS listener', () => {
  let ca: Ca;
  let gw: TestGateway;

  beforeAll(async () => {
    ca = makeCa('gateway-ca');
    const server = issue(ca, 'gateway', 'server');
    gw = await startTestGateway({ customers: 5, env: { TLS_CERT_FILE: server.cert, TLS_KEY_FILE: server.key, TRUST_PROXY_TLS: '0' } });
  });
  afterAll(() => gw?.close());

  it('serves GraphQL over HTTPS with a certificate the client trusts through the CA, with HSTS', async () => {
    expect(gw.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/graphql$/);
    const token = await gw.token({ sub: 'admin-1', role: 'admin' });
    const res = await post(gw.url, token, '{ me { role } }', { ca: readFileSync(ca.cert) });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ data: { me: { role: 'admin' } } });
    expect(res.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
  });

  it('is refused by a client that does not trust the CA, and does not speak plain HTTP', async () => {
    await expect(post(gw.url, null, '{ me { role } }', { ca: readFileSync(makeCa('stranger').cert) })).rejects.toThrow(/self-signed|unable to verify|certificate/i);
    await expect(fetch(gw.url.replace('https:', 'http:'), { method: 'POST' })).rejects.toThrow();
  });

  it('reloads the certificate and key in place; new connections get the new certificate', async () => {
    const before = await post(gw.url, null, '{ me { role } }', { ca: readFileSync(ca.cert) });
    const renewed = issue(ca, 'gateway-renewed', 'server');
    copyFileSync(renewed.cert, gw.config.http.tls!.certFile);
    copyFileSync(renewed.key, gw.config.http.tls!.keyFile);
    expect(gw.gateway.reloadTls()).toBe(true);
    const after = await post(gw.url, null, '{ me { role } }', { ca: readFileSync(ca.cert) });
    expect(after.serial).not.toBe(before.serial);
  });
});

describe('client certificates (TLS_CLIENT_CA_FILE)', () => {
  let ca: Ca;
  let clients: Ca;
  let bi: Issued;
  let gw: TestGateway;

  beforeAll(async () => {
    ca = makeCa('gateway-ca');
    clients = makeCa('bi-clients-ca');
    bi = issue(clients, 'metabase', 'client');
    const server = issue(ca, 'gateway', 'server');
    gw = await startTestGateway({ customers: 5, env: { TLS_CERT_FILE: server.cert, TLS_KEY_FILE: server.key, TLS_CLIENT_CA_FILE: clients.cert } });
  });
  afterAll(() => gw?.close());

  it('accepts a client certificate signed by the client CA', async () => {
    const token = await gw.token({ sub: 'analyst-1', role: 'analyst' });
    const res = await post(gw.url, token, '{ me { role } }', { ca: readFileSync(ca.cert), cert: readFileSync(bi.cert), key: readFileSync(bi.key) });
    expect(res.body).toEqual({ data: { me: { role: 'analyst' } } });
  });

  it('refuses a client without a certificate, or with one from another CA', async () => {
    await expect(post(gw.url, null, '{ me { role } }', { ca: readFileSync(ca.cert) })).rejects.toThrow();
    const stranger = issue(makeCa('stranger'), 'intruder', 'client');
    await expect(post(gw.url, null, '{ me { role } }', { ca: readFileSync(ca.cert), cert: readFileSync(stranger.cert), key: readFileSync(stranger.key) })).rejects.toThrow();
  });
});

it('production mode refuses plain HTTP unless TRUST_PROXY_TLS=1', async () => {
  await expect(startTestGateway({ customers: 1, env: { TRUST_PROXY_TLS: '0' } })).rejects.toThrow(
    /TLS_CERT_FILE \/ TLS_KEY_FILE: production mode serves HTTPS only; set them, or TRUST_PROXY_TLS=1/,
  );
});

// A whole `serve` process in dev mode (embedded store, demo data): generous limit.
it('serve re-reads the certificate on SIGHUP', { timeout: 180_000 }, async () => {
  const ca = makeCa('serve-ca');
  const first = issue(ca, 'serve', 'server');
  const child = spawnCli(['serve'], { PORT: '0', TLS_CERT_FILE: first.cert, TLS_KEY_FILE: first.key, LOCAL_DIR: ca.dir, LOG_LEVEL: 'info' });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (c: Buffer) => {
        out += c.toString();
        const m = /"url":"(https:[^"]+)"/.exec(out);
        if (m) resolve(m[1]!);
      });
      child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${out}`)));
    });
    const before = await post(url, null, '{ me { role } }', { ca: readFileSync(ca.cert) });
    const renewed = issue(ca, 'serve-renewed', 'server');
    copyFileSync(renewed.cert, first.cert);
    copyFileSync(renewed.key, first.key);
    child.kill('SIGHUP');
    let serial = before.serial;
    for (let i = 0; i < 50 && serial === before.serial; i++) {
      await new Promise((r) => setTimeout(r, 100));
      serial = (await post(url, null, '{ me { role } }', { ca: readFileSync(ca.cert) })).serial;
    }
    expect(serial).not.toBe(before.serial);
    expect(child.exitCode).toBeNull();
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  }
});
