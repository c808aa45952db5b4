// `npm run bench:store`: does an `_id: {$in: [100 ids]}` lookup cost the same on a 100,000-document
// collection as on a 1,000-document one (goal: ratio under 3x, i.e. no collection scan)? Also
// reports the driver round trip for `ping`. Not a timed test: prints a Markdown table.
import { MongoClient, ObjectId, type Collection, type Document } from 'mongodb';
import { startEmbeddedStore } from '../src/embedded/index';

const ITERATIONS = 300;
const WARMUP = 30;
const PING_ITERATIONS = 2000;

function stats(samples: number[]): { median: number; p95: number; mean: number } {
  const s = [...samples].sort((a, b) => a - b);
  return {
    median: s[Math.floor(s.length / 2)],
    p95: s[Math.floor(s.length * 0.95)],
    mean: s.reduce((a, b) => a + b, 0) / s.length,
  };
}

async function fill(coll: Collection<Document>, n: number): Promise<ObjectId[]> {
  const ids: ObjectId[] = [];
  const batch = 10_000;
  for (let start = 0; start < n; start += batch) {
    const docs = Array.from({ length: Math.min(batch, n - start) }, (_, i) => {
      const _id = new ObjectId();
      ids.push(_id);
      return { _id, customerId: `c${(start + i) % 5000}`, name: `customer ${start + i}`, amount: (start + i) * 1.5, tags: ['a', 'b'] };
    });
    await coll.insertMany(docs, { ordered: false });
  }
  return ids;
}

async function timeInLookups(coll: Collection<Document>, ids: ObjectId[]): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < WARMUP + ITERATIONS; i++) {
    const pick = Array.from({ length: 100 }, () => ids[Math.floor(Math.random() * ids.length)]);
    const started = performance.now();
    const found = await coll.find({ _id: { $in: pick } }).toArray();
    const elapsed = performance.now() - started;
    if (found.length === 0) throw new Error('lookup found nothing');
    if (i >= WARMUP) samples.push(elapsed);
  }
  return samples;
}

const store = await startEmbeddedStore();
const client = new MongoClient(store.uri);
try {
  const db = client.db('bench');
  const large = db.collection('large');
  const small = db.collection('small');
  const loadStart = performance.now();
  const largeIds = await fill(large, 100_000);
  const smallIds = await fill(small, 1_000);
  const loadMs = performance.now() - loadStart;

  const largeStats = stats(await timeInLookups(large, largeIds));
  const smallStats = stats(await timeInLookups(small, smallIds));
  const explain = await large.find({ _id: { $in: largeIds.slice(0, 100) } }).explain('executionStats');

  const pings: number[] = [];
  for (let i = 0; i < PING_ITERATIONS; i++) {
    const started = performance.now();
    await db.command({ ping: 1 });
    pings.push(performance.now() - started);
  }
  const pingStats = stats(pings.slice(100));
  const ratio = largeStats.median / smallStats.median;
  const ms = (n: number) => n.toFixed(3);

  console.log(`## Embedded store benchmark (Node ${process.version}, ${ITERATIONS} samples each)\n`);
  console.log('| measurement | median ms | p95 ms | mean ms |');
  console.log('|---|---:|---:|---:|');
  console.log(`| \`_id: {$in: [100 ids]}\` on 100,000 docs | ${ms(largeStats.median)} | ${ms(largeStats.p95)} | ${ms(largeStats.mean)} |`);
  console.log(`| \`_id: {$in: [100 ids]}\` on 1,000 docs | ${ms(smallStats.median)} | ${ms(smallStats.p95)} | ${ms(smallStats.mean)} |`);
  console.log(`| driver round trip for \`ping\` | ${ms(pingStats.median)} | ${ms(pingStats.p95)} | ${ms(pingStats.mean)} |`);
  console.log('');
  console.log(`- ratio 100k / 1k (median): **${ratio.toFixed(2)}x** (goal: under 3x) — ${ratio < 3 ? 'met' : 'NOT met'}`);
  console.log(
    `- plan on 100k: ${JSON.stringify(explain.queryPlanner.winningPlan.inputStage?.stage ?? explain.queryPlanner.winningPlan.stage)}, docs examined: ${explain.executionStats.totalDocsExamined}`,
  );
  console.log(`- loading 101,000 documents took ${(loadMs / 1000).toFixed(1)} s`);
} finally {
  await client.close();
  await store.close();
}
