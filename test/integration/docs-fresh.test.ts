// `docs:check` as a test: the committed reference (docs/), the generated list of bundled plugins
// and the CLI's dependencies on them match what the specs and workspace produce now.
// Run `npm run docs` to regenerate after changing a spec or adding a plugin package.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { version } from '@tributary/engine';
import { checkDocs, loadPlugins, renderDocsFiles } from '@tributary/cli';
import {
  BUNDLED_MODULE,
  renderBundledModule,
  workspacePlugins,
} from '../../apps/cli/scripts/generate-bundled.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function readJson(path: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(ROOT, path), 'utf8')) as Record<string, unknown>;
}

describe('generated files are fresh (npm run docs)', () => {
  const plugins = workspacePlugins(ROOT);

  it('bundled.generated.ts lists every workspace plugin package', () => {
    const onDisk = readFileSync(join(ROOT, BUNDLED_MODULE), 'utf8');
    expect(onDisk).toBe(renderBundledModule(plugins));
  });

  it('the CLI depends on every bundled package and references its project', () => {
    const deps = readJson('apps/cli/package.json').dependencies as Record<string, string>;
    const refs = (readJson('apps/cli/tsconfig.json').references as { path: string }[]).map(
      (r) => r.path,
    );
    for (const plugin of plugins) {
      expect(deps, `add ${plugin.name} to apps/cli/package.json`).toHaveProperty([plugin.name]);
      expect(refs, `reference ${plugin.folder} in apps/cli/tsconfig.json`).toContain(
        `../../${plugin.folder}`,
      );
    }
  });

  it('docs/ matches the specs', async () => {
    const { registry, loaded } = await loadPlugins({});
    const files = renderDocsFiles({ engineVersion: version, plugins: loaded, registry });
    expect(checkDocs(join(ROOT, 'docs'), files)).toEqual({ stale: [], missing: [], extra: [] });
  });
});
