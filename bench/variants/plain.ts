// Variant "plain": a plain Apollo Server 5 over the same schema, with straightforward resolvers
// and Apollo's defaults (standalone server, default plugins): no auth, no shield, no masking, no
// audit. What a team would write first; the baseline every ratio is taken against.
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { makeExecutableSchema } from '@graphql-tools/schema';
import type DataLoader from 'dataloader';
import type { GraphQLSchema } from 'graphql';
import type { Db, Document, ObjectId } from 'mongodb';
import { loadTypeDefs } from '../../src/schema/load-sdl';
import { customerById, customerPage, dealsLoader, formatAddress, formatBirthDate } from './crm-reads';
import { isBenchEntry, runChild, type VariantDeps, type VariantServer } from './harness';

export interface PlainContext {
  db: Db;
  deals: DataLoader<ObjectId, Document[], string>;
}

const hexId = (doc: Document) => (doc._id as ObjectId).toHexString();

/** Resolvers for the fields the benchmark reads (the rest of the schema resolves to defaults). */
export const plainResolvers = {
  Query: {
    customers: async (_root: unknown, args: { first?: number | null }, ctx: PlainContext) => {
      const nodes = await customerPage(ctx.db, args.first ?? 50);
      return { nodes, edges: nodes.map((node) => ({ node, cursor: hexId(node) })), pageInfo: { hasNextPage: false, endCursor: null } };
    },
    customer: (_root: unknown, args: { id: string }, ctx: PlainContext) => customerById(ctx.db, args.id),
  },
  Customer: {
    id: hexId,
    birthDate: (doc: Document) => formatBirthDate(doc.birthDate),
    address: (doc: Document) => formatAddress(doc.address),
    deals: async (doc: Document, args: { first: number }, ctx: PlainContext) => (await ctx.deals.load(doc._id as ObjectId)).slice(0, args.first),
  },
  Deal: {
    id: hexId,
    customerId: (doc: Document) => (doc.customerId as ObjectId).toHexString(),
  },
};

/** The SDL with the plain resolvers: what every plain server (Apollo, Mercurius, Yoga) serves. */
export function plainSchema(): GraphQLSchema {
  return makeExecutableSchema({ typeDefs: loadTypeDefs(), resolvers: plainResolvers });
}

/** Per request: the store and a fresh deals loader. */
export function plainContext(db: Db): PlainContext {
  return { db, deals: dealsLoader(db) };
}

export async function startPlain({ db }: Pick<VariantDeps, 'db'>, port = 0): Promise<VariantServer> {
  const server = new ApolloServer<PlainContext>({ schema: plainSchema() });
  const { url } = await startStandaloneServer(server, {
    listen: { port, host: '127.0.0.1' },
    context: async () => plainContext(db),
  });
  return { url, close: () => server.stop() };
}

if (isBenchEntry(import.meta.url)) await runChild('plain', startPlain);
