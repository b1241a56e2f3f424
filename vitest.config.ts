// Vitest for the whole repo: unit tests beside the code, cross-package suites under test/.
// The `source` export condition makes workspace packages resolve to their TypeScript sources,
// so tests never need a build.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'] } },
  test: {
    include: ['**/src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**', '**/__fixtures__/**'],
    environment: 'node',
    passWithNoTests: false,
  },
});
