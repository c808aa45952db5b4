// The shape measurement behind the query limits: what an executor would see once fragments are
// expanded, computed without expanding them.
import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { measureDocument } from '../../src/limits/document-shape';
import { aliasedFields, doubledFragments, nestedDeals } from '../support/hostile-documents';

const shape = (doc: string) => measureDocument(parse(doc, { maxTokens: 1_000_000 }));

describe('document shape', () => {
  it('counts depth as the longest chain of nested fields, through fragments and inline fragments', () => {
    expect(shape('{ me { subject } }')).toEqual({ depth: 2, fields: 2, aliases: 0, directives: 0, tokens: 6 });
    expect(shape('{ me { ...F } } fragment F on Me { ... on Me { subject } }').depth).toBe(2);
    expect(shape(nestedDeals('x', 10)).depth).toBe(22);
  });

  it('counts every spread of a fragment once per spread: doubled spreads grow as powers of two', () => {
    expect(shape(doubledFragments(10)).fields).toBe(1 + 2 ** 11 - 1);
    expect(shape(doubledFragments(30)).fields).toBe(2 ** 31);
    expect(shape(doubledFragments(2000)).fields).toBe(Infinity);
  });

  it('counts aliases and directives after expansion, and the worst operation of a document', () => {
    expect(shape(aliasedFields(7)).aliases).toBe(7);
    const doc = 'query A { me { subject } } query B { me { ...F ...F } } fragment F on Me { x: subject @include(if: true) }';
    expect(shape(doc)).toMatchObject({ depth: 2, fields: 3, aliases: 2, directives: 2 });
  });

  it('treats cycles and unknown fragments as empty instead of looping (validation refuses them later)', () => {
    expect(shape('{ me { ...A } } fragment A on Me { subject ...B } fragment B on Me { role ...A }').fields).toBe(3);
    expect(shape('{ me { ...Missing } }').fields).toBe(1);
  });

  it('measures a 2,000-level fragment chain without recursing per expanded field', () => {
    let doc = '{ me { ...F0 } }';
    for (let i = 0; i < 2000; i++) doc += ` fragment F${i} on Me { subject ...F${i + 1} }`;
    doc += ' fragment F2000 on Me { role }';
    expect(shape(doc).fields).toBe(2002);
  });
});
