// Request counting in leases, three instances on one database through the real driver: the
// limit is never exceeded, at most one lease per other instance goes unspent, and the shared
// counter is asked about once per lease instead of once per request.
import type { CommandStartedEvent } from 'mongodb';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createRateCounters } from '../../src/data/rate-counters';
import { leasedCounter, leaseSize } from '../../src/limits/rate-leases';
import { startTestMongo, type TestMongo } from '../support/mongo';

let mongo: TestMongo;
const increments: string[] = [];

beforeAll(async () => {
  mongo = await startTestMongo({ monitorCommands: true });
  mongo.client.on('commandStarted', (e: CommandStartedEvent) => {
    if (e.commandName === 'findAndModify') increments.push(e.commandName);
  });
});
afterAll(() => mongo?.close());

it('sizes leases at a twentieth of the limit, between 1 and 50', () => {
  expect([1, 20, 39, 40, 100, 1_200, 1_000_000].map(leaseSize)).toEqual([1, 1, 1, 2, 5, 50, 50]);
});

it('three instances, 300 concurrent requests for a limit of 100: never more than 100 admitted, one increment per lease', async () => {
  const limit = 100;
  const instances = [0, 1, 2].map(() => leasedCounter(createRateCounters(mongo.db()).counter('requests', limit, 60), limit));
  increments.length = 0;
  const results = await Promise.all(Array.from({ length: 300 }, (_, i) => instances[i % 3]!.take('user:bulk-1')));
  const admitted = results.filter((r) => r.allowed).length;
  expect(admitted).toBeLessThanOrEqual(limit);
  // Unspent: at most one lease's worth on each instance but the last to be served.
  expect(admitted).toBeGreaterThanOrEqual(limit - 2 * (leaseSize(limit) - 1));
  for (const refused of results.filter((r) => !r.allowed)) expect(refused.msBeforeNext).toBeGreaterThan(0);
  // 100 / 5 = 20 leases, plus at most one refused increment per instance (then refused from memory).
  expect(increments.length).toBeLessThanOrEqual(limit / leaseSize(limit) + 3);
  // A request past the limit stays refused, on every instance.
  for (const instance of instances) expect((await instance.take('user:bulk-1')).allowed).toBe(false);
  // Another key has its own count.
  expect((await instances[0]!.take('user:bulk-2')).allowed).toBe(true);
});

it('a limit of 20 or less is counted one by one, exactly', async () => {
  const limit = 10;
  const a = leasedCounter(createRateCounters(mongo.db()).counter('requests', limit, 60), limit);
  const b = leasedCounter(createRateCounters(mongo.db()).counter('requests', limit, 60), limit);
  const results = [];
  for (let i = 0; i < 14; i++) results.push(await (i % 2 ? b : a).take('user:exact-1'));
  expect(results.map((r) => r.allowed)).toEqual([...Array(10).fill(true), ...Array(4).fill(false)]);
});

it('a lease ends with its window: the next window leases again', async () => {
  let now = Date.now();
  const limit = 40;
  const counter = leasedCounter(createRateCounters(mongo.db()).counter('requests-short', limit, 1), limit, 100, () => now);
  for (let i = 0; i < limit; i++) expect((await counter.take('user:window-1')).allowed).toBe(true);
  expect((await counter.take('user:window-1')).allowed).toBe(false);
  await new Promise((r) => setTimeout(r, 1_100));
  now = Date.now();
  expect((await counter.take('user:window-1')).allowed).toBe(true);
});
