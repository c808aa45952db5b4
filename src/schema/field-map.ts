// The schema's data directives, read once: for each object type backed by a collection, where
// each field lives in the document (@source) and which fields are sensitive (@sensitive). The
// data layer translates filters and sorts through this map and classified fields resolve from it,
// so serving a differently shaped store is a schema-only change (docs/design.md, "Data model and existing stores").
import { getNamedType, isObjectType, type GraphQLField, type GraphQLSchema } from 'graphql';
import { getDirective } from '@graphql-tools/utils';
import { isDataClass, type DataClass } from '../policy/classes';

export interface FieldInfo {
  /** GraphQL type and field name, e.g. Customer.phone */
  readonly coordinate: string;
  readonly typeName: string;
  readonly fieldName: string;
  /** Dotted document path, e.g. "contact.mobile"; `id` maps to "_id" unless declared. */
  readonly path: string;
  readonly segments: readonly string[];
  readonly dataClass: DataClass | null;
  /** The field's GraphQL type is ID: client values are converted with parseId before querying. */
  readonly isId: boolean;
}

export interface TypeInfo {
  readonly typeName: string;
  readonly collection: string;
  readonly fields: ReadonlyMap<string, FieldInfo>;
}

export interface FieldMap {
  readonly types: ReadonlyMap<string, TypeInfo>;
  /** The declared info for a field, or throws: an undeclared lookup is a programming error. */
  field(typeName: string, fieldName: string): FieldInfo;
  collectionOf(typeName: string): string;
  /** Every classified field, e.g. for the policy checker. */
  readonly classified: readonly FieldInfo[];
}

export function buildFieldMap(schema: GraphQLSchema): FieldMap {
  const types = new Map<string, TypeInfo>();
  const classified: FieldInfo[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    const collection = getDirective(schema, type, 'collection')?.[0]?.name as string | undefined;
    const fields = new Map<string, FieldInfo>();
    for (const field of Object.values(type.getFields())) {
      const info = fieldInfo(schema, type.name, field);
      if (info.dataClass && !collection) {
        throw new Error(`${info.coordinate} is @sensitive but ${type.name} has no @collection`);
      }
      fields.set(field.name, info);
      if (info.dataClass) classified.push(info);
    }
    if (collection) types.set(type.name, { typeName: type.name, collection, fields });
  }
  return {
    types,
    classified,
    field(typeName, fieldName) {
      const info = types.get(typeName)?.fields.get(fieldName);
      if (!info) throw new Error(`no field ${typeName}.${fieldName} in a collection-backed type`);
      return info;
    },
    collectionOf(typeName) {
      const t = types.get(typeName);
      if (!t) throw new Error(`type ${typeName} has no @collection`);
      return t.collection;
    },
  };
}

function fieldInfo(schema: GraphQLSchema, typeName: string, field: GraphQLField<unknown, unknown>): FieldInfo {
  const declared = getDirective(schema, field, 'source')?.[0]?.path as string | undefined;
  const path = declared ?? (field.name === 'id' ? '_id' : field.name);
  if (!/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/.test(path) || path.split('.').some((s) => s.startsWith('$'))) {
    throw new Error(`${typeName}.${field.name}: @source path "${path}" is not a plain dotted document path`);
  }
  const cls = getDirective(schema, field, 'sensitive')?.[0]?.class as unknown;
  if (cls !== undefined && !isDataClass(cls)) throw new Error(`${typeName}.${field.name}: unknown data class`);
  return {
    coordinate: `${typeName}.${field.name}`,
    typeName,
    fieldName: field.name,
    path,
    segments: path.split('.'),
    dataClass: (cls as DataClass | undefined) ?? null,
    isId: getNamedType(field.type).name === 'ID',
  };
}

/** Reads a dotted path from a document without allocating. */
export function readPath(doc: unknown, segments: readonly string[]): unknown {
  let v: unknown = doc;
  for (let i = 0; i < segments.length; i++) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[segments[i]!];
  }
  return v;
}
