// Feeds each response's disclosure records to bulk-access detection once the response is
// assembled. Fire and forget: detection never delays or fails the request it watches (a failure
// is logged with its class); the alert takes effect from the principal's next request.
import type { ApolloServerPlugin } from '@apollo/server';
import type { Logger } from 'pino';
import type { Principal } from '../auth/principal';
import type { RequestDisclosure, RequestMeta } from '../disclosure/disclosure';
import type { BulkAccessWatch } from './bulk-access';

/** What detection reads of a request's context (the GraphQL context fits). */
export interface WatchedRequest {
  readonly principal: Principal;
  readonly meta: RequestMeta;
  readonly disclosure: Pick<RequestDisclosure, 'records' | 'degradedUntil'>;
}

export function bulkAccessPlugin<TContext extends WatchedRequest>(watch: BulkAccessWatch, logger: Logger): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue }) {
          const { principal, disclosure } = contextValue;
          if (disclosure.records.length === 0) return;
          watch.observe(principal, disclosure.records, disclosure.degradedUntil !== null, contextValue.meta).catch((err: unknown) => {
            logger.error({ errorClass: (err as Error)?.name }, 'bulk-access detection failed for a request');
          });
        },
      };
    },
  };
}
