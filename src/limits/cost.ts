// Query cost: how many objects a response may hold, with list sizes multiplied through. A list
// field's size is its `first` (or `last`/`limit`) argument — a literal, a variable's value, or the
// argument's default; a connection field's `first` sizes its `edges` and `nodes`; a list nothing
// bounds counts UNBOUNDED_LIST_SIZE, and introspection lists count what the schema really holds
// (its number of types, the most fields any type has, …), so introspection is costed too.
// Scalars cost nothing; objects cost one each. `customers(first: 1000) { nodes { deals(first:
// 100) { id } } }` costs 1 + 1,000 × (1 + 100) = 101,001.
//
// Linear in the document: each fragment's cost per instance is computed once per list size it is
// spread under (memoised), then multiplied, never expanded. Unknown fields cost nothing here;
// validation refuses them. Sizes are clamped to the largest page the gateway serves.
import {
  getNamedType,
  getNullableType,
  isListType,
  isObjectType,
  isAbstractType,
  isInterfaceType,
  isInputObjectType,
  isEnumType,
  Kind,
  valueFromAST,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type FieldNode,
} from 'graphql';
import { UNBOUNDED_LIST_SIZE } from './defaults';

const SIZE_ARGS = ['first', 'last', 'limit'];
const CONNECTION_LISTS = new Set(['edges', 'nodes']);

export interface CostModelOptions {
  /** What a list gets when its size argument is omitted and has no default (the default page). */
  readonly defaultPageSize: number;
  /** Sizes above this are clamped: the data layer refuses larger pages anyway. */
  readonly maxPageSize: number;
}

export type CostOf = (document: DocumentNode, operationName: string | null | undefined, variables: Readonly<Record<string, unknown>> | null | undefined) => number;

export function createCostModel(schema: GraphQLSchema, options: CostModelOptions): CostOf {
  const introspectionSizes = introspectionListSizes(schema);

  return (document, operationName, variables) => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
    const operation = pickOperation(document, operationName);
    if (!operation) return 0;
    const root = operation.operation === 'mutation' ? schema.getMutationType() : operation.operation === 'subscription' ? schema.getSubscriptionType() : schema.getQueryType();
    if (!root) return 0;
    const vars = variables ?? {};

    const memo = new Map<string, number>();
    const inProgress = new Set<string>();

    const sizeOf = (field: GraphQLField<unknown, unknown>, node: FieldNode, inherited: number | null): number => {
      if (!field.args.some((a) => SIZE_ARGS.includes(a.name))) return clamp(inherited ?? UNBOUNDED_LIST_SIZE);
      for (const name of SIZE_ARGS) {
        const arg = field.args.find((a) => a.name === name);
        if (!arg) continue;
        const given = node.arguments?.find((a) => a.name.value === name);
        let value: unknown = arg.defaultValue;
        if (given)
          value = given.value.kind === Kind.VARIABLE ? (vars[given.value.name.value] ?? arg.defaultValue) : valueFromAST(given.value, arg.type, vars as Record<string, unknown>);
        if (typeof value === 'number' && Number.isFinite(value)) return clamp(value);
        return clamp(inherited ?? options.defaultPageSize);
      }
      return clamp(inherited ?? options.defaultPageSize);
    };
    const clamp = (n: number) => Math.max(0, Math.min(Math.floor(n), options.maxPageSize));

    /** Cost of one instance of `type` selecting `set`; `pending` sizes a connection's lists. */
    const setCost = (set: SelectionSetNode, type: GraphQLNamedType, pending: number | null): number => {
      let total = 0;
      for (const sel of set.selections) {
        if (sel.kind === Kind.INLINE_FRAGMENT) {
          const cond = sel.typeCondition ? schema.getType(sel.typeCondition.name.value) : type;
          if (cond) total += setCost(sel.selectionSet, cond, pending);
        } else if (sel.kind === Kind.FRAGMENT_SPREAD) {
          total += fragmentCost(sel.name.value, pending);
        } else {
          total += fieldCost(sel, type, pending);
        }
      }
      return total;
    };

    const fieldCost = (node: FieldNode, parent: GraphQLNamedType, pending: number | null): number => {
      const name = node.name.value;
      if (name === '__typename') return 0;
      if (!node.selectionSet) return 0;
      // The meta fields are not in the root type's field map.
      if (name === '__schema' || name === '__type') {
        const meta = schema.getType(name === '__schema' ? '__Schema' : '__Type');
        return meta ? 1 + setCost(node.selectionSet, meta, null) : 0;
      }
      const field = isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[name] : undefined;
      if (!field) return 0;
      const target = getNamedType(field.type);
      const isList = isListType(getNullableType(field.type));
      let count = 1;
      let childPending: number | null = null;
      if (parent.name.startsWith('__')) {
        count = isList ? (introspectionSizes.get(name) ?? UNBOUNDED_LIST_SIZE) : 1;
      } else if (isList) {
        count = sizeOf(field, node, CONNECTION_LISTS.has(name) ? pending : null);
      } else if (field.args.some((a) => SIZE_ARGS.includes(a.name))) {
        // A connection: its size argument sizes the `edges` and `nodes` lists below it.
        childPending = sizeOf(field, node, null);
      }
      return count * (1 + setCost(node.selectionSet, target, childPending));
    };

    const fragmentCost = (name: string, pending: number | null): number => {
      const key = `${name}\u0000${pending ?? ''}`;
      const known = memo.get(key);
      if (known !== undefined) return known;
      const fragment = fragments.get(name);
      if (!fragment || inProgress.has(name)) return 0;
      const type = schema.getType(fragment.typeCondition.name.value);
      if (!type) return 0;
      inProgress.add(name);
      const cost = setCost(fragment.selectionSet, type, pending);
      inProgress.delete(name);
      memo.set(key, cost);
      return cost;
    };

    return Math.ceil(setCost(operation.selectionSet, root, null));
  };
}

function pickOperation(document: DocumentNode, name: string | null | undefined): OperationDefinitionNode | undefined {
  const ops = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  if (name) return ops.find((o) => o.name?.value === name);
  return ops.length === 1 ? ops[0] : undefined;
}

/**
 * What each introspection list holds on average in this schema: the number of types, then the
 * fields per type, arguments per field, … averaged over every type (or field), so that a query
 * over all types (`__schema { types { fields { args { name } } } }`) costs what it really returns.
 */
function introspectionListSizes(schema: GraphQLSchema): Map<string, number> {
  const types = Object.values(schema.getTypeMap());
  let fields = 0;
  let args = 0;
  let inputFields = 0;
  let enumValues = 0;
  let interfaces = 0;
  let possibleTypes = 0;
  for (const t of types) {
    if (isObjectType(t) || isInterfaceType(t)) {
      const fs = Object.values(t.getFields());
      fields += fs.length;
      for (const f of fs) args += f.args.length;
      interfaces += t.getInterfaces().length;
    }
    if (isInputObjectType(t)) inputFields += Object.keys(t.getFields()).length;
    if (isEnumType(t)) enumValues += t.getValues().length;
    if (isAbstractType(t)) possibleTypes += schema.getPossibleTypes(t).length;
  }
  const n = Math.max(types.length, 1);
  const directives = schema.getDirectives();
  return new Map([
    ['types', types.length],
    ['directives', directives.length],
    ['fields', fields / n],
    ['args', args / Math.max(fields, 1)],
    ['inputFields', inputFields / n],
    ['enumValues', enumValues / n],
    ['interfaces', interfaces / n],
    ['possibleTypes', possibleTypes / n],
    ['locations', 0],
  ]);
}
