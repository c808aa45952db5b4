// Start-up validation of one report against what the gateway will actually enforce: the schema
// (the operation validates, the row and column paths exist and have the declared types and data
// classes), the query limits (a report must pass them like any request), and the policy (the
// roles it names may group and filter on what it groups and filters on, and a report open to BI
// tokens never serves a class in clear). A report that fails is named with every problem found.
import {
  getNamedType,
  getNullableType,
  isEnumType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  parse,
  typeFromAST,
  validate,
  type DocumentNode,
  type FieldNode,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import { dimensionUses, STATS_DIMENSIONS, type StatsDimension } from '../data/customer-stats';
import { FILTER_OPERATORS, type FilterOperator, type FilterUse } from '../data/filters';
import type { QueryLimits } from '../limits/defaults';
import { measureDocument } from '../limits/document-shape';
import { checkLimits } from '../limits/query-limits';
import type { CompiledPolicy } from '../policy/compile';
import { createQueryRights } from '../policy/query-rights';
import type { Role } from '../policy/roles';
import type { FieldMap } from '../schema/field-map';
import type { ColumnType, ParamSpec, ReportFile } from './definition';
import type { Report, ReportColumn } from './report';

export interface ValidationDeps {
  /** The gateway's schema (types and directives; rules are not needed). */
  readonly schema: GraphQLSchema;
  readonly fieldMap: FieldMap;
  readonly policy: CompiledPolicy;
  readonly limits: QueryLimits;
}

/** The only role BI tokens can carry (the verifier refuses any other). */
const BI_TOKEN_ROLE: Role = 'analyst';

/** Object type whose documents a root field reads, for query-rights checks on its arguments. */
const ROOT_FIELD_TYPES: Readonly<Record<string, string>> = {
  customer: 'Customer',
  customers: 'Customer',
  customerStats: 'Customer',
  deal: 'Deal',
  deals: 'Deal',
  dealStats: 'Deal',
  interactions: 'Interaction',
  interactionStats: 'Interaction',
};

const SCALAR_COLUMN_TYPES: Readonly<Record<string, readonly ColumnType[]>> = {
  String: ['string'],
  ID: ['string'],
  Int: ['integer', 'number'],
  Float: ['number'],
  Boolean: ['boolean'],
  DateTime: ['datetime'],
};

export function validateReport(file: ReportFile, text: string, deps: ValidationDeps): { report: Report } | { problems: string[] } {
  const problems: string[] = [];
  let document: DocumentNode;
  try {
    document = parse(text, { maxTokens: deps.limits.maxTokens, noLocation: true });
  } catch (err) {
    return { problems: [`the GraphQL document does not parse: ${(err as Error).message}`] };
  }
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  if (document.definitions.length !== 1 || operations.length !== 1) problems.push('the document must hold exactly one operation and no fragments');
  const operation = operations[0];
  if (!operation) return { problems };
  if (operation.operation !== 'query') problems.push('the operation must be a query');
  if (operation.name?.value !== file.operation) problems.push(`the operation must be named ${file.operation}`);
  for (const err of validate(deps.schema, document)) problems.push(`invalid against the schema: ${err.message}`);
  if (problems.length > 0) return { problems };

  // Cost depends on the run's parameters; the shape does not, so that is what start-up checks.
  const refusal = checkLimits({ ...measureDocument(document), cost: 0 }, deps.limits);
  if (refusal) problems.push(`over the query limits: ${refusal.message}`);

  checkVariables(file, operation, deps.schema, problems);

  const queryType = deps.schema.getQueryType()!;
  const rowsPath = file.rows.split('.');
  const rows = walk(queryType, operation.selectionSet, rowsPath, problems, 'rows');
  const columns: ReportColumn[] = [];
  if (rows) {
    if (!rows.list) problems.push(`rows: ${file.rows} is not a list`);
    const rowType = getNamedType(rows.field.type);
    if (!isObjectType(rowType) || !rows.node.selectionSet) {
      problems.push(`rows: ${file.rows} must be a list of objects`);
    } else {
      for (const col of file.columns) {
        const path = col.path.split('.');
        const leaf = walk(rowType, rows.node.selectionSet, path, problems, `column ${col.name}`);
        if (!leaf) continue;
        if (leaf.list) problems.push(`column ${col.name}: ${col.path} is a list; columns are flat`);
        const named = getNamedType(leaf.field.type);
        const allowed = isEnumType(named) ? ['string'] : SCALAR_COLUMN_TYPES[named.name];
        if (!allowed) problems.push(`column ${col.name}: ${col.path} is not a scalar`);
        else if (!allowed.includes(col.type)) problems.push(`column ${col.name}: declared ${col.type}, the field is ${named.name}`);
        const fieldClass = deps.fieldMap.types.get(leaf.parent.name)?.fields.get(leaf.field.name)?.dataClass ?? null;
        // A derived value (a city grouped from ADDRESS) may declare the class it comes from; a
        // classified field must declare its own.
        if (fieldClass !== null && col.class !== fieldClass)
          problems.push(`column ${col.name}: ${leaf.parent.name}.${leaf.field.name} is ${fieldClass}, declared ${col.class ?? 'null'}`);
        columns.push({ name: col.name, path, type: col.type, class: col.class });
      }
    }
  }

  if (file.paging) {
    const connection = file.paging.connection;
    if (rowsPath.length !== 2 || rowsPath[0] !== connection || rowsPath[1] !== 'nodes') problems.push(`paging: rows must be ${connection}.nodes`);
    for (const f of ['hasNextPage', 'endCursor']) walk(queryType, operation.selectionSet, [connection, 'pageInfo', f], problems, 'paging');
    const pageArgs = operation.selectionSet.selections.find((s): s is FieldNode => s.kind === Kind.FIELD && (s.alias ?? s.name).value === connection)?.arguments ?? [];
    for (const name of ['first', 'after']) {
      const arg = pageArgs.find((a) => a.name.value === name);
      if (arg?.value.kind !== Kind.VARIABLE || arg.value.name.value !== name) problems.push(`paging: ${connection} must take ${name}: $${name}`);
    }
  }

  checkPolicy(file, operation, deps, problems);
  if (problems.length > 0) return { problems };
  return {
    report: Object.freeze({
      id: file.id,
      version: file.version,
      title: file.title,
      description: file.description ?? null,
      document: text,
      operationName: file.operation,
      roles: Object.freeze([...file.access.roles]),
      tokenKinds: Object.freeze([...file.access.tokenKinds]),
      params: Object.freeze({ ...file.params }),
      rowsPath: Object.freeze(rowsPath),
      paging: file.paging,
      columns: Object.freeze(columns),
    }),
  };
}

interface Walked {
  readonly parent: GraphQLObjectType;
  readonly field: GraphQLField<unknown, unknown>;
  readonly node: FieldNode;
  /** A list was crossed on the way (the rows list itself, or a list below it). */
  readonly list: boolean;
}

/** Follows response keys (alias or name) through plain field selections. */
function walk(root: GraphQLObjectType, selections: SelectionSetNode, path: readonly string[], problems: string[], what: string): Walked | null {
  let type: GraphQLObjectType = root;
  let set: SelectionSetNode | undefined = selections;
  let found: Walked | null = null;
  for (let i = 0; i < path.length; i++) {
    const key = path[i]!;
    const node: FieldNode | undefined = set?.selections.find((s): s is FieldNode => s.kind === Kind.FIELD && (s.alias ?? s.name).value === key);
    const field = node ? type.getFields()[node.name.value] : undefined;
    if (!node || !field) {
      problems.push(`${what}: the operation selects no ${path.slice(0, i + 1).join('.')}`);
      return null;
    }
    const list = isListType(getNullableType(field.type));
    found = { parent: type, field, node, list };
    if (i < path.length - 1) {
      if (list) {
        problems.push(`${what}: ${path.slice(0, i + 1).join('.')} is a list inside the path`);
        return null;
      }
      const next = getNamedType(field.type);
      if (!isObjectType(next)) {
        problems.push(`${what}: ${path.slice(0, i + 1).join('.')} has no fields`);
        return null;
      }
      type = next;
      set = node.selectionSet;
    }
  }
  return found;
}

const PARAM_TYPES: Record<ParamSpec['type'], readonly string[]> = {
  date: ['DateTime'],
  datetime: ['DateTime'],
  int: ['Int'],
  string: ['String', 'ID'],
  enum: ['String'],
};

function checkVariables(file: ReportFile, operation: OperationDefinitionNode, schema: GraphQLSchema, problems: string[]): void {
  const paging = new Set(file.paging ? ['first', 'after'] : []);
  const declared = new Set<string>();
  for (const def of operation.variableDefinitions ?? []) {
    const name = def.variable.name.value;
    declared.add(name);
    const type = typeFromAST(schema, def.type as never);
    if (!type) continue;
    if (paging.has(name)) {
      const want = name === 'first' ? 'Int' : 'String';
      if (getNamedType(type).name !== want || (name === 'first') !== isNonNullType(type)) problems.push(`variable $${name} must be ${want}${name === 'first' ? '!' : ''}`);
      continue;
    }
    const spec = file.params[name];
    if (!spec) {
      problems.push(`variable $${name} is not a declared parameter`);
      continue;
    }
    const named = getNamedType(type);
    const enumOk = spec.type === 'enum' && isEnumType(named) && spec.values.every((v) => named.getValue(v) !== undefined);
    if (!PARAM_TYPES[spec.type].includes(named.name) && !enumOk) problems.push(`parameter ${name}: a ${spec.type} cannot fill $${name} (${named.name})`);
    if (isListType(getNullableType(type))) problems.push(`parameter ${name}: list variables are not supported`);
    if (isNonNullType(type) && !def.defaultValue && !spec.required) problems.push(`parameter ${name}: $${name} is non-null, so the parameter must be required`);
  }
  for (const name of Object.keys(file.params)) if (!declared.has(name)) problems.push(`parameter ${name}: the operation declares no $${name}`);
  for (const name of paging) if (!declared.has(name)) problems.push(`paging: the operation must declare $${name}`);
}

function checkPolicy(file: ReportFile, operation: OperationDefinitionNode, deps: ValidationDeps, problems: string[]): void {
  const { policy, fieldMap } = deps;
  for (const col of file.columns) {
    if (col.class === null) continue;
    const levels = file.access.roles.map((role) => policy.level(role, col.class!, false));
    if (levels.every((l) => l === 'hidden')) problems.push(`column ${col.name}: ${col.class} is hidden from every role the report allows`);
    if (file.access.tokenKinds.includes('bi') && file.access.roles.includes(BI_TOKEN_ROLE) && policy.level(BI_TOKEN_ROLE, col.class, false) === 'clear') {
      problems.push(`column ${col.name}: BI tokens would be served ${col.class} in clear`);
    }
  }
  for (const role of file.access.roles) {
    const rights = createQueryRights(policy, { role });
    for (const sel of operation.selectionSet.selections) {
      if (sel.kind !== Kind.FIELD) continue;
      const typeName = ROOT_FIELD_TYPES[sel.name.value];
      if (!typeName) continue;
      try {
        for (const arg of sel.arguments ?? []) {
          if (arg.name.value === 'groupBy' && sel.name.value === 'customerStats') {
            const dims = listValues(arg.value).filter((d): d is StatsDimension => (STATS_DIMENSIONS as readonly string[]).includes(d));
            rights.checkGroup(dimensionUses(dims, fieldMap));
          }
          if (arg.name.value === 'filter' && arg.value.kind === Kind.OBJECT) rights.checkFilter(filterUses(typeName, arg.value, fieldMap));
          if (arg.name.value === 'orderBy') {
            const fields = orderFields(arg.value).flatMap((f) => (fieldMap.types.get(typeName)?.fields.get(f) ? [fieldMap.field(typeName, f)] : []));
            rights.checkSort(fields);
          }
        }
      } catch (err) {
        problems.push(`role ${role}: ${(err as Error).message}`);
      }
    }
  }
}

function listValues(value: ValueNode): string[] {
  if (value.kind === Kind.LIST) return value.values.flatMap(listValues);
  return value.kind === Kind.ENUM || value.kind === Kind.STRING ? [value.value] : [];
}

function filterUses(typeName: string, value: ValueNode & { kind: Kind.OBJECT }, fieldMap: FieldMap): FilterUse[] {
  const uses: FilterUse[] = [];
  for (const f of value.fields) {
    const info = fieldMap.types.get(typeName)?.fields.get(f.name.value);
    if (!info) continue;
    const ops = f.value.kind === Kind.OBJECT ? f.value.fields.map((o) => o.name.value) : ['eq'];
    for (const op of ops) if ((FILTER_OPERATORS as readonly string[]).includes(op)) uses.push({ field: info, operator: op as FilterOperator, values: 1 });
  }
  return uses;
}

function orderFields(value: ValueNode): string[] {
  if (value.kind === Kind.LIST) return value.values.flatMap(orderFields);
  if (value.kind !== Kind.OBJECT) return [];
  const field = value.fields.find((f) => f.name.value === 'field')?.value;
  return field?.kind === Kind.ENUM ? [field.value] : [];
}
