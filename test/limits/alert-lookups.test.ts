// Bulk-access alert lookups through the real driver: concurrent requests share one `find`, each
// still gets its own principal's answer, and no lookup is answered from a read that started before
// it was asked (an alert raised in between applies at once).
import type { CommandStartedEvent } from 'mongodb';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { ALERTS_COLLECTION, createBulkAccessStore, type AlertDoc, type BulkAccessStore } from '../../src/data/bulk-access-store';
import { realServer, startTestMongo, type TestMongo } from '../support/mongo';

let mongo: TestMongo;
let store: BulkAccessStore;
let finds = 0;

beforeAll(async () => {
  mongo = await startTestMongo({ monitorCommands: true });
  mongo.client.on('commandStarted', (e: CommandStartedEvent) => {
    if (e.commandName === 'find' && e.command.find === ALERTS_COLLECTION) finds++;
  });
  store = await createBulkAccessStore(mongo.db());
});
afterAll(() => mongo?.close());
beforeEach(() => {
  finds = 0;
});

function alert(subject: string, now: number, minutes = 30): AlertDoc {
  return {
    _id: `user:${subject}`,
    subject,
    role: 'support',
    tokenKind: 'user',
    distinctCustomers: 13,
    threshold: 12,
    windowMinutes: minutes,
    policyVersion: 'test',
    raisedAt: new Date(now),
    until: new Date(now + minutes * 60_000),
  };
}

it('one request at a time: one find each, and the answer is the principal’s own', async () => {
  const now = Date.now();
  expect(await store.raise(alert('solo-a', now), now)).toBe(true);
  expect((await store.activeAlert('user:solo-a', now))?.subject).toBe('solo-a');
  expect(await store.activeAlert('user:solo-b', now)).toBeNull();
  expect(finds).toBe(2);
});

it('200 concurrent lookups for 50 principals: each gets its own answer, in far fewer finds', async () => {
  const now = Date.now();
  const subjects = Array.from({ length: 50 }, (_, i) => `many-${i}`);
  for (const s of subjects.filter((_, i) => i % 3 === 0)) await store.raise(alert(s, now), now);
  finds = 0;
  const asked = Array.from({ length: 200 }, (_, i) => subjects[i % subjects.length]!);
  const answers = await Promise.all(asked.map((s) => store.activeAlert(`user:${s}`, now)));
  answers.forEach((a, i) => {
    const expected = subjects.indexOf(asked[i]!) % 3 === 0 ? asked[i] : undefined;
    expect(a?.subject).toBe(expected);
  });
  expect(finds).toBeGreaterThanOrEqual(1);
  expect(finds).toBeLessThanOrEqual(3);
});

it('an expired alert does not count, an open one does, when asked together', async () => {
  const now = Date.now();
  await store.raise({ ...alert('expired', now - 120_000, 1) }, now - 120_000);
  await store.raise(alert('open', now), now);
  const [expired, open] = await Promise.all([store.activeAlert('user:expired', now), store.activeAlert('user:open', now)]);
  expect(expired).toBeNull();
  expect(open?.subject).toBe('open');
});

it('a lookup asked while another is on its way is sent after it: an alert raised in between is seen', async () => {
  const now = Date.now();
  const sent = new Promise<void>((resolve) => {
    const onStart = (e: CommandStartedEvent) => {
      if (e.commandName !== 'find' || e.command.find !== ALERTS_COLLECTION) return;
      mongo.client.off('commandStarted', onStart);
      resolve();
    };
    mongo.client.on('commandStarted', onStart);
  });
  // On the embedded store every reply is held back 300 ms, so the first find is still on its way
  // when the alert is raised and asked for again: sharing its read would miss the alert.
  // Connections are opened first: a handshake would be held back too.
  await Promise.all(Array.from({ length: 4 }, () => mongo.db().command({ ping: 1 })));
  mongo.faults?.delay(300);
  const first = store.activeAlert('user:late', now);
  await sent;
  const inserted = mongo.db().collection<AlertDoc>(ALERTS_COLLECTION).insertOne(alert('late', now));
  await new Promise((r) => setTimeout(r, 50)); // the insert reaches the store; its reply is held
  const second = store.activeAlert('user:late', Date.now());
  await Promise.all([first, inserted]);
  mongo.faults?.delay(0);
  expect((await second)?.subject).toBe('late');
  // And a cleared alert stops applying from the next lookup.
  expect(await store.clear('late')).toBe(1);
  expect(await store.activeAlert('user:late', Date.now())).toBeNull();
});

// Fault injection needs the embedded store.
it.skipIf(realServer)('a failed find fails the lookups that were in it, and the next ones are answered', async () => {
  const now = Date.now();
  await store.raise(alert('after-failure', now), now);
  mongo.faults!.failCommand({ command: 'find', collection: ALERTS_COLLECTION, code: 2, errmsg: 'injected', times: 1 });
  const results = await Promise.allSettled([store.activeAlert('user:after-failure', now), store.activeAlert('user:x', now)]);
  expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  expect((await store.activeAlert('user:after-failure', now))?.subject).toBe('after-failure');
});

// Fault injection needs the embedded store.
it.skipIf(realServer)(
  'a find that does not return holds the next lookups for at most a second',
  async () => {
    const now = Date.now();
    await store.raise(alert('behind-a-hung-find', now), now);
    await Promise.all(Array.from({ length: 4 }, () => mongo.db().command({ ping: 1 })));
    const answered: string[] = [];
    mongo.faults!.delay(4_000);
    const first = store.activeAlert('user:someone-else', now).then(() => answered.push('first'));
    await new Promise((r) => setTimeout(r, 100)); // the first find has been answered, its reply held
    mongo.faults!.delay(0);
    const second = store.activeAlert('user:behind-a-hung-find', now).then((a) => answered.push(`second:${a?.subject}`));
    await Promise.all([first, second]);
    expect(answered).toEqual(['second:behind-a-hung-find', 'first']);
  },
  15_000,
);
