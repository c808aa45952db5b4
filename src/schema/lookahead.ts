// Lookahead: which fields an operation selects below the field being resolved, so the data layer
// can start a read it will need before the parent's read has returned (docs/performance.md,
// "By id: deals read alongside the customer"). Fragments, inline fragments and @skip/@include
// are honoured by graphql-tools' collectSubFields, as graphql-js itself would collect them.
import { collectSubFields } from '@graphql-tools/utils';
import { getNamedType, isObjectType, type GraphQLResolveInfo } from 'graphql';

/** True when the field being resolved selects a sub-field called `name` (under any alias). */
export function selectsField(info: GraphQLResolveInfo, name: string): boolean {
  const type = getNamedType(info.returnType);
  if (!isObjectType(type)) return false;
  const { fields } = collectSubFields(info.schema, info.fragments, info.variableValues, type, info.fieldNodes as never);
  for (const nodes of fields.values()) if (nodes[0]?.name.value === name) return true;
  return false;
}
