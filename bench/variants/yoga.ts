// Variant "yoga": plain GraphQL Yoga with its defaults (envelop plugins, parse/validate caches,
// masked errors) on node:http. Same SDL, same resolvers and per-request deals loader as plain
// Apollo (bench/variants/plain.ts); no auth, shield, masking or audit.
import { createServer } from 'node:http';
import { createYoga } from 'graphql-yoga';
import { isBenchEntry, listenLoopback, runChild, type VariantDeps, type VariantServer } from './harness';
import { plainContext, plainSchema } from './plain';

export async function startYoga({ db }: Pick<VariantDeps, 'db'>, port = 0): Promise<VariantServer> {
  const yoga = createYoga({ schema: plainSchema(), context: () => plainContext(db) });
  // Yoga skips `end()` on a response whose client has gone (the load generator drops its
  // connections at the deadline); the harness counts a request as done when `end()` is called, so
  // end it once the handler has finished, or the orchestrator would wait for it forever.
  const server = createServer((req, res) => {
    void Promise.resolve(yoga(req, res)).finally(() => {
      if (!res.writableEnded) res.end();
    });
  });
  const { baseUrl, close } = await listenLoopback(server, port);
  return { url: `${baseUrl}${yoga.graphqlEndpoint}`, close };
}

if (isBenchEntry(import.meta.url)) await runChild('yoga', startYoga);
