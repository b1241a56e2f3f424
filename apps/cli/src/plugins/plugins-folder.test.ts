// Tests of the plugins folder: its package.json as the list of plugins, package entries and
// the link to the host engine.

import {
  lstatSync,
  mkdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  hostEngineDir,
  installedPluginSpecs,
  linkHostEngine,
  packageEntry,
} from './plugins-folder.js';
import { tempPluginsDir } from './test-plugins.js';

const dirs: string[] = [];
function folder(): string {
  const dir = tempPluginsDir();
  dirs.push(dirname(dir));
  return dir;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('installedPluginSpecs', () => {
  it('lists the dependencies by name, leaving out the engine link', () => {
    const dir = folder();
    expect(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))).toMatchObject({
      private: true,
      dependencies: {},
    });
    writeFileSync(
      join(dir, 'package.json'),
      JSON.stringify({
        dependencies: { 'z-plugin': '^1', '@tributary/engine': '*', 'a-plugin': 'file:../a.tgz' },
      }),
    );
    expect(installedPluginSpecs(dir)).toEqual({ 'a-plugin': 'file:../a.tgz', 'z-plugin': '^1' });
    expect(Object.keys(installedPluginSpecs(dir))).toEqual(['a-plugin', 'z-plugin']);
  });

  it('is empty for a folder that does not exist', () => {
    expect(installedPluginSpecs(join(folder(), 'nowhere'))).toEqual({});
  });
});

describe('packageEntry', () => {
  it('follows exports (import, node, default conditions), then main, then index.js', () => {
    expect(packageEntry('/p', { exports: './a.js' })).toBe('/p/a.js');
    expect(packageEntry('/p', { exports: { '.': { types: './t.d.ts', import: './m.js' } } })).toBe(
      '/p/m.js',
    );
    expect(packageEntry('/p', { exports: { require: './c.cjs', default: './d.js' } })).toBe(
      '/p/d.js',
    );
    expect(packageEntry('/p', { exports: { '.': [{ node: './n.js' }] } })).toBe('/p/n.js');
    expect(packageEntry('/p', { main: 'lib/main.js' })).toBe('/p/lib/main.js');
    expect(packageEntry('/p', {})).toBe('/p/index.js');
  });
});

describe('linkHostEngine', () => {
  it('links @tributary/engine to the host engine, repairing a wrong link or copy', () => {
    const dir = folder();
    const link = join(dir, 'node_modules', '@tributary', 'engine');
    linkHostEngine(dir);
    expect(readlinkSync(link)).toBe(hostEngineDir());
    linkHostEngine(dir);
    expect(readlinkSync(link)).toBe(hostEngineDir());

    rmSync(link);
    symlinkSync(dir, link);
    linkHostEngine(dir);
    expect(readlinkSync(link)).toBe(hostEngineDir());

    rmSync(link);
    mkdirSync(link);
    linkHostEngine(dir);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(JSON.parse(readFileSync(join(link, 'package.json'), 'utf8'))).toMatchObject({
      name: '@tributary/engine',
    });
  });
});
