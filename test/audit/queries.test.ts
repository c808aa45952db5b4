// auditEvents and accessReport over disclosure batches: records come out one by one, newest first,
// and pages continue inside a batch without losing or repeating a record.
import { randomBytes } from 'node:crypto';
import type { Db } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuditQueries, type AuditQueries } from '../../src/audit/queries';
import { createCursorCodec } from '../../src/data/cursor';
import { startTestMongo, type TestMongo } from '../support/mongo';
import { ledgerConfig, openLedger, sampleBatch } from './helpers';

let mongo: TestMongo;
let db: Db;
let queries: AuditQueries;

// Five requests a minute apart, of 4, 1, 7, 3 and 5 records (customers c-0… in each).
const SIZES = [4, 1, 7, 3, 5];
beforeAll(async () => {
  mongo = await startTestMongo();
  db = mongo.db();
  const ledger = await openLedger(db, ledgerConfig());
  for (const [i, n] of SIZES.entries()) {
    await ledger.submit(sampleBatch('gw-test', n, { requestId: `req-${i}`, subject: i % 2 === 0 ? 'support-7' : 'sales-2', ts: new Date(Date.UTC(2024, 0, 1, 0, i)) }));
  }
  await ledger.close();
  queries = createAuditQueries({ db, cursors: createCursorCodec(randomBytes(32)), pages: { default: 50, max: 100 } });
});
afterAll(() => mongo?.close());

async function all(filter: Parameters<AuditQueries['events']>[0], first: number) {
  const out: { id: string; requestId: string; documentId: string | null }[] = [];
  let after: string | null = null;
  for (;;) {
    const page = await queries.events(filter, first, after);
    out.push(...page.nodes);
    if (!page.pageInfo.hasNextPage) return out;
    expect(page.nodes).toHaveLength(first);
    after = page.pageInfo.endCursor;
  }
}

describe('ledger queries over batches', () => {
  it('pages through every record, newest batch first, continuing inside batches', async () => {
    const whole = await all(null, 100);
    expect(whole.map((r) => r.requestId)).toEqual([4, 3, 2, 1, 0].flatMap((i) => Array.from({ length: SIZES[i]! }, () => `req-${i}`)));
    for (const first of [1, 2, 3, 6]) {
      const paged = await all(null, first);
      expect(paged.map((r) => r.id)).toEqual(whole.map((r) => r.id));
    }
    expect(new Set(whole.map((r) => r.id)).size).toBe(20);
  });

  it('filters records inside batches: by customer and by subject', async () => {
    const ofC3 = await all({ customerId: 'c-3' }, 1);
    expect(ofC3.map((r) => [r.requestId, r.documentId])).toEqual([
      ['req-4', 'c-3'],
      ['req-2', 'c-3'],
      ['req-0', 'c-3'],
    ]);
    const sales = await all({ subject: 'sales-2' }, 2);
    expect(sales.map((r) => r.requestId)).toEqual(['req-3', 'req-3', 'req-3', 'req-1']);
    expect(await all({ decision: 'reveal' }, 5)).toEqual([]);
  });

  it("accessReport counts one customer's records across batches", async () => {
    const report = await queries.accessReport('c-4');
    expect(report).toMatchObject({ customerId: 'c-4', totalEvents: 2 });
    expect(report.entries).toEqual([
      {
        subject: 'support-7',
        role: 'support',
        field: 'Customer.phone',
        dataClass: 'PHONE',
        level: 'partial',
        decision: 'view',
        count: 2,
        firstSeen: new Date(Date.UTC(2024, 0, 1, 0, 2)),
        lastSeen: new Date(Date.UTC(2024, 0, 1, 0, 4)),
      },
    ]);
  });
});
