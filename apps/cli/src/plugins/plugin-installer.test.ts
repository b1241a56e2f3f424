// Tests of install and remove against a fake npm that edits the folder the way npm does, so
// the checks, the refusals and the roll-back run without a registry.

import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { installPlugin, removePlugin } from './plugin-installer.js';
import { installedPluginSpecs, type NpmRunner } from './plugins-folder.js';
import {
  bundledPlugin,
  greetPluginJs,
  tempPluginsDir,
  writeInstalledPlugin,
} from './test-plugins.js';

interface FakePackage {
  readonly packageJson: Readonly<Record<string, unknown>> & { readonly name: string };
  readonly indexJs: string;
}

/** npm install/uninstall over a map of registry specs; records every call. */
function fakeNpm(registry: Readonly<Record<string, FakePackage>>) {
  const calls: string[][] = [];
  const npm: NpmRunner = (args) => {
    calls.push([...args]);
    const [command, , dir = ''] = args;
    const positional = args.slice(3).filter((a) => !a.startsWith('--'));
    // Like npm, every run drops what the folder's package.json does not list (the engine link).
    rmSync(join(dir, 'node_modules', '@tributary'), { recursive: true, force: true });
    if (command === 'install' && positional.length === 0) {
      const keep = new Set(Object.keys(installedPluginSpecs(dir)));
      const modules = join(dir, 'node_modules');
      for (const name of existsSync(modules) ? readdirSync(modules) : []) {
        if (!keep.has(name)) rmSync(join(modules, name), { recursive: true, force: true });
      }
      return Promise.resolve({ code: 0, stdout: '', stderr: '' });
    }
    const spec = positional[0] ?? '';
    if (command === 'install') {
      const pkg = registry[spec];
      if (pkg === undefined)
        return Promise.resolve({
          code: 1,
          stdout: '',
          stderr: `npm error 404 '${spec}' is not in this registry.`,
        });
      writeInstalledPlugin(dir, pkg.packageJson, pkg.indexJs);
    } else if (command === 'uninstall') {
      const deps = Object.fromEntries(
        Object.entries(installedPluginSpecs(dir)).filter(([name]) => name !== spec),
      );
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ dependencies: deps }));
      rmSync(join(dir, 'node_modules', spec), { recursive: true, force: true });
    }
    return Promise.resolve({ code: 0, stdout: '', stderr: '' });
  };
  return { npm, calls };
}

const hi: FakePackage = {
  packageJson: { name: 'tributary-plugin-hi', version: '1.0.0', tributary: { engine: '^0.1.0' } },
  indexJs: greetPluginJs('hi'),
};
const old: FakePackage = {
  packageJson: { name: 'tributary-plugin-old', version: '0.0.1', tributary: { engine: '0.0.x' } },
  indexJs: greetPluginJs('old'),
};

const dirs: string[] = [];
function pluginsDir(): string {
  const dir = tempPluginsDir();
  dirs.push(dirname(dir));
  return dir;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('installPlugin', () => {
  it('installs from the registry with npm into the folder and reports the loaded plugin', async () => {
    const dir = pluginsDir();
    const { npm, calls } = fakeNpm({ 'tributary-plugin-hi': hi });
    const result = await installPlugin('tributary-plugin-hi', {
      pluginsDir: dir,
      npm,
      bundled: [],
    });
    expect(result).toMatchObject({
      ok: true,
      plugin: { name: 'tributary-plugin-hi', distribution: 'installed' },
    });
    expect(calls).toEqual([
      [
        'install',
        '--prefix',
        dir,
        '--no-audit',
        '--no-fund',
        '--legacy-peer-deps',
        '--loglevel=error',
        '--save',
        'tributary-plugin-hi',
      ],
    ]);
    expect(existsSync(join(dir, 'node_modules', '@tributary', 'engine', 'package.json'))).toBe(
      true,
    );
  });

  it('refuses a registry plugin for another engine after npm, and puts the folder back', async () => {
    const dir = pluginsDir();
    const { npm, calls } = fakeNpm({ 'tributary-plugin-hi': hi, 'tributary-plugin-old': old });
    await installPlugin('tributary-plugin-hi', { pluginsDir: dir, npm, bundled: [] });
    const result = await installPlugin('tributary-plugin-old', {
      pluginsDir: dir,
      npm,
      bundled: [],
    });
    expect(result).toEqual({
      ok: false,
      refused: true,
      name: 'tributary-plugin-old',
      version: '0.0.1',
      reason: expect.stringMatching(/^it needs engine 0\.0\.x, this is 0\.1\.\d+/) as string,
    });
    expect(calls.at(-1)).toEqual([
      'install',
      '--prefix',
      dir,
      '--no-audit',
      '--no-fund',
      '--legacy-peer-deps',
      '--loglevel=error',
    ]);
    expect(Object.keys(installedPluginSpecs(dir))).toEqual(['tributary-plugin-hi']);
    expect(existsSync(join(dir, 'node_modules', 'tributary-plugin-old'))).toBe(false);
    expect(existsSync(join(dir, 'node_modules', '@tributary', 'engine'))).toBe(true);
  });

  it('judges a local folder from its package.json before running npm', async () => {
    const dir = pluginsDir();
    const local = join(dirname(dir), 'old-plugin');
    mkdirSync(local);
    writeFileSync(join(local, 'package.json'), JSON.stringify(old.packageJson));
    const { npm, calls } = fakeNpm({});
    const result = await installPlugin(local, { pluginsDir: dir, npm, bundled: [] });
    expect(result).toMatchObject({
      ok: false,
      refused: true,
      name: 'tributary-plugin-old',
      version: '0.0.1',
    });
    expect(calls).toEqual([]);

    writeFileSync(
      join(local, 'package.json'),
      JSON.stringify({ name: 'not-a-plugin', version: '1.0.0' }),
    );
    expect(await installPlugin(local, { pluginsDir: dir, npm, bundled: [] })).toMatchObject({
      ok: false,
      refused: true,
      reason: expect.stringMatching(/^it is not a Tributary plugin/) as string,
    });
    expect(calls).toEqual([]);
  });

  it('reports npm failures and bundled names', async () => {
    const dir = pluginsDir();
    const { npm } = fakeNpm({});
    expect(
      await installPlugin('tributary-plugin-nope', { pluginsDir: dir, npm, bundled: [] }),
    ).toEqual({
      ok: false,
      refused: false,
      reason:
        "npm install tributary-plugin-nope failed: npm error 404 'tributary-plugin-nope' is not in this registry.",
    });
    const bundled = [bundledPlugin('@tributary/mapper-json', { extensions: [] })];
    expect(
      await installPlugin('@tributary/mapper-json@2', { pluginsDir: dir, npm, bundled }),
    ).toEqual({
      ok: false,
      refused: true,
      name: '@tributary/mapper-json',
      reason: 'a bundled plugin has the same name; remove the installed copy',
    });
  });
});

describe('removePlugin', () => {
  it('uninstalls an installed plugin with npm', async () => {
    const dir = pluginsDir();
    const { npm, calls } = fakeNpm({ 'tributary-plugin-hi': hi });
    await installPlugin('tributary-plugin-hi', { pluginsDir: dir, npm, bundled: [] });
    expect(
      await removePlugin('tributary-plugin-hi', { pluginsDir: dir, npm, bundled: [] }),
    ).toEqual({ ok: true });
    expect(calls.at(-1)).toEqual([
      'uninstall',
      '--prefix',
      dir,
      '--no-audit',
      '--no-fund',
      '--legacy-peer-deps',
      '--loglevel=error',
      'tributary-plugin-hi',
    ]);
    expect(installedPluginSpecs(dir)).toEqual({});
  });

  it('refuses bundled plugins and plugins that are not installed', async () => {
    const dir = pluginsDir();
    const { npm, calls } = fakeNpm({});
    const bundled = [bundledPlugin('@tributary/mapper-json', { extensions: [] })];
    expect(await removePlugin('@tributary/mapper-json', { pluginsDir: dir, npm, bundled })).toEqual(
      {
        ok: false,
        reason: '@tributary/mapper-json is bundled with Tributary and cannot be removed',
      },
    );
    expect(await removePlugin('tributary-plugin-x', { pluginsDir: dir, npm, bundled })).toEqual({
      ok: false,
      reason: `tributary-plugin-x is not installed in ${dir}`,
    });
    expect(calls).toEqual([]);
  });
});
