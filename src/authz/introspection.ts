// Schema exposure per role (docs/design.md): introspection only for the configured roles
// (admins in Sandbox by default). "Did you mean …" suggestions are hidden from everyone by
// graphql-armor's block-field-suggestions plugin (http/apollo.ts).
import type { ApolloServerPlugin } from '@apollo/server';
import { Kind, type DocumentNode, type FragmentDefinitionNode, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';
import type { GatewayContext } from '../context';
import { gatewayError } from '../errors';
import type { Role } from '../policy/roles';

export function schemaExposurePlugin(introspectionRoles: readonly Role[]): ApolloServerPlugin<GatewayContext> {
  const mayIntrospect = (ctx: GatewayContext) => ctx.principal.role !== null && introspectionRoles.includes(ctx.principal.role);
  return {
    async requestDidStart({ contextValue }) {
      const allowed = mayIntrospect(contextValue);
      return {
        async didResolveOperation({ document, operation }) {
          if (!allowed && operation && selectsIntrospection(operation, document)) throw gatewayError('INTROSPECTION_DISABLED');
        },
      };
    },
  };
}

/** Whether the operation reaches __schema or __type, through fragments and inline fragments too. */
export function selectsIntrospection(operation: OperationDefinitionNode, document: DocumentNode): boolean {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  const seen = new Set<string>();
  const visit = (set: SelectionSetNode): boolean =>
    set.selections.some((sel) => {
      if (sel.kind === Kind.FIELD) return sel.name.value === '__schema' || sel.name.value === '__type';
      if (sel.kind === Kind.INLINE_FRAGMENT) return visit(sel.selectionSet);
      const name = sel.name.value;
      if (seen.has(name)) return false;
      seen.add(name);
      const fragment = fragments.get(name);
      return fragment ? visit(fragment.selectionSet) : false;
    });
  return visit(operation.selectionSet);
}
