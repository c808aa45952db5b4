import type { QueryResolvers } from '../src/generated/graphql';
import { gatewayError } from '../src/errors';

export const statsQuery: Pick<QueryResolvers, 'customerStats' | 'dealStats' | 'interactionStats'> = {
  customerStats: async (_root, { groupBy, filter }, ctx) => {
    distinctDimensions(groupBy);
    const minGroupSize = ctx.policy.aggregates.minGroupSize;
    const { groups, suppressedGroups } = await ctx.data.customerStats(groupBy, filter, minGroupSize);
    return { groups: groups.map((g) => ({ ...g, key: { ...g.key } })), suppressedGroups, minGroupSize };
  },
  dealStats: async (_root, { groupBy, filter }, ctx) => {
    distinctDimensions(groupBy);
    const minGroupSize = ctx.policy.aggregates.minGroupSize;
    const { groups, suppressedGroups } = await ctx.data.dealStats(groupBy, filter, minGroupSize);
    return { groups: groups.map((g) => ({ key: { ...g.key }, count: g.count, amountSum: g.amountSum ?? 0 })), suppressedGroups, minGroupSize };
  },
  interactionStats: async (_root, { groupBy, filter }, ctx) => {
    distinctDimensions(groupBy);
    const minGroupSize = ctx.policy.aggregates.minGroupSize;
    const { groups, suppressedGroups } = await ctx.data.interactionStats(groupBy, filter, minGroupSize);
    return { groups: groups.map((g) => ({ key: { ...g.key }, count: g.count })), suppressedGroups, minGroupSize };
  },
};

function distinctDimensions(groupBy: readonly string[]): void {
  if (groupBy.length === 0 || new Set(groupBy).size !== groupBy.length) {
    throw gatewayError('BAD_USER_INPUT', 'groupBy needs one or more distinct dimensions', { argument: 'groupBy' });
  }
}
