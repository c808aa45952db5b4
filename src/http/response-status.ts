// The HTTP status of every response Apollo's request pipeline produces, decided from the table in
// src/errors.ts and GraphQL over HTTP:
// - a response with `data` that is not null is 200, whatever errors came with it (partial data:
//   the README's auditor asking for `me` and `customers` gets `me` and a FORBIDDEN error);
// - a store that cannot be reached makes the whole response STORE_UNAVAILABLE: 503 with
//   Retry-After and no data, because what was resolved before the failure is a fragment the
//   client should not mistake for an answer; it is logged once per request, with the error class;
// - any other response without data takes the status of its first error's code.
import { unwrapResolverError } from '@apollo/server/errors';
import type { ApolloServerPlugin } from '@apollo/server';
import type { Logger } from 'pino';
import type { GatewayContext } from '../context';
import { isStoreUnavailable } from '../data/store-errors';
import { ERRORS, errorHeaders, isErrorCode } from '../errors';

export function responseStatusPlugin(logger: Logger): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, contextValue }) {
          const failures = errors.map((e) => unwrapResolverError(e)).filter(isStoreUnavailable);
          if (failures.length === 0) return;
          const first = failures[0] as Error;
          logger.error({ requestId: contextValue.requestId, errorClass: first.name, errors: failures.length }, 'store unavailable while resolving');
        },
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          const codes = (result.errors ?? []).map((e) => e.extensions?.code);
          let status: number | undefined;
          let code: string | undefined;
          if (codes.includes('STORE_UNAVAILABLE')) {
            code = 'STORE_UNAVAILABLE';
            response.body.singleResult = { ...result, data: null };
          } else if (result.data !== undefined && result.data !== null) {
            status = 200;
          } else {
            code = codes.find(isErrorCode);
          }
          if (isErrorCode(code)) {
            status = ERRORS[code].status;
            for (const [name, value] of Object.entries(errorHeaders(code, result.errors?.[0]?.extensions ?? {}))) response.http.headers.set(name, value);
          }
          if (status !== undefined) response.http.status = status;
        },
      };
    },
  };
}
