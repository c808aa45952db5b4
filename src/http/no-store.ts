// Cache-Control: no-store on every GraphQL response. Responses carry customer data, masked or
// not, decided for one caller: a browser cache, a proxy or a CDN that kept one would serve it to
// the next user of the machine or the next client of the proxy. Deciding per response whether it
// carries customer data would be one more rule to get wrong, and a GraphQL response is never worth
// caching here, so every response (errors included) gets the header.
import type { ApolloServerPlugin } from '@apollo/server';

export const noStorePlugin: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        response.http.headers.set('cache-control', 'no-store');
      },
    };
  },
};
