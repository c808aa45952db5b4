// One heavy request must not starve the rest: every MongoDB command carries maxTimeMS, a request
// that outlives REQUEST_TIMEOUT gets 504 DEADLINE_EXCEEDED instead of a hung socket, requests
// beyond MAX_INFLIGHT get 503 OVERLOADED with Retry-After, and a small request is answered while
// a heavy one runs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { realServer } from '../support/mongo';
import { startTestGateway, type TestGateway } from '../support/gateway';

let gw: TestGateway;
let admin: string;
beforeAll(async () => {
  gw = await startTestGateway({ customers: 200, env: { REQUEST_TIMEOUT: '6s', MONGODB_MAX_TIME: '4s', MAX_INFLIGHT: '3', MAX_EVENT_LOOP_DELAY: '10s' } });
  admin = await gw.token({ sub: 'admin-1', role: 'admin' });
}, 60_000);
afterAll(() => gw?.close());

const HEAVY = '{ customers(first: 200) { nodes { id name phone email idNumber address deals(first: 20) { id title amount } interactions(first: 20) { id summary } } } }';

it('every MongoDB command a request sends carries maxTimeMS, capped by MONGODB_MAX_TIME', async () => {
  await gw.gql(admin, '{ me { subject } }'); // the rate limiter's first use creates its indexes
  let status = 0;
  const commands = await gw.countCommands(async () => {
    status = (await gw.gql(admin, HEAVY)).status;
  });
  expect(status).toBe(200);
  // rate-limiter-flexible's counter update takes no options (docs/limits.md); everything else does.
  const ours = commands.filter((c) => !(c.commandName === 'findAndModify' && c.command.findAndModify === 'gateway_rate_limits'));
  expect(ours.filter((c) => c.commandName === 'find').length).toBeGreaterThanOrEqual(3);
  for (const c of ours) {
    expect(c.command.maxTimeMS, c.commandName).toBeGreaterThan(0);
    expect(c.command.maxTimeMS).toBeLessThanOrEqual(5000);
  }
});

it('the statistics aggregates carry maxTimeMS too', async () => {
  const STATS = `{
    customerStats(groupBy: [segment]) { groups { count } }
    dealStats(groupBy: [stage]) { groups { count } }
    interactionStats(groupBy: [channel]) { groups { count } }
  }`;
  let body: { errors?: unknown } = {};
  const commands = await gw.countCommands(async () => {
    body = (await gw.gql(admin, STATS)).body as { errors?: unknown };
  });
  expect(body.errors).toBeUndefined();
  const aggregates = commands.filter((c) => c.commandName === 'aggregate' && ['customers', 'deals', 'interactions'].includes(String(c.command.aggregate)));
  expect(aggregates.map((c) => c.command.aggregate).sort()).toEqual(['customers', 'deals', 'interactions']);
  for (const c of aggregates) {
    expect(c.command.maxTimeMS, String(c.command.aggregate)).toBeGreaterThan(0);
    expect(c.command.maxTimeMS).toBeLessThanOrEqual(4000);
  }
});

describe.skipIf(realServer)('under a slow store', () => {
  it('a small request is answered while a heavy one is still running', async () => {
    gw.mongo.faults!.delay(150);
    try {
      const order: string[] = [];
      const heavy = gw.gql(admin, HEAVY).then((r) => order.push(`heavy ${r.status}`));
      await new Promise((r) => setTimeout(r, 20));
      const small = gw.gql(admin, '{ me { subject } }').then((r) => order.push(`small ${r.status}`));
      await Promise.all([heavy, small]);
      expect(order).toEqual(['small 200', 'heavy 200']);
    } finally {
      gw.mongo.faults!.delay(0);
    }
  });

  it('a request that outlives REQUEST_TIMEOUT gets 504 DEADLINE_EXCEEDED, and the gateway answers the next one', async () => {
    gw.mongo.faults!.delay(8000);
    let res: Awaited<ReturnType<TestGateway['gql']>>;
    try {
      res = await gw.gql(admin, '{ customers(first: 2) { nodes { id } } }');
    } finally {
      gw.mongo.faults!.delay(0);
    }
    expect(res.status).toBe(504);
    expect(res.body.errors![0]!.extensions).toMatchObject({ code: 'DEADLINE_EXCEEDED', timeoutMs: 6000 });
    expect(res.body.data).toBeUndefined();
    const next = await gw.gql(admin, '{ customers(first: 2) { nodes { id } } }');
    expect(next.status).toBe(200);
  }, 30_000);

  it('beyond MAX_INFLIGHT, new requests get 503 OVERLOADED with Retry-After instead of queueing', async () => {
    gw.mongo.faults!.delay(300);
    let answers: Awaited<ReturnType<TestGateway['gql']>>[];
    try {
      answers = await Promise.all(Array.from({ length: 8 }, () => gw.gql(admin, '{ customers(first: 2) { nodes { id } } }')));
    } finally {
      gw.mongo.faults!.delay(0);
    }
    const shed = answers.filter((r) => r.status === 503);
    expect(answers.filter((r) => r.status === 200)).toHaveLength(3);
    expect(shed).toHaveLength(5);
    for (const r of shed) {
      expect(r.body.errors![0]!.extensions!.code).toBe('OVERLOADED');
      expect(r.headers.get('retry-after')).toBe('1');
    }
    expect((await gw.gql(admin, '{ me { subject } }')).status).toBe(200);
  });
});
