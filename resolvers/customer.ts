import type { CustomerResolvers } from '../src/generated/graphql';

// Plain and classified fields resolve from the schema's @source/@sensitive directives
// (src/schema/build.ts); only relations are written here.
export const Customer: CustomerResolvers = {
  owner: (customer, _args, ctx) => ctx.data.ownerOf(customer),
  deals: (customer, { first }, ctx) => ctx.data.dealsOfCustomer(customer, first),
  interactions: (customer, { first }, ctx) => ctx.data.interactionsOfCustomer(customer, first),
};
