// Builds the executable schema once at start-up: SDL + hand-written resolvers, then a resolver for
// every field of a collection-backed type that the directives describe: renamed fields (@source)
// read their document path, ID fields turn ObjectIds into strings, and classified fields
// (@sensitive) go through the request's disclosure step (mask + audit).
import { makeExecutableSchema } from '@graphql-tools/schema';
import { isObjectType, type GraphQLFieldResolver, type GraphQLResolveInfo, type GraphQLSchema } from 'graphql';
import { ObjectId } from 'mongodb';
import { buildFieldMap, readPath, type FieldInfo, type FieldMap } from './field-map';
import { loadTypeDefs } from './load-sdl';

/**
 * What the generic resolvers use of the request context: the disclosure step, which masks and
 * records every classified value (src/disclosure/serve.ts). Declared here so the schema layer
 * needs nothing of the context or the disclosure step's types (docs/architecture.md).
 */
interface ServingContext {
  readonly disclosure: { serve(field: FieldInfo, parent: unknown, raw: unknown, info: GraphQLResolveInfo): string | null };
}

export interface BuiltSchema {
  readonly schema: GraphQLSchema;
  readonly fieldMap: FieldMap;
}

export function buildSchema(resolvers: Record<string, unknown>, schemaDir?: string): BuiltSchema {
  const schema = makeExecutableSchema({ typeDefs: loadTypeDefs(schemaDir), resolvers: resolvers as never });
  const fieldMap = buildFieldMap(schema);
  for (const typeInfo of fieldMap.types.values()) {
    const type = schema.getType(typeInfo.typeName);
    if (!isObjectType(type)) continue;
    const fields = type.getFields();
    for (const info of typeInfo.fields.values()) {
      const field = fields[info.fieldName]!;
      if (info.dataClass) {
        if (field.resolve) throw new Error(`${info.coordinate} is @sensitive and must not have a hand-written resolver`);
        field.resolve = classifiedResolver(info);
      } else if (!field.resolve) {
        field.resolve = plainResolver(info);
      }
    }
  }
  return { schema, fieldMap };
}

function classifiedResolver(info: FieldInfo): GraphQLFieldResolver<unknown, ServingContext> {
  const { segments } = info;
  return (parent, _args, ctx, resolveInfo) => ctx.disclosure.serve(info, parent, readPath(parent, segments), resolveInfo);
}

function plainResolver(info: FieldInfo): GraphQLFieldResolver<unknown, ServingContext> | undefined {
  const { segments } = info;
  if (info.isId) {
    return (parent) => {
      const v = readPath(parent, segments);
      return v instanceof ObjectId ? v.toHexString() : v;
    };
  }
  if (segments.length === 1 && segments[0] === info.fieldName) return undefined; // graphql's default resolver
  return (parent) => readPath(parent, segments);
}
