// graphql-shield on the root operation types only (docs/design.md, "Performance notes": a type-level or fallback rule wraps
// every field in a promise and ran at 0.13x plain Apollo on 1,000 rows). Object fields stay
// unwrapped: row scope lives in the data layer and masking in the classified fields.
import { isObjectType, type GraphQLSchema } from 'graphql';
import { applyMiddleware } from 'graphql-middleware';
import { deny, shield, type IRules } from 'graphql-shield';
import { gatewayError } from '../errors';

export function applyRootShield(schema: GraphQLSchema, rules: IRules): GraphQLSchema {
  assertEveryRootFieldHasARule(schema, rules);
  const middleware = shield(rules, {
    fallbackRule: deny,
    // A resolver's own error passes through unchanged (not "Not Authorised!"); a denied rule
    // becomes FORBIDDEN with a stable code.
    fallbackError: (thrown: unknown) => (thrown instanceof Error ? thrown : gatewayError('FORBIDDEN')),
    allowExternalErrors: false,
    debug: false,
  }).generate(schema) as unknown as Record<string, unknown>;
  const rootOnly: Record<string, unknown> = {};
  for (const type of [schema.getQueryType(), schema.getMutationType()]) {
    if (type && middleware[type.name]) rootOnly[type.name] = middleware[type.name];
  }
  return applyMiddleware(schema, rootOnly as never);
}

/** Start-up check: a root field nobody wrote a rule for is a decision nobody made. */
export function assertEveryRootFieldHasARule(schema: GraphQLSchema, rules: IRules): void {
  const missing: string[] = [];
  for (const type of [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]) {
    if (!type || !isObjectType(type)) continue;
    const typeRules = (rules as Record<string, Record<string, unknown> | undefined>)[type.name] ?? {};
    for (const name of Object.keys(type.getFields())) if (!typeRules[name]) missing.push(`${type.name}.${name}`);
  }
  if (missing.length > 0) throw new Error(`authorization: no shield rule for ${missing.join(', ')} (add one to src/authz/rules.ts)`);
}
