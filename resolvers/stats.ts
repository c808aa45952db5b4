import type { QueryResolvers } from '../src/generated/graphql';
import { gatewayError } from '../src/errors';

export const statsQuery: Pick<QueryResolvers, 'customerStats'> = {
  customerStats: async (_root, { groupBy, filter }, ctx) => {
    if (groupBy.length === 0 || new Set(groupBy).size !== groupBy.length) {
      throw gatewayError('BAD_USER_INPUT', 'groupBy needs one or more distinct dimensions', { argument: 'groupBy' });
    }
    const minGroupSize = ctx.policy.aggregates.minGroupSize;
    const { groups, suppressedGroups } = await ctx.data.customerStats(groupBy, filter, minGroupSize);
    return { groups: groups.map((g) => ({ ...g, key: { ...g.key } })), suppressedGroups, minGroupSize };
  },
};
