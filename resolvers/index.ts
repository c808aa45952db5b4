// All hand-written resolvers. Plain, renamed (@source) and classified (@sensitive) fields of
// collection-backed types are resolved generically from the schema's directives.
import { connectionResolvers, edgeResolvers } from './connection';
import { Customer } from './customer';
import { Deal } from './deal';
import { Mutation } from './mutation';
import { Query } from './query';
import { DateTime } from './scalars';
import { revealMutation } from './reveal';
import { statsQuery } from './stats';
import { Query as auditQuery } from './audit';

export const resolvers = {
  DateTime,
  Query: { ...Query, ...statsQuery, ...auditQuery },
  Mutation: { ...Mutation, ...revealMutation },
  Customer,
  Deal,
  CustomerConnection: connectionResolvers,
  DealConnection: connectionResolvers,
  InteractionConnection: connectionResolvers,
  CustomerEdge: edgeResolvers,
  DealEdge: edgeResolvers,
  InteractionEdge: edgeResolvers,
};
