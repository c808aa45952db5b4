import type { QueryResolvers } from '../src/generated/graphql';

export const Query: QueryResolvers = {
  me: (_root, _args, ctx) => ctx.principal,
  customer: (_root, { id }, ctx) => ctx.data.customer(id),
  customers: (_root, args, ctx) => ctx.data.customers(args),
  deal: (_root, { id }, ctx) => ctx.data.deal(id),
  deals: (_root, args, ctx) => ctx.data.deals(args),
  interactions: (_root, { customerId, first, after }, ctx) => ctx.data.interactions(customerId, { first, after }),
};
