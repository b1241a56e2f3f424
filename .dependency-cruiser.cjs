// dependency-cruiser rules (`npm run deps:check`): no import cycles, and packages outside the
// engine reach it only through `@tributary/engine` and its declared subpath exports.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Import cycles make load order fragile and modules impossible to test alone.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-engine-internals',
      severity: 'error',
      comment:
        'Apps and plugin packages import only `@tributary/engine` (and its declared subpath ' +
        'exports), never engine files by relative path.',
      from: { path: '^(apps|execution|connectors|mappers|stores|mi-bridge)/' },
      to: { path: '^engine/', dependencyTypesNot: ['aliased-workspace'] },
    },
    {
      name: 'engine-stands-alone',
      severity: 'error',
      comment: 'The engine is a plain library: it never imports hosts or plugin packages.',
      from: { path: '^engine/' },
      to: { path: '^(apps|execution|connectors|mappers|stores|mi-bridge)/' },
    },
    {
      name: 'no-unresolvable',
      severity: 'error',
      comment: 'An import that does not resolve (e.g. a deep import the exports map hides).',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: ['node_modules'] },
    exclude: { path: ['(^|/)dist/', '(^|/)__fixtures__/'] },
    tsPreCompilationDeps: true,
    combinedDependencies: true,
    tsConfig: { fileName: 'tsconfig.test.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['source', 'import', 'types', 'node', 'default'],
      extensions: ['.ts', '.js', '.json'],
      mainFields: ['module', 'main', 'types'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
