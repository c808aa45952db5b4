// Variant "mercurius": plain Mercurius on Fastify with graphql-jit compiling every query from its
// first repeat (`jit: 1`): the fastest Node GraphQL server people actually deploy. Same SDL, same
// resolvers and per-request deals loader as plain Apollo (bench/variants/plain.ts); no auth,
// shield, masking or audit.
import Fastify from 'fastify';
import mercurius from 'mercurius';
import { isBenchEntry, runChild, type VariantDeps, type VariantServer } from './harness';
import { plainContext, plainSchema } from './plain';

export async function startMercurius({ db }: Pick<VariantDeps, 'db'>, port = 0): Promise<VariantServer> {
  const app = Fastify({ logger: false });
  await app.register(mercurius, { schema: plainSchema(), context: () => plainContext(db), jit: 1, graphiql: false });
  const address = await app.listen({ port, host: '127.0.0.1' });
  return { url: `${address}/graphql`, close: () => app.close() };
}

if (isBenchEntry(import.meta.url)) await runChild('mercurius', startMercurius);
