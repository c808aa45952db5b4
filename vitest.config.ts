import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // graphql 16 ships both index.mjs ("module") and index.js (CJS). Node, and every CJS
    // dependency (@graphql-tools, Apollo, graphql-shield), load the CJS build; Vite would pick the
    // .mjs one for our sources, giving two graphql realms. Pin our imports to the same file Node uses.
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores on CI: keep worker count modest so servers started by tests do not starve.
    maxWorkers: 2,
    // Tests that spawn bin/crm-gateway.mjs run the sources, never a dist/ bundle built earlier.
    env: { CRM_GATEWAY_SOURCES: '1' },
  },
});
