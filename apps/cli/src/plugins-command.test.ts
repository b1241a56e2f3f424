// Tests of `tributary plugins …` with a small bundled list, a temp plugins folder and a fake
// npm: listings, info, search (locally and on npm), install refusals, usage errors.

import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { version } from '@tributary/engine';
import { pluginsCommand, pluginsUsage, parseNpmSearch } from './plugins-command.js';
import type { NpmRunner } from './plugins/plugins-folder.js';
import {
  bundledPlugin,
  greetFunction,
  greetPluginJs,
  tempPluginsDir,
  writeInstalledPlugin,
} from './plugins/test-plugins.js';
import { captureIo } from './test-io.js';

const bundled = [bundledPlugin('@tributary/execution-hello', { extensions: [greetFunction()] })];
const dirs: string[] = [];
function pluginsDir(): string {
  const dir = tempPluginsDir();
  dirs.push(dirname(dir));
  return dir;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const noNpm: NpmRunner = () => Promise.reject(new Error('npm must not run'));

async function run(args: readonly string[], npm: NpmRunner = noNpm) {
  const io = captureIo();
  const code = await pluginsCommand(args, io, { bundled, npm });
  return { code, out: io.stdout(), err: io.stderr() };
}

describe('tributary plugins list', () => {
  it('prints a table of loaded plugins, the refused ones and the folder', async () => {
    const dir = pluginsDir();
    writeInstalledPlugin(
      dir,
      {
        name: 'tributary-plugin-hi',
        version: '1.0.0',
        tributary: { engine: '*', requiresServer: true },
      },
      greetPluginJs('hi'),
    );
    writeInstalledPlugin(
      dir,
      { name: 'tributary-plugin-old', version: '0.1.0', tributary: { engine: '^0.0.1' } },
      '',
    );
    const { code, out } = await run(['list', '--plugins-dir', dir]);
    expect(code).toBe(0);
    const lines = out.split('\n');
    expect(lines[0]).toMatch(/^PACKAGE +VERSION +FROM +STATUS +SERVER +EXTENSIONS +KINDS$/);
    expect(lines[2]).toMatch(
      /^@tributary\/execution-hello +1\.2\.3 +bundled +stable +no +1 +function$/,
    );
    expect(lines[3]).toMatch(/^tributary-plugin-hi +1\.0\.0 +installed +stable +yes +1 +function$/);
    expect(lines.slice(-4)).toEqual([
      'refused:',
      `  tributary-plugin-old@0.1.0 (installed): it needs engine ^0.0.1, this is ${version}; install a version of the plugin built for engine ${version}`,
      '',
      `plugins folder: ${dir}`,
    ]);
  });

  it('prints JSON with --json', async () => {
    const dir = pluginsDir();
    const { code, out } = await run(['list', '--json', '--plugins-dir', dir]);
    expect(code).toBe(0);
    const json = JSON.parse(out) as {
      engine: string;
      pluginsDir: string;
      plugins: { name: string; kinds: string[]; version: string }[];
      refused: unknown[];
    };
    expect(json.engine).toBe(version);
    expect(json.pluginsDir).toBe(dir);
    expect(json.refused).toEqual([]);
    expect(json.plugins.map((p) => [p.name, p.version])).toEqual([
      ['@tributary/engine', version],
      ['@tributary/execution-hello', '1.2.3'],
    ]);
    expect(json.plugins[1]?.kinds).toEqual(['function']);
  });
});

describe('tributary plugins info and search', () => {
  it('shows a plugin and its extensions, found by name or short name', async () => {
    const dir = pluginsDir();
    const byName = await run(['info', '@tributary/execution-hello', '--plugins-dir', dir]);
    expect(byName.code).toBe(0);
    expect(byName.out).toContain('@tributary/execution-hello@1.2.3 (bundled, stable)');
    expect(byName.out).toContain('reference: docs/execution-hello.md');
    expect(byName.out).toMatch(/\n {2}hello:greet +function +stable +Greets someone by name\.$/);
    expect((await run(['info', 'hello', '--plugins-dir', dir])).out).toBe(byName.out);
    const json = JSON.parse(
      (await run(['info', 'execution-hello', '--json', '--plugins-dir', dir])).out,
    ) as {
      extensions: { qualifiedName: string }[];
    };
    expect(json.extensions.map((e) => e.qualifiedName)).toEqual(['hello:greet']);
    writeInstalledPlugin(
      dir,
      { name: 'tributary-plugin-hi', version: '1.0.0', tributary: { engine: '*' } },
      greetPluginJs('hi'),
    );
    expect((await run(['info', 'hi', '--plugins-dir', dir])).out).toMatch(
      /^tributary-plugin-hi@1\.0\.0 \(installed, stable\)\n/,
    );
    const unknown = await run(['info', 'nope', '--plugins-dir', dir]);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toBe(
      "tributary plugins info: no plugin named 'nope' (see `tributary plugins list` or `tributary plugins search`)",
    );
  });

  it('searches names, summaries and extensions; --npm adds registry packages', async () => {
    const dir = pluginsDir();
    const local = await run(['search', 'GREETS', '--plugins-dir', dir]);
    expect(local.code).toBe(0);
    expect(local.out).toBe(
      '@tributary/execution-hello@1.2.3 (bundled): @tributary/execution-hello for tests\n  hello:greet (function)',
    );
    expect((await run(['search', 'zebra', '--plugins-dir', dir])).out).toBe(
      "no plugin matches 'zebra'",
    );

    const calls: string[][] = [];
    const npm: NpmRunner = (args) => {
      calls.push([...args]);
      return Promise.resolve({
        code: 0,
        stdout: JSON.stringify([
          { name: 'tributary-plugin-zebra', version: '3.1.0', description: 'Zebra sink' },
          { name: '@tributary/execution-hello', version: '1.2.3' },
        ]),
        stderr: '',
      });
    };
    const remote = await run(['search', 'zebra', '--npm', '--json', '--plugins-dir', dir], npm);
    expect(calls).toEqual([['search', '--json', 'keywords:tributary-plugin', 'zebra']]);
    expect(JSON.parse(remote.out)).toEqual([
      {
        name: 'tributary-plugin-zebra',
        version: '3.1.0',
        summary: 'Zebra sink',
        distribution: 'npm',
        kinds: [],
        matches: [],
      },
    ]);
  });

  it('parses npm search output defensively', () => {
    expect(parseNpmSearch('[{"name":"a"},{"version":"1"},3]')).toEqual([
      { name: 'a', version: '', summary: '' },
    ]);
    expect(parseNpmSearch('{}')).toEqual([]);
  });
});

describe('tributary plugins install and remove', () => {
  it('prints the refusal of an incompatible folder without running npm', async () => {
    const dir = pluginsDir();
    const local = join(dirname(dir), 'future');
    mkdirSync(local);
    writeFileSync(
      join(local, 'package.json'),
      JSON.stringify({
        name: 'tributary-plugin-future',
        version: '2.0.0',
        tributary: { engine: '^2.0.0' },
      }),
    );
    const { code, err } = await run(['install', local, '--plugins-dir', dir]);
    expect(code).toBe(1);
    expect(err).toBe(
      `plugin tributary-plugin-future@2.0.0 refused: it needs engine ^2.0.0, this is ${version}; install a version of the plugin built for engine ${version}`,
    );
  });

  it('says what is wrong with a remove', async () => {
    const dir = pluginsDir();
    const { code, err } = await run(['remove', '@tributary/execution-hello', '--plugins-dir', dir]);
    expect(code).toBe(1);
    expect(err).toBe(
      'tributary plugins remove: @tributary/execution-hello is bundled with Tributary and cannot be removed',
    );
  });
});

describe('tributary plugins usage', () => {
  it('prints help, and usage errors with exit code 2', async () => {
    expect(await run(['--help'])).toEqual({ code: 0, out: pluginsUsage, err: '' });
    expect((await run([])).code).toBe(2);
    const unknown = await run(['frob']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/^tributary plugins: unknown subcommand 'frob'/);
    expect((await run(['install'])).err).toMatch(/^tributary plugins install: give one plugin/);
    expect((await run(['list', 'extra'])).code).toBe(2);
    expect((await run(['list', '--frob'])).code).toBe(2);
  });
});
