// Vitest for the whole repo: unit tests beside the code, cross-package suites under test/.
// The `source` export condition makes workspace packages resolve to their TypeScript sources,
// so tests never need a build.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // apps/server (NestJS) uses legacy parameter decorators; no metadata is emitted, so its
  // constructors name their injection tokens with @Inject.
  oxc: { decorator: { legacy: true } },
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'] } },
  test: {
    include: ['**/src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**', '**/__fixtures__/**'],
    environment: 'node',
    passWithNoTests: false,
    // CI machines have 2 cores and run suites in parallel: generous per-test limits keep
    // slow-but-correct tests (loading every bundled plugin, whole conformance corpora) green.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Plugins the marketplace tests install into a temp npm prefix: run them through Vite
    // so their `@tributary/engine` import resolves (via the folder's link) to the same
    // source engine as the host; native Node cannot load the engine's .ts sources.
    server: { deps: { inline: [/[\\/]node_modules[\\/]tributary-plugin-[^\\/]+[\\/]/] } },
  },
});
