// Fuzzing the whole request path with generated documents: nested, aliased, fragment-heavy,
// with arguments in and out of range, sent by several roles to a running gateway. Whatever the
// document, the process stays up, no answer is a 500, no error carries a stack trace or a stored
// value, and /healthz answers afterwards.
import fc from 'fast-check';
import { getNamedType, isLeafType, isObjectType, type GraphQLObjectType, type GraphQLSchema } from 'graphql';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { resolvers } from '../../resolvers';
import { buildSchema } from '../../src/schema/build';
import { startTestGateway, type TestGateway } from '../support/gateway';

const RUNS = Number(process.env.FUZZ_RUNS ?? 250);
const ROLES = [
  { sub: 'admin-1', role: 'admin' },
  { sub: 'sales-east-1', role: 'sales', team: 'east' },
  { sub: 'support-1', role: 'support' },
  { sub: 'analyst-1', role: 'analyst' },
  { sub: 'auditor-1', role: 'auditor' },
  { sub: 'who-1', role: 'janitor' },
] as const;

let gw: TestGateway;
let tokens: string[];
let storedValues: string[];
const schema: GraphQLSchema = buildSchema(resolvers).schema;

beforeAll(async () => {
  gw = await startTestGateway({ customers: 40 });
  tokens = await Promise.all(ROLES.map((r) => gw.token(r as never)));
  const customers = await gw.mongo.db().collection('customers').find({}).toArray();
  storedValues = customers.flatMap((c) => [c.phone, c.idNumber, c.bankCard, c.email, c.name].filter((v): v is string => typeof v === 'string' && v.length >= 6));
}, 60_000);
afterAll(() => gw?.close());

/** Arguments a field may get: small, huge, negative, wrong-typed, or none. */
const argValue = fc.oneof(fc.constantFrom('1', '2', '0', '-1', '100000', '"x"', 'null', '"65cf7cb3b6cc9d32bf000005"', '{ eq: "1" }'));

function selectionSet(type: GraphQLObjectType, depth: number, fragments: string[]): fc.Arbitrary<string> {
  const fields = Object.values(type.getFields());
  const nesting = fields.filter((f) => isObjectType(getNamedType(f.type)));
  // Fields with sub-selections are favoured, so documents reach past the depth limit too.
  const field =
    nesting.length > 0 ? fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...nesting) }, { weight: 2, arbitrary: fc.constantFrom(...fields) }) : fc.constantFrom(...fields);
  const one = fc.tuple(field, fc.option(fc.constantFrom('a', 'b', 'c1', 'x_'), { freq: 3 }), fc.boolean(), argValue).chain(([field, alias, withArg, value]) => {
    const named = getNamedType(field.type);
    const head = `${alias ? `${alias}: ` : ''}${field.name}${withArg && field.args.length > 0 ? `(${field.args[0]!.name}: ${value})` : ''}`;
    if (isLeafType(named) || depth <= 0 || !isObjectType(named)) return fc.constant(isLeafType(named) ? head : `${head} { __typename }`);
    return selectionSet(named, depth - 1, fragments).map((inner) => `${head} ${inner}`);
  });
  const spread = fragments.length > 0 ? fc.constantFrom(...fragments.map((f) => `...${f}`)) : one;
  const item = fc.oneof({ weight: 6, arbitrary: one }, { weight: 1, arbitrary: spread }, { weight: 1, arbitrary: fc.constant('__typename') });
  return fc.array(item, { minLength: 1, maxLength: 5 }).map((items) => `{ ${items.join(' ')} }`);
}

/** A document: fragments on Me (spread several times, possibly doubling) and one query. */
const documents: fc.Arbitrary<string> = fc
  .tuple(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 4 }))
  .chain(([fragmentCount, depth, repeat]) => {
    const names = Array.from({ length: fragmentCount }, (_, i) => `F${i}`);
    const defs = names.map((name, i) => {
      const next = names[i + 1];
      return fc.constant(`fragment ${name} on Me { subject ${next ? `...${next} `.repeat(repeat) : 'role'} }`);
    });
    const query = selectionSet(schema.getQueryType()!, depth, []);
    const meSpreads = names.length > 0 ? ` me { ...${names[0]} }` : '';
    return fc.tuple(query, ...defs).map(([q, ...fs]) => `query Fuzz ${q.replace(/^\{/, `{${meSpreads}`)} ${fs.join(' ')}`);
  });

it(`survives ${RUNS} generated documents from six roles: no 500, no stack, no stored value in errors`, async () => {
  // Counted so the property cannot hold vacuously (every request refused at the door, say).
  const statuses = new Map<number, number>();
  let answered = 0;
  await fc.assert(
    fc.asyncProperty(documents, fc.integer({ min: 0, max: ROLES.length - 1 }), async (query, roleIndex) => {
      const res = await fetch(gw.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[roleIndex]}` },
        body: JSON.stringify({ query }),
      });
      expect(res.status).toBeLessThan(500);
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      const body = (await res.json()) as { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] };
      if (body.data !== null && typeof body.data === 'object') answered++;
      for (const error of body.errors ?? []) {
        const text = JSON.stringify(error);
        expect(typeof error.extensions?.code).toBe('string');
        expect(text).not.toMatch(/\n\s+at |node_modules|stacktrace/);
        for (const value of storedValues) expect(text).not.toContain(value);
      }
    }),
    { numRuns: RUNS, seed: process.env.FC_SEED ? Number(process.env.FC_SEED) : undefined },
  );
  // Every token was accepted, and some documents got past the limits and were executed.
  expect(statuses.get(401) ?? 0).toBe(0);
  expect(answered).toBeGreaterThan(0);
  const health = await fetch(gw.url.replace(/\/graphql$/, '/healthz'));
  expect(health.status).toBe(200);
}, 120_000);
