// GraphQL Code Generator: typed resolvers from schema/*.graphql. `npm run codegen` writes them;
// `npm test` runs `codegen --check` first, so stale generated code fails CI.
import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: 'schema/*.graphql',
  generates: {
    'src/generated/graphql.ts': {
      plugins: ['typescript', 'typescript-resolvers'],
      config: {
        useTypeImports: true,
        contextType: '../context#GatewayContext',
        mappers: {
          Customer: '../data/documents#CustomerDoc',
          Deal: '../data/documents#DealDoc',
          Interaction: '../data/documents#InteractionDoc',
          User: '../data/documents#UserDoc',
          Me: '../auth/principal#Principal',
          CustomerConnection: '../data/page#CustomerPage',
          DealConnection: '../data/page#DealPage',
          InteractionConnection: '../data/page#InteractionPage',
        },
        scalars: { DateTime: 'Date', ID: 'string' },
        enumsAsTypes: true,
        avoidOptionals: { field: false, inputValue: false, object: false },
        maybeValue: 'T | null',
        inputMaybeValue: 'T | null | undefined',
      },
    },
  },
};

export default config;
