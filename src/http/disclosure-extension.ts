// Tells clients, per classified field in the response, the level it was served at
// (`extensions.disclosure.levels["Customer.phone"] = "partial"`), and which response paths were
// withheld although the policy grants more (absent or unparseable values), and which were served
// at a less revealing level than the policy's (`downgraded`, path → level). docs/design.md, "The policy model":
// clients can tell clear, masked (which level) or withheld apart.
import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from '../context';

export const disclosureExtensionPlugin: ApolloServerPlugin<GatewayContext> = {
  async requestDidStart() {
    return {
      async willSendResponse({ contextValue, response }) {
        if (response.body.kind !== 'single') return;
        const disclosure = contextValue.disclosure;
        if (disclosure.records.length === 0) return;
        const summary = disclosure.summary();
        response.body.singleResult.extensions = {
          ...response.body.singleResult.extensions,
          disclosure: {
            policyVersion: disclosure.policyVersion,
            ...summary,
            ...(disclosure.degradedUntil ? { degraded: { reason: 'bulk_access_alert', until: disclosure.degradedUntil.toISOString() } } : {}),
          },
        };
      },
    };
  },
};
