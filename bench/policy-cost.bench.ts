// Issue 4's measurement: what graphql-shield (root fields only) and field masking cost on a
// 100-row and a 1,000-row page, against the same query with neither. In-process graphql
// `execute` over in-memory documents, so only the shield and the disclosure step differ between
// variants; variants are interleaved and repeated, medians reported.
//   node bin/run-ts.mjs bench/policy-cost.bench.ts [--rounds 5]
import { execute, parse, type GraphQLSchema } from 'graphql';
import { resolvers } from '../resolvers';
import type { Principal } from '../src/auth/principal';
import { ROOT_RULES } from '../src/authz/rules';
import { applyRootShield } from '../src/authz/shield';
import type { GatewayContext } from '../src/context';
import { generateDataset } from '../src/data/seed';
import type { RequestDisclosure } from '../src/disclosure/disclosure';
import { createDisclosureFactory } from '../src/disclosure/serve';
import { deriveDomainKey } from '../src/masking';
import { loadPolicy } from '../src/policy/load';
import { buildSchema } from '../src/schema/build';
import { noDeadline } from '../src/limits/deadline';

const rounds = Number(process.argv[process.argv.indexOf('--rounds') + 1]) || 5;
const { customers } = generateDataset({ customers: 1000 });
const policy = loadPolicy(null);
const built = buildSchema(resolvers);
const shielded = applyRootShield(built.schema, ROOT_RULES);
const disclosures = createDisclosureFactory({ policy, fieldMap: built.fieldMap, keys: { user: deriveDomainKey('k'.repeat(32), 'u'), bi: deriveDomainKey('k'.repeat(32), 'b') } });
const principal: Principal = Object.freeze({
  subject: 'support-1',
  role: 'support',
  roles: ['support'] as const,
  team: null,
  kind: 'user',
  mfa: false,
  authTime: null,
  scopes: [],
  jti: null,
  tokenName: null,
  expiresAt: 0,
});

// A disclosure that serves every value as stored: "no masking".
const passThrough = (): RequestDisclosure => ({
  records: [],
  policyVersion: 'none',
  degradedUntil: null,
  note() {},
  changed() {},
  open: (_field, stored) => stored,
  summary: () => ({ levels: {}, withheld: [], downgraded: {} }),
  serve: (field, _parent, raw) =>
    raw === null || raw === undefined ? null : field.dataClass === 'ADDRESS' ? JSON.stringify(raw) : raw instanceof Date ? raw.toISOString() : String(raw),
});

function context(masking: boolean, rows: number): GatewayContext {
  const docs = customers.slice(0, rows);
  const meta = { requestId: 'r', clientAddress: null, operationName: null };
  return {
    requestId: 'r',
    principal,
    meta,
    deadline: noDeadline(10_000),
    report: null,
    fieldMap: built.fieldMap,
    policy,
    budgets: { consume: async () => true },
    audit: { queries: null as never, reads: [], commit: null },
    disclosure: masking ? disclosures.forRequest(principal, meta) : passThrough(),
    data: { customers: async () => ({ docs, hasNextPage: false, cursor: () => '' }) } as unknown as GatewayContext['data'],
  } as GatewayContext;
}

const document = parse(`{ customers(first: 1000) { nodes { id name phone email idNumber address bankCard birthDate segment tier lifetimeValue } } }`);
const variants: Record<string, { schema: GraphQLSchema; masking: boolean }> = {
  neither: { schema: built.schema, masking: false },
  shield: { schema: shielded, masking: false },
  masking: { schema: built.schema, masking: true },
  'shield+masking': { schema: shielded, masking: true },
};

async function opsPerSecond(schema: GraphQLSchema, masking: boolean, rows: number, ms = 1500): Promise<number> {
  let n = 0;
  const end = performance.now() + ms;
  while (performance.now() < end) {
    const result = await execute({ schema, document, contextValue: context(masking, rows) });
    if (result.errors) throw new Error(result.errors[0]!.message);
    n++;
  }
  return n / (ms / 1000);
}

const results: Record<string, number[]> = {};
for (const rows of [100, 1000]) for (const v of Object.keys(variants)) await opsPerSecond(variants[v]!.schema, variants[v]!.masking, rows, 300); // warm-up
for (let r = 0; r < rounds; r++) {
  for (const rows of [100, 1000]) {
    for (const [name, v] of Object.entries(variants)) (results[`${name}@${rows}`] ??= []).push(await opsPerSecond(v.schema, v.masking, rows));
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(`| variant | ops/s @100 rows | ratio | ops/s @1,000 rows | ratio |\n|---|---:|---:|---:|---:|`);
for (const name of Object.keys(variants)) {
  const a = median(results[`${name}@100`]!);
  const b = median(results[`${name}@1000`]!);
  console.log(`| ${name} | ${a.toFixed(0)} | ${(a / median(results['neither@100']!)).toFixed(2)}× | ${b.toFixed(1)} | ${(b / median(results['neither@1000']!)).toFixed(2)}× |`);
}
console.log(`\n${rounds} interleaved rounds, medians; node ${process.version}; support role (masked levels).`);
