// The one store every variant reads: the embedded MongoDB-compatible store, in a process of its
// own, seeded once with the deterministic data set (seed 1). Started by the orchestrator as
// `node bin/run-ts.mjs bench/store-process.ts`; BENCH_CUSTOMERS sets the size (default 1,000).
import { startEmbeddedStore } from '../src/embedded/index';
import { seedDatabase } from '../src/data/seed';
import { isBenchEntry, runChild } from './variants/harness';

export const BENCH_DB = 'crm';

if (isBenchEntry(import.meta.url)) {
  const store = await startEmbeddedStore();
  const customers = Number(process.env.BENCH_CUSTOMERS ?? 1000);
  // The harness connects to BENCH_MONGO_URI: here, the store just started.
  process.env.BENCH_MONGO_URI = store.uri;
  process.env.BENCH_DB = BENCH_DB;
  await runChild('store', async ({ db }) => {
    await seedDatabase(db, { customers, seed: 1 });
    return { url: store.uri, close: () => store.close() };
  });
}
