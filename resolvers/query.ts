import type { QueryResolvers } from '../src/generated/graphql';
import { selectsField } from '../src/schema/lookahead';

export const Query: QueryResolvers = {
  me: (_root, _args, ctx) => ctx.principal,
  customer: (_root, { id }, ctx, info) => ctx.data.customer(id, { deals: selectsField(info, 'deals') }),
  customers: (_root, args, ctx) => ctx.data.customers(args),
  deal: (_root, { id }, ctx) => ctx.data.deal(id),
  deals: (_root, args, ctx) => ctx.data.deals(args),
  interactions: (_root, { customerId, first, after }, ctx) => ctx.data.interactions(customerId, { first, after }),
};
