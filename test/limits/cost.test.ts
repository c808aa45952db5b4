// The cost model: objects a response may hold, list sizes multiplied through, from literals,
// variables and defaults, connections sized by their `first`, introspection sized by the schema.
import { getIntrospectionQuery, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { resolvers } from '../../resolvers';
import { createCostModel } from '../../src/limits/cost';
import { UNBOUNDED_LIST_SIZE } from '../../src/limits/defaults';
import { buildSchema } from '../../src/schema/build';

const { schema } = buildSchema(resolvers);
const costOf = createCostModel(schema, { defaultPageSize: 50, maxPageSize: 1000 });
const cost = (q: string, variables?: Record<string, unknown>, op?: string) => costOf(parse(q), op, variables);

describe('query cost', () => {
  it('multiplies list sizes: customers(first: 1000) with deals(first: 100) is about 100,000 objects', () => {
    expect(cost('{ customers(first: 1000) { nodes { id deals(first: 100) { id } } } }')).toBe(1 + 1000 * (1 + 100));
  });

  it('reads sizes from variables, argument defaults and the default page size; scalars are free', () => {
    const q = 'query Q($n: Int) { customers(first: $n) { nodes { id name phone } } }';
    expect(cost(q, { n: 7 })).toBe(8);
    expect(cost(q, {})).toBe(51);
    expect(cost('{ customer(id: "x") { id deals { id } } }')).toBe(1 + 20);
  });

  it('clamps sizes to the largest page, and counts edges like nodes', () => {
    expect(cost('{ customers(first: 100000) { edges { node { id } } } }')).toBe(1 + 1000 * 2);
  });

  it('counts fragments once per spread and aliases once each, without expanding them', () => {
    const q = '{ a: customers(first: 10) { ...P } b: customers(first: 10) { ...P } } fragment P on CustomerConnection { nodes { owner { id } } }';
    expect(cost(q)).toBe(2 * (1 + 10 * 2));
  });

  it('costs introspection by what the schema holds, so nesting it multiplies', () => {
    const standard = cost(getIntrospectionQuery());
    expect(standard).toBeGreaterThan(Object.keys(schema.getTypeMap()).length);
    expect(standard).toBeLessThan(10_000);
    const types = cost('{ __schema { types { name } } }');
    expect(types).toBe(1 + Object.keys(schema.getTypeMap()).length);
  });

  it('a list nothing bounds counts as UNBOUNDED_LIST_SIZE', () => {
    expect(cost('{ me { subject } }')).toBe(1);
    expect(UNBOUNDED_LIST_SIZE).toBeGreaterThan(0);
  });

  it('picks the named operation', () => {
    const q = 'query A { customers(first: 3) { nodes { id } } } query B { customers(first: 9) { nodes { id } } }';
    expect(cost(q, {}, 'A')).toBe(4);
    expect(cost(q, {}, 'B')).toBe(10);
  });
});
