// One access-log line per GraphQL request, with who asked, what kind of operation, how it ended,
// how long it took and how many classified values were served and withheld; never a value, a
// variable or the query text.
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/gateway';

let gw: TestGateway;
const lines: Record<string, unknown>[] = [];
const sink = new Writable({
  write(chunk: Buffer, _encoding, done) {
    for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line));
    done();
  },
});

beforeAll(async () => {
  gw = await startTestGateway({ customers: 20, logger: pino({ level: 'info' }, sink) });
});
afterAll(() => gw?.close());

const accessLines = () => lines.filter((l) => l.msg === 'graphql request');

it('logs who asked, the operation, the status, the duration and the classified values served and withheld', async () => {
  lines.length = 0;
  const support = await gw.token({ sub: 'support-1', role: 'support' });
  const res = await gw.gql(support, 'query Page($n: Int) { customers(first: $n) { nodes { id phone birthDate } } }', { n: 5 }, { headers: { 'x-request-id': 'req-access-log-1' } });
  expect(res.status).toBe(200);
  expect(accessLines()).toEqual([
    {
      level: 30,
      time: expect.any(Number),
      pid: expect.any(Number),
      hostname: expect.any(String),
      msg: 'graphql request',
      requestId: 'req-access-log-1',
      operationName: 'Page',
      operationType: 'query',
      status: 200,
      durationMs: expect.any(Number),
      subject: 'support-1',
      role: 'support',
      tokenKind: 'user',
      // support: phone partial (served), birth date hidden (withheld), for 5 customers
      classifiedServed: 5,
      classifiedWithheld: 5,
    },
  ]);
});

it('logs refused requests too, and never a value, a variable or the query text', async () => {
  lines.length = 0;
  const admin = await gw.token({ sub: 'admin-1', role: 'admin' });
  const customers = await gw.mongo.db().collection('customers').find({}).limit(3).toArray();
  const phone = String(customers[0]!.phone);
  await gw.gql(admin, 'query Find($p: String) { customers(filter: { phone: { eq: $p } }) { nodes { name phone idNumber } } }', { p: phone });
  await gw.gql(null, '{ me { role } }');
  await gw.gql(admin, 'mutation { updateCustomerContact(id: "nope", input: { phone: "12" }) { id } }');
  const logged = accessLines();
  expect(logged.map((l) => [l.status, l.operationType, l.role])).toEqual([
    [200, 'query', 'admin'],
    [401, null, null],
    [200, 'mutation', 'admin'], // the phone "12" is refused as invalid input; data is present (null field), so 200
  ]);
  const text = JSON.stringify(lines);
  for (const c of customers) for (const v of [c.name, c.phone, c.idNumber, c.email]) expect(text).not.toContain(String(v));
  expect(text).not.toContain('customers(');
  expect(text).not.toContain('"p"');
});
