// The GraphQL step of a trace: one `graphql.execute` span per operation, from the start of
// execution to its end, with the operation's type and name (the client's own label for it). No
// query text, no variables, no field paths: those can carry what a client typed.
import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from '../context';
import type { Tracing } from './tracing';

export function tracingPlugin(tracing: Tracing): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async executionDidStart({ operation, operationName }) {
          const attributes = { 'graphql.operation.type': operation.operation, ...(operationName ? { 'graphql.operation.name': operationName } : {}) };
          tracing.annotate(attributes);
          const { span, end } = tracing.start('graphql.execute', attributes);
          return {
            async executionDidEnd(error) {
              if (error) span.fail(error.name);
              end();
            },
          };
        },
      };
    },
  };
}
