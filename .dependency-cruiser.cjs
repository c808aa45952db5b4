// The layering rules of the gateway, checked by `npm run arch` (part of `npm test`) and by
// test/architecture.test.ts. docs/architecture.md explains each rule and the allow-list below.
// The rules in `forbidden` are dependency-cruiser's; the folder-cycle check and its allow-list are
// applied by scripts/architecture.ts over the same cruise.

/**
 * Folder dependencies that close a cycle and are tolerated until they are removed. A folder is
 * src/<folder>, a module of src/ itself (src/context.ts), resolvers or bin. Each entry is one
 * dependency `from` → `to` on a cycle, with the reason it is still there. The list may only shrink:
 * test/architecture.test.ts fails when it grows past MAX_ALLOWED_FOLDER_CYCLES, and when an entry
 * no longer closes a cycle. Empty: the cycles found when the check was introduced were removed
 * (docs/architecture.md, "Allow-list").
 * @type {{ from: string; to: string; why: string }[]}
 */
const allowedFolderCycles = [];

/** Lowered whenever an entry above is removed; never raised. */
const MAX_ALLOWED_FOLDER_CYCLES = 0;

// Node built-ins that do I/O (files, network, processes), as dependency-cruiser names them.
const IO_BUILTINS = '^(node:)?(fs|fs/promises|net|http|https|http2|tls|dgram|dns|child_process|cluster|worker_threads|readline)$';
const NETWORK_BUILTINS = '^(node:)?(net|http|https|http2|tls|dgram|dns)$';

/** Every rule is an error: a warning would pass `npm test`. */
const forbid = (name, comment, from, to) => ({ name, comment, severity: 'error', from, to });

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    forbid(
      'embedded-is-self-contained',
      'The embedded store (src/embedded) is a separate product inside the repository: it imports only itself, npm packages and Node built-ins.',
      { path: '^src/embedded/' },
      { pathNot: '^(src/embedded/|node_modules/)', dependencyTypesNot: ['core'] },
    ),
    forbid(
      'masking-is-pure',
      'Maskers are pure functions (value, level, key) → string: no database, no file or network I/O, no audit, no request state.',
      { path: '^src/masking/' },
      { path: ['^src/(?!masking/|policy/)', '^resolvers/', '^node_modules/(mongodb|bson|pino|@apollo)/', IO_BUILTINS] },
    ),
    forbid(
      'policy-is-pure',
      'Policy compiles and checks rules on plain inputs: it imports only policy, the error table and zod (no HTTP, Apollo, data, disclosure, schema, limits or audit).',
      { path: '^src/policy/' },
      { pathNot: ['^src/policy/', '^src/errors\\.ts$', '^node_modules/zod/'], dependencyTypesNot: ['core'] },
    ),
    forbid('policy-has-no-network', 'Reading the policy file at start-up is the only I/O policy does.', { path: '^src/policy/' }, { path: NETWORK_BUILTINS }),
    forbid(
      'resolvers-reach-mongodb-through-data',
      'Resolvers ask src/data (row scope, query rights, budgets); they import neither the MongoDB driver nor BSON (not even types) nor the embedded store.',
      { path: '^resolvers/' },
      { path: ['^node_modules/(mongodb|bson)/', '^src/embedded/'] },
    ),
    forbid(
      'audit-imports-no-resolver',
      'Audit facts are recorded by src/audit and src/disclosure, called by resolvers, never the other way round.',
      { path: '^src/audit/' },
      { path: '^resolvers/' },
    ),
    forbid('nothing-imports-the-cli', 'src/cli is the outermost layer: only itself and bin/ start it.', { pathNot: '^(src/cli/|bin/)' }, { path: '^src/cli/' }),
    forbid(
      'lower-layers-do-not-import-the-request-context',
      'src/context.ts assembles the per-request state from the folders below it; a folder it imports that imported it back would be a cycle hidden from the folder check (context.ts sits in src/ itself).',
      { path: '^src/(audit|auth|config|data|disclosure|encryption|limits|masking|policy|schema|validation|embedded)/' },
      { path: '^src/context\\.ts$' },
    ),
    forbid('no-module-cycles', 'No module depends on itself through others, type-only imports included.', {}, { circular: true }),
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Type-only imports count: a cycle of types is still a cycle, and a layer rule holds for types too.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
  },
};

// For test/architecture.test.ts; not part of dependency-cruiser's own configuration.
Object.defineProperty(module.exports, 'allowedFolderCycles', { value: allowedFolderCycles, enumerable: false });
Object.defineProperty(module.exports, 'MAX_ALLOWED_FOLDER_CYCLES', { value: MAX_ALLOWED_FOLDER_CYCLES, enumerable: false });
