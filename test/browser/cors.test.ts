// CORS in a real browser: headless Chromium loads a page from a second local origin whose script
// calls the gateway with fetch and a bearer token. From the allowed origin the call works (and the
// script can read the exposed request id); from another origin the browser blocks it at the
// preflight. Chromium is a CI requirement (.ci/run installs it): without it this test fails, it
// never skips.
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/gateway';

const CHROMIUM = '/usr/bin/chromium';

/** A static page whose script calls the gateway once and publishes the outcome. */
function pageServer(gatewayUrl: () => string, token: () => string): Server {
  return createServer((_req, res) => {
    const html = `<!doctype html><html><body><script>
      fetch(${JSON.stringify(gatewayUrl())}, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer ' + ${JSON.stringify(token())}, 'x-request-id': 'browser-cors-0001' },
        body: JSON.stringify({ query: '{ me { subject role } }' }),
      })
        .then(async (r) => ({ status: r.status, requestId: r.headers.get('x-request-id'), body: await r.json() }))
        .catch((e) => ({ blocked: String(e) }))
        .then((outcome) => { window.outcome = outcome; });
    </script></body></html>`;
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(html);
  });
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('CORS in headless Chromium', () => {
  let gw: TestGateway;
  let browser: Browser;
  let token = '';
  const pages = { allowed: null as Server | null, other: null as Server | null };
  const origins = { allowed: '', other: '' };

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install it with "apt-get update && apt-get install -y chromium" (.ci/run does)`);
    pages.allowed = pageServer(
      () => gw.url,
      () => token,
    );
    pages.other = pageServer(
      () => gw.url,
      () => token,
    );
    origins.allowed = await listen(pages.allowed);
    origins.other = await listen(pages.other);
    gw = await startTestGateway({ customers: 1, env: { CORS_ORIGINS: origins.allowed } });
    token = await gw.token({ sub: 'admin-1', role: 'admin' });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await gw?.close();
    for (const server of Object.values(pages)) await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  });

  async function outcomeFrom(origin: string): Promise<Record<string, unknown>> {
    const page = await browser.newPage();
    try {
      await page.goto(`${origin}/`);
      await page.waitForFunction(() => (globalThis as unknown as { outcome?: unknown }).outcome !== undefined, undefined, { timeout: 20_000 });
      return (await page.evaluate(() => (globalThis as unknown as { outcome: Record<string, unknown> }).outcome)) as Record<string, unknown>;
    } finally {
      await page.close();
    }
  }

  it('a page on the allowed origin calls the gateway and reads the answer and the request id', async () => {
    const outcome = await outcomeFrom(origins.allowed);
    console.log(`browser, page on ${origins.allowed} (allowed): ${JSON.stringify(outcome)}`);
    expect(outcome).toEqual({ status: 200, requestId: 'browser-cors-0001', body: { data: { me: { subject: 'admin-1', role: 'admin' } } } });
  }, 30_000);

  it('a page on another origin is blocked by the browser', async () => {
    const outcome = await outcomeFrom(origins.other);
    console.log(`browser, page on ${origins.other} (not allowed): ${JSON.stringify(outcome)}`);
    expect(outcome).toEqual({ blocked: 'TypeError: Failed to fetch' });
  }, 30_000);
});
