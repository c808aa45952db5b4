// Issue 9's measurement: the worst event-loop block a document just under the default query
// limits causes, under graphql-jit and graphql-js, next to the documents that used to crash or
// freeze the gateway (now refused). One gateway per executor on the embedded store, in this
// process, so perf_hooks.monitorEventLoopDelay sees the gateway's own loop; each document is sent
// fresh (first sight: parse, validate, compile) and then again (cached), sequentially.
//   node bin/run-ts.mjs bench/limits.bench.ts
import { getIntrospectionQuery } from 'graphql';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { LIMIT_DEFAULTS } from '../src/limits/defaults';
import { startTestGateway } from '../test/support/gateway';
import { aliasedFields, doubledFragments, nestedDeals } from '../test/support/hostile-documents';

const { maxDepth, maxFields } = LIMIT_DEFAULTS;
// Just under each limit (fields count after expansion; tokens stay under 2,000).
const documents = (customerId: string): Record<string, string> => ({
  [`nesting to depth ${maxDepth} (customer→deals→customer…)`]: nestedDeals(customerId, (maxDepth - 3) / 2),
  'doubled fragments, 2^9 = 512 fields': doubledFragments(8),
  [`${maxFields - 2} repeats of one field (graphql-js's own validation budget refuses it)`]: `{ me { ${'subject '.repeat(maxFields - 2)} } }`,
  '600 aliases of one field': aliasedFields(600),
  '100 rows × 200 aliased classified fields': `{ customers(first: 100) { nodes { ${Array.from({ length: 100 }, (_, i) => `p${i}: phone n${i}: name`).join(' ')} } } }`,
  'standard introspection query (admin)': getIntrospectionQuery(),
  'refused: nesting 450 levels': nestedDeals(customerId, 450),
  'refused: doubled fragments 30 levels': doubledFragments(30),
});

const histogram = monitorEventLoopDelay({ resolution: 1 });
const rows: string[] = ['| document | executor | status | first request: max loop block | repeat: max loop block |', '|---|---|---|---|---|'];
for (const executor of ['jit', 'graphql-js'] as const) {
  const gw = await startTestGateway({ customers: 200, env: { EXECUTOR: executor } });
  const admin = await gw.token({ sub: 'admin-1', role: 'admin' });
  const deal = await gw.mongo.db().collection('deals').findOne({});
  // Warm the process (V8 compiles graphql-js, the driver and the gateway on first use), so the
  // first-request column shows the document's own cost.
  for (let i = 0; i < 20; i++) await gw.gql(admin, `{ me { subject } customers(first: 20) { nodes { id name phone } } }`);
  for (const [name, query] of Object.entries(documents(String(deal!.customerId)))) {
    const blocks: number[] = [];
    let status = 0;
    for (let round = 0; round < 2; round++) {
      await new Promise((r) => setTimeout(r, 20));
      histogram.reset();
      histogram.enable();
      const res = await gw.gql(admin, query);
      await new Promise((r) => setImmediate(r));
      histogram.disable();
      status = res.status;
      blocks.push(histogram.max / 1e6);
    }
    rows.push(`| ${name} | ${executor} | ${status} | ${blocks[0]!.toFixed(1)} ms | ${blocks[1]!.toFixed(1)} ms |`);
  }
  await gw.close();
}
console.log(rows.join('\n'));
