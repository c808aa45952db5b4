// The shape of a GraphQL document as an executor would see it after fragments are expanded:
// how deep it nests, how many fields it selects, how many of them are aliased and how many
// directives it carries. It is measured in one pass that is linear in the document: each
// fragment's shape is computed once and reused at every spread (memoised), so a 1 KB document
// of doubled spreads (`...G1 ...G1` on 30 levels, 2^30 fields when expanded) costs 30 steps here
// instead of the minutes a compiler spends expanding it. Numbers saturate at Infinity, never wrap.
//
// Repeated spreads of one fragment count every time: an executor that merges them (graphql-js)
// does less work than counted, one that expands them (graphql-jit's compiler) does exactly this,
// so the count bounds both. Cycles and unknown fragments count as empty here; validation refuses
// them right after (docs/limits.md).
import { Kind, TokenKind, type DocumentNode, type FragmentDefinitionNode, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';

export interface DocumentShape {
  /** Deepest chain of nested fields (a leaf field on the root type is depth 1). */
  readonly depth: number;
  /** Fields selected once every fragment spread is replaced by its fragment. */
  readonly fields: number;
  /** Aliased fields among them. */
  readonly aliases: number;
  /** Directives on fields, fragments and spreads among them. */
  readonly directives: number;
  /** Lexical tokens of the whole document (0 when it was parsed without locations). */
  readonly tokens: number;
}

type Counts = Omit<DocumentShape, 'tokens'>;
const EMPTY: Counts = { depth: 0, fields: 0, aliases: 0, directives: 0 };

/** The shape of each operation in the document, in document order. */
export function measureOperations(document: DocumentNode): Map<OperationDefinitionNode, Counts> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);

  const memo = new Map<string, Counts>();
  const inProgress = new Set<string>();

  const fragmentShape = (name: string): Counts => {
    const known = memo.get(name);
    if (known) return known;
    const fragment = fragments.get(name);
    if (!fragment || inProgress.has(name)) return EMPTY;
    inProgress.add(name);
    const shape = add(setShape(fragment.selectionSet), 0, 0, fragment.directives?.length ?? 0);
    inProgress.delete(name);
    memo.set(name, shape);
    return shape;
  };

  const setShape = (set: SelectionSetNode): Counts => {
    let depth = 0;
    let fields = 0;
    let aliases = 0;
    let directives = 0;
    for (const sel of set.selections) {
      directives += sel.directives?.length ?? 0;
      let inner: Counts;
      if (sel.kind === Kind.FIELD) {
        fields += 1;
        if (sel.alias) aliases += 1;
        inner = sel.selectionSet ? setShape(sel.selectionSet) : EMPTY;
        depth = Math.max(depth, 1 + inner.depth);
      } else if (sel.kind === Kind.INLINE_FRAGMENT) {
        inner = setShape(sel.selectionSet);
        depth = Math.max(depth, inner.depth);
      } else {
        inner = fragmentShape(sel.name.value);
        depth = Math.max(depth, inner.depth);
      }
      fields += inner.fields;
      aliases += inner.aliases;
      directives += inner.directives;
    }
    return { depth, fields, aliases, directives };
  };

  const shapes = new Map<OperationDefinitionNode, Counts>();
  for (const def of document.definitions) {
    if (def.kind !== Kind.OPERATION_DEFINITION) continue;
    shapes.set(def, add(setShape(def.selectionSet), 0, 0, def.directives?.length ?? 0));
  }
  return shapes;
}

/** The largest of each measure over every operation (a document is refused if any operation is). */
export function measureDocument(document: DocumentNode): DocumentShape {
  let worst: Counts = EMPTY;
  for (const shape of measureOperations(document).values()) {
    worst = {
      depth: Math.max(worst.depth, shape.depth),
      fields: Math.max(worst.fields, shape.fields),
      aliases: Math.max(worst.aliases, shape.aliases),
      directives: Math.max(worst.directives, shape.directives),
    };
  }
  return { ...worst, tokens: countTokens(document) };
}

/** Tokens from the parser's linked token list (the lexer already counted them once; this walks it). */
function countTokens(document: DocumentNode): number {
  let n = 0;
  for (let token = document.loc?.startToken.next ?? null; token !== null && token.kind !== TokenKind.EOF; token = token.next) {
    if (token.kind !== TokenKind.COMMENT) n++;
  }
  return n;
}

function add(shape: Counts, fields: number, aliases: number, directives: number): Counts {
  if (fields === 0 && aliases === 0 && directives === 0) return shape;
  return { depth: shape.depth, fields: shape.fields + fields, aliases: shape.aliases + aliases, directives: shape.directives + directives };
}
