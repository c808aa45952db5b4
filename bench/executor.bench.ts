// Issue 9's executor decision, measured: the full gateway (sync audit) with graphql-jit against
// the same gateway with graphql-js, side by side on one store, rounds interleaved, medians.
// Both run in this process (one at a time under load), on the documents apps send most.
//   node bin/run-ts.mjs bench/executor.bench.ts [--rounds 3] [--duration 5] [--connections 10]
import { parseArgs } from 'node:util';
import { startTestGateway, type TestGateway } from '../test/support/gateway';
import { runLoad } from './load';
import { median } from './stats';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '3' }, duration: { type: 'string', default: '5' }, connections: { type: 'string', default: '10' } } });
const rounds = Number(values.rounds);
const duration = Number(values.duration);
const connections = Number(values.connections);

const gateways: Record<string, TestGateway> = {};
for (const executor of ['jit', 'graphql-js']) gateways[executor] = await startTestGateway({ customers: 1000, env: { EXECUTOR: executor, MAX_PAGE_SIZE: '1000' } });
const anyGw = gateways.jit!;
const id = String((await anyGw.mongo.db().collection('customers').findOne({}))!._id);
const workloads: Record<string, string> = {
  'page of 100': '{ customers(first: 100) { nodes { id name phone email idNumber address birthDate segment tier lifetimeValue } } }',
  'page of 1,000': '{ customers(first: 1000) { nodes { id name phone email idNumber address birthDate segment tier lifetimeValue } } }',
  'one customer with deals': `{ customer(id: "${id}") { id name phone email deals(first: 5) { id stage amount } } }`,
};
const rps: Record<string, number[]> = {};
for (let round = 0; round < rounds; round++) {
  for (const [name, query] of Object.entries(workloads)) {
    for (const [executor, gw] of Object.entries(gateways)) {
      const token = await gw.token({ sub: 'admin-1', role: 'admin' });
      const result = await runLoad(
        { url: gw.url, method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query }) },
        connections,
        duration,
        30,
      );
      if (result.non2xx + result.mismatches > 0) throw new Error(`${executor} ${name}: ${result.non2xx} non-2xx, ${JSON.stringify(result.errorCodes)}`);
      (rps[`${name}\u0000${executor}`] ??= []).push(result.rps);
    }
  }
}
console.log(`| workload (${connections} clients, ${rounds}×${duration}s) | graphql-jit req/s | graphql-js req/s | jit / js |`);
console.log('|---|---|---|---|');
for (const name of Object.keys(workloads)) {
  const jit = median(rps[`${name}\u0000jit`]!);
  const js = median(rps[`${name}\u0000graphql-js`]!);
  console.log(`| ${name} | ${jit.toFixed(1)} | ${js.toFixed(1)} | ${(jit / js).toFixed(2)}× |`);
}
for (const gw of Object.values(gateways)) await gw.close();
process.exit(0);
