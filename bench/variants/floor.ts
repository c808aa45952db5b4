// Variant "floor": the same documents fetched with the driver and returned as JSON over HTTP,
// with no GraphQL, auth, masking or audit. What the store and the wire cost on their own; no
// gateway can beat it. Responses have the GraphQL variants' shape so one checker reads them all.
//   GET /customers?first=N   → { data: { customers: { nodes: [...] } } }
//   GET /customers/ID        → { data: { customer: {...} | null } }
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Db, Document, ObjectId } from 'mongodb';
import { customerById, customerPage, DEALS_PER_CUSTOMER, dealsForCustomers, formatAddress, formatBirthDate } from './crm-reads';
import { isBenchEntry, listenLoopback, runChild, type VariantDeps, type VariantServer } from './harness';

function customerJson(doc: Document, deals: readonly Document[]) {
  return {
    id: (doc._id as ObjectId).toHexString(),
    name: doc.name ?? null,
    gender: doc.gender ?? null,
    birthDate: formatBirthDate(doc.birthDate),
    phone: doc.phone ?? null,
    email: doc.email ?? null,
    idNumber: doc.idNumber ?? null,
    address: formatAddress(doc.address),
    bankCard: doc.bankCard ?? null,
    segment: doc.segment ?? null,
    tier: doc.tier ?? null,
    lifetimeValue: doc.lifetimeValue ?? null,
    deals: deals.slice(0, DEALS_PER_CUSTOMER).map((d) => ({
      id: (d._id as ObjectId).toHexString(),
      title: d.title ?? null,
      amount: d.amount ?? null,
      currency: d.currency ?? null,
      stage: d.stage ?? null,
    })),
  };
}

async function route(db: Db, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://floor.invalid');
  const byId = /^\/customers\/([^/]+)$/.exec(url.pathname);
  let body: unknown;
  if (url.pathname === '/customers') {
    const first = Math.min(Math.max(Number(url.searchParams.get('first') ?? 50) || 50, 0), 1000);
    const docs = await customerPage(db, first);
    const deals = await dealsForCustomers(
      db,
      docs.map((d) => d._id as ObjectId),
    );
    body = { data: { customers: { nodes: docs.map((d) => customerJson(d, deals.get((d._id as ObjectId).toHexString()) ?? [])) } } };
  } else if (byId) {
    const doc = await customerById(db, decodeURIComponent(byId[1]!));
    const deals = doc ? await dealsForCustomers(db, [doc._id as ObjectId]) : null;
    body = { data: { customer: doc ? customerJson(doc, deals!.get((doc._id as ObjectId).toHexString()) ?? []) : null } };
  } else {
    res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
    return;
  }
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

export async function startFloor({ db }: Pick<VariantDeps, 'db'>, port = 0): Promise<VariantServer> {
  const server = createServer((req, res) => {
    route(db, req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":"internal"}');
    });
  });
  server.keepAliveTimeout = 65_000;
  const { baseUrl, close } = await listenLoopback(server, port);
  return { url: baseUrl, close };
}

if (isBenchEntry(import.meta.url)) await runChild('floor', startFloor);
