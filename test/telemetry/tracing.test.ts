// Traces through the real request path, exported into memory: every step of a request has its
// span, and no span, attribute, event or resource carries any of the seeded personal values,
// even when a request carries them in its variables, a filter, a mutation or a failed write.
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTracing, type Tracing } from '../../src/telemetry/tracing';
import { startTestGateway, type TestGateway } from '../support/gateway';

let gw: TestGateway;
let tracing: Tracing;
const exporter = new InMemorySpanExporter();
let seeded: { _id: unknown; name: string; phone: string; idNumber: string; email: string; bankCard: string }[];

beforeAll(async () => {
  tracing = await createTracing(null, { exporter });
  gw = await startTestGateway({ customers: 40, tracing });
  seeded = (await gw.mongo.db().collection('customers').find({}).toArray()) as unknown as typeof seeded;
});
afterAll(async () => {
  await gw?.close();
  await tracing?.shutdown();
});

const PAGE = `query Page { customers(first: 40) { nodes { id name phone email idNumber bankCard address birthDate interactions { summary } } } }`;

async function traceOf(run: () => Promise<unknown>): Promise<ReadableSpan[]> {
  await tracing.flush(); // what start-up and earlier tests left in the batch
  exporter.reset();
  await run();
  await tracing.flush();
  return exporter.getFinishedSpans();
}

function everyStringIn(spans: readonly ReadableSpan[]): string[] {
  const out: string[] = [];
  for (const s of spans) {
    out.push(s.name, s.status.message ?? '');
    for (const v of Object.values(s.attributes)) out.push(String(v));
    for (const e of s.events) out.push(e.name, ...Object.values(e.attributes ?? {}).map(String));
    for (const v of Object.values(s.resource.attributes)) out.push(String(v));
  }
  return out;
}

it('a request is one trace: HTTP, auth, limits, GraphQL, execution, each MongoDB command, the audit commit', async () => {
  const admin = await gw.token({ sub: 'admin-1', role: 'admin' });
  const spans = await traceOf(() => gw.gql(admin, PAGE));
  const names = spans.map((s) => s.name);
  for (const step of ['POST /graphql', 'auth', 'limits', 'graphql', 'graphql.execute', 'mongodb.find', 'audit.commit', 'mongodb.insert']) expect(names).toContain(step);
  const server = spans.find((s) => s.name === 'POST /graphql')!;
  expect(new Set(spans.map((s) => s.spanContext().traceId))).toEqual(new Set([server.spanContext().traceId]));
  expect(server.attributes['http.response.status_code']).toBe(200);
  expect(server.attributes['graphql.operation.type']).toBe('query');
  expect(spans.find((s) => s.name === 'graphql.execute')!.attributes).toEqual({ 'graphql.operation.type': 'query', 'graphql.operation.name': 'Page' });
  expect(spans.find((s) => s.name === 'auth')!.attributes).toMatchObject({ 'crm.role': 'admin', 'crm.token_kind': 'user' });
  const find = spans.find((s) => s.name === 'mongodb.find' && s.attributes['db.collection.name'] === 'customers')!;
  expect(find.parentSpanContext?.spanId).toBe(spans.find((s) => s.name === 'graphql')!.spanContext().spanId);
  expect(Object.keys(find.attributes).sort()).toEqual(['db.collection.name', 'db.namespace', 'db.operation.name', 'db.system.name', 'server.address']);
});

it('continues the trace a client sends in traceparent', async () => {
  const admin = await gw.token({ sub: 'admin-1', role: 'admin' });
  const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
  const spans = await traceOf(() => gw.gql(admin, '{ me { role } }', undefined, { headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01` } }));
  expect(spans.find((s) => s.name === 'POST /graphql')!.spanContext().traceId).toBe(traceId);
});

it('no seeded personal value reaches any span, whatever the requests carry', async () => {
  const admin = await gw.token({ sub: 'admin-1', role: 'admin' });
  const support = await gw.token({ sub: 'support-1', role: 'support' });
  const [first, second] = seeded;
  const spans = await traceOf(async () => {
    await gw.gql(admin, PAGE);
    await gw.gql(support, PAGE);
    // Values in variables, in an exact lookup, in a mutation, in a literal of a refused filter.
    await gw.gql(support, 'query Lookup($p: String) { customers(filter: { phone: { eq: $p } }) { nodes { id phone } } }', { p: first!.phone });
    await gw.gql(admin, `query Refused { customers(filter: { idNumber: { startsWith: "${first!.idNumber.slice(0, 10)}" }, name: { eq: "${first!.name}" } }) { nodes { id } } }`);
    await gw.gql(admin, 'mutation Update($id: ID!, $in: CustomerContactInput!) { updateCustomerContact(id: $id, input: $in) { id phone email } }', {
      id: String(second!._id),
      in: { phone: first!.phone, email: first!.email },
    });
    await gw.gql(admin, `query { customer(id: "${String(first!._id)}") { name bankCard idNumber } }`);
  });
  expect(spans.length).toBeGreaterThan(20);
  const strings = everyStringIn(spans).join('\n');
  const values = seeded.flatMap((c) => [c.name, c.phone, c.idNumber, c.email, c.bankCard, c.phone.slice(-8), c.idNumber.slice(0, 10)]);
  const leaked = values.filter((v) => v && strings.includes(v));
  expect(leaked).toEqual([]);
  // Nor the document ids a response or a mutation was about.
  expect(strings).not.toContain(String(first!._id));
});
