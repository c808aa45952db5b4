import type { DealResolvers } from '../src/generated/graphql';

export const Deal: DealResolvers = {
  customer: (deal, _args, ctx) => ctx.data.customerOfDoc(deal, ctx.fieldMap.field('Deal', 'customerId')),
};
