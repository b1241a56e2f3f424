// Tests of composing the registry: bundled plugins and plugins in a plugins folder pass the
// same checks, and each refusal names its reason while the others load.

import { readlinkSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { builtinExtensions, version } from '@tributary/engine';
import { defineSourceMapper, param } from '@tributary/engine/extension-api';
import { loadPlugins, packageStatus } from './plugin-loader.js';
import { hostEngineDir } from './plugins-folder.js';
import {
  bundledPlugin,
  greetFunction,
  greetPluginJs,
  tempPluginsDir,
  writeInstalledPlugin,
} from './test-plugins.js';

const dirs: string[] = [];
function pluginsDir(): string {
  const dir = tempPluginsDir();
  dirs.push(dirname(dir));
  return dir;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('loadPlugins: bundled', () => {
  it('puts the built-ins first, then the bundled plugins that pass', async () => {
    const { registry, loaded, refused } = await loadPlugins({
      bundled: [bundledPlugin('@tributary/execution-hello', { extensions: [greetFunction()] })],
    });
    expect(refused).toEqual([]);
    expect(loaded.map((p) => [p.name, p.distribution])).toEqual([
      ['@tributary/engine', 'builtin'],
      ['@tributary/execution-hello', 'bundled'],
    ]);
    expect(loaded[0]).toMatchObject({ version, extensions: builtinExtensions.extensions.length });
    expect(loaded[1]).toEqual({
      name: '@tributary/execution-hello',
      version: '1.2.3',
      summary: '@tributary/execution-hello for tests',
      distribution: 'bundled',
      engine: '^0.1.0',
      requiresServer: false,
      kinds: ['function'],
      status: 'stable',
      extensions: 1,
    });
    expect(registry.entry('function', 'hello', 'greet')?.package).toBe(
      '@tributary/execution-hello',
    );
  });

  it('refuses a bundled plugin for another engine, a missing export, invalid specs and clashes', async () => {
    const badKey = defineSourceMapper({
      name: 'odd',
      status: 'stable',
      summary: 'Odd keys.',
      parameters: { 'Bad Key': param.string({ description: 'x' }) },
      examples: [{ description: '', siddhi: 'define stream S (a int);' }],
      create: () => {
        throw new Error('not used');
      },
    });
    const { loaded, refused } = await loadPlugins({
      bundled: [
        bundledPlugin('a-future', { extensions: [] }, { engine: '^3.0.0' }),
        bundledPlugin('b-renamed', { plugins: [] }),
        bundledPlugin('c-garbage', { extensions: [{ kind: 'function' }] }),
        bundledPlugin('d-bad-key', { extensions: [badKey] }),
        bundledPlugin('e-hello', { extensions: [greetFunction()] }),
        bundledPlugin('f-hello-again', { extensions: [greetFunction()] }),
      ],
    });
    expect(loaded.map((p) => p.name)).toEqual(['@tributary/engine', 'e-hello']);
    expect(refused.map((r) => [r.name, r.reason])).toEqual([
      [
        'a-future',
        `it needs engine ^3.0.0, this is ${version}; install a version of the plugin built for engine ${version}`,
      ],
      [
        'b-renamed',
        "its main entry (b-renamed) has no export named 'extensions' (the `tributary.export` field)",
      ],
      ['c-garbage', 'its extension specs are invalid: entry 1 (function) has no spec name'],
      [
        'd-bad-key',
        expect.stringContaining(
          "its extension specs are invalid: invalid extension source mapper 'odd'",
        ) as string,
      ],
      [
        'f-hello-again',
        expect.stringMatching(
          /^it defines an extension another plugin already has: .*e-hello/,
        ) as string,
      ],
    ]);
  });
});

describe('loadPlugins: host-made lists', () => {
  it("builds a named package's list from its module with the host's settings", async () => {
    // A package exporting a factory beside its default list (as the http connector does).
    const module = {
      extensions: [greetFunction('plain')],
      withSettings: (settings: { namespace: string }) => [greetFunction(settings.namespace)],
    };
    const { registry, loaded, refused } = await loadPlugins({
      bundled: [bundledPlugin('@tributary/execution-hello', module)],
      hostLists: {
        '@tributary/execution-hello': (m) => {
          const make = m.withSettings;
          if (typeof make !== 'function') throw new Error('no withSettings export');
          return (make as (s: { namespace: string }) => unknown)({ namespace: 'host' });
        },
      },
    });
    expect(refused).toEqual([]);
    expect(loaded.map((p) => p.name)).toEqual(['@tributary/engine', '@tributary/execution-hello']);
    expect(registry.entry('function', 'host', 'greet')?.package).toBe('@tributary/execution-hello');
    expect(registry.entry('function', 'plain', 'greet')).toBeUndefined();
  });

  it('refuses the package when the host cannot make its list, or makes an invalid one', async () => {
    const { loaded, refused } = await loadPlugins({
      bundled: [
        bundledPlugin('a-hello', { extensions: [greetFunction('a')] }),
        bundledPlugin('b-hello', { extensions: [greetFunction('b')] }),
        bundledPlugin('c-hello', { extensions: [greetFunction('c')] }),
      ],
      hostLists: {
        'a-hello': () => {
          throw new Error('no factory');
        },
        'b-hello': () => 'not a list',
      },
    });
    expect(loaded.map((p) => p.name)).toEqual(['@tributary/engine', 'c-hello']);
    expect(refused.map((r) => [r.name, r.reason])).toEqual([
      ['a-hello', 'the host could not make its extension list: no factory'],
      ['b-hello', 'its extension specs are invalid: the export is not a list of extensions'],
    ]);
  });
});

describe('loadPlugins: installed', () => {
  it('imports plugins listed in the folder, linking the host engine for their imports', async () => {
    const dir = pluginsDir();
    writeInstalledPlugin(
      dir,
      {
        name: 'tributary-plugin-hi',
        version: '2.0.0',
        tributary: { engine: '^0.1.0', requiresServer: true },
      },
      greetPluginJs('hi'),
    );
    const { registry, loaded, refused } = await loadPlugins({ pluginsDir: dir, bundled: [] });
    expect(refused).toEqual([]);
    expect(loaded.at(-1)).toMatchObject({
      name: 'tributary-plugin-hi',
      distribution: 'installed',
      requiresServer: true,
      kinds: ['function'],
    });
    expect(registry.find('function', 'hi', 'greet')?.summary).toBe('Greets.');
    expect(readlinkSync(join(dir, 'node_modules', '@tributary', 'engine'))).toBe(hostEngineDir());
  });

  it('refuses each broken installed plugin with its reason and loads the rest', async () => {
    const dir = pluginsDir();
    writeInstalledPlugin(
      dir,
      { name: 'tributary-plugin-ok', version: '1.0.0', tributary: { engine: '*' } },
      greetPluginJs('ok'),
    );
    writeInstalledPlugin(
      dir,
      { name: 'tributary-plugin-plain', version: '1.0.0' },
      'export const extensions = [];',
    );
    writeInstalledPlugin(
      dir,
      { name: 'tributary-plugin-future', version: '1.0.0', tributary: { engine: '>=5' } },
      "import { nothing } from 'no-such-package';",
    );
    writeInstalledPlugin(
      dir,
      { name: 'tributary-plugin-throws', version: '1.0.0', tributary: { engine: '*' } },
      "throw new Error('boom');",
    );
    writeInstalledPlugin(
      dir,
      {
        name: 'tributary-plugin-named',
        version: '1.0.0',
        tributary: { engine: '*', export: 'tributaryExtensions' },
      },
      greetPluginJs('named', 'tributaryExtensions'),
    );
    const { loaded, refused } = await loadPlugins({ pluginsDir: dir, bundled: [] });
    expect(loaded.map((p) => p.name)).toEqual([
      '@tributary/engine',
      'tributary-plugin-named',
      'tributary-plugin-ok',
    ]);
    expect(refused.map((r) => [r.name, r.version, r.reason])).toEqual([
      [
        'tributary-plugin-future',
        '1.0.0',
        expect.stringMatching(/^it needs engine >=5, this is/) as string,
      ],
      [
        'tributary-plugin-plain',
        undefined,
        expect.stringMatching(/^it is not a Tributary plugin/) as string,
      ],
      [
        'tributary-plugin-throws',
        '1.0.0',
        expect.stringMatching(
          /^loading .*tributary-plugin-throws.index\.js failed: boom$/,
        ) as string,
      ],
    ]);
  });

  it('says so when the folder lists a plugin npm did not install', async () => {
    const dir = pluginsDir();
    writeInstalledPlugin(
      dir,
      { name: 'tributary-plugin-gone', version: '1.0.0', tributary: { engine: '*' } },
      '',
    );
    rmSync(join(dir, 'node_modules', 'tributary-plugin-gone'), { recursive: true });
    const { refused } = await loadPlugins({ pluginsDir: dir, bundled: [] });
    expect(refused).toEqual([
      {
        name: 'tributary-plugin-gone',
        distribution: 'installed',
        reason: `it is listed in ${dir}/package.json but not installed; run \`tributary plugins install tributary-plugin-gone\``,
      },
    ]);
  });

  it('refuses an installed plugin with the name of a bundled one', async () => {
    const dir = pluginsDir();
    writeInstalledPlugin(
      dir,
      { name: 'tributary-plugin-twin', version: '9.0.0', tributary: { engine: '*' } },
      greetPluginJs('twin'),
    );
    const { refused } = await loadPlugins({
      pluginsDir: dir,
      bundled: [bundledPlugin('tributary-plugin-twin', { extensions: [] })],
    });
    expect(refused).toEqual([
      {
        name: 'tributary-plugin-twin',
        version: '9.0.0',
        distribution: 'installed',
        reason: 'a bundled plugin has the same name; remove the installed copy',
      },
    ]);
  });
});

describe('packageStatus', () => {
  const of = (...statuses: ('stable' | 'beta' | 'experimental' | 'deprecated')[]) =>
    packageStatus(statuses.map((status) => ({ spec: { status } })));
  it('is the least mature current status', () => {
    expect(of()).toBe('stable');
    expect(of('stable', 'deprecated')).toBe('stable');
    expect(of('stable', 'beta')).toBe('beta');
    expect(of('beta', 'experimental', 'stable')).toBe('experimental');
    expect(of('deprecated', 'deprecated')).toBe('deprecated');
  });
});
