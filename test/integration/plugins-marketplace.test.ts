// The plugin marketplace end to end, offline: a plugin package is packed with `npm pack`,
// installed with `tributary plugins install <tarball>` into a temp plugins folder, used by an
// app the engine creates and runs, then removed; incompatible and invalid plugins are refused
// with a clear reason while the others keep working.

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createEngine, VirtualClock } from '@tributary/engine';
import { loadPlugins, runCli, runNpm, type CommandIo } from '@tributary/cli';

const FIXTURES = fileURLToPath(new URL('../support/fixtures/', import.meta.url));

const GREET_APP = `@app:name('Greeter')
define stream Users (name string);
@info(name='greet')
from Users
select hello:greet(name) as greeting
insert into Greetings;
`;

interface Captured extends CommandIo {
  readonly stdout: () => string;
  readonly stderr: () => string;
}

function capture(): Captured {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out: (text) => out.push(text),
    err: (text) => err.push(text),
    color: false,
    stdout: () => out.join('\n'),
    stderr: () => err.join('\n'),
  };
}

/** Packs a fixture plugin into `dest` with `npm pack`; returns the tarball's path. */
async function pack(fixture: string, dest: string): Promise<string> {
  const run = await runNpm(['pack', join(FIXTURES, fixture), '--pack-destination', dest, '--json']);
  expect(run.code, run.stderr).toBe(0);
  const [packed] = JSON.parse(run.stdout) as { filename: string }[];
  if (packed === undefined) throw new Error(`npm pack printed nothing for ${fixture}`);
  return join(dest, packed.filename);
}

async function cli(args: readonly string[]): Promise<{ code: number; io: Captured }> {
  const io = capture();
  const code = await runCli(args, io);
  return { code, io };
}

/** Runs the greeter app on `registry` and returns what the query emitted for one user. */
async function greet(
  extensions: Awaited<ReturnType<typeof loadPlugins>>['registry'],
): Promise<unknown[]> {
  const created = createEngine({ extensions, timeService: new VirtualClock(0) }).createApp(
    GREET_APP,
  );
  if (!created.ok) throw new Error(created.diagnostics.map((d) => d.message).join('\n'));
  const seen: unknown[] = [];
  created.app.on('greet', (events) => {
    for (const e of events) seen.push(e.data[0]);
  });
  created.app.start();
  created.app.input('Users').send(['Ada']);
  await created.app.shutdown();
  return seen;
}

describe('plugins marketplace', { timeout: 120_000 }, () => {
  let tarballs: string;
  let hello: string;
  let incompatible: string;
  let invalid: string;
  let tmp: string;
  let pluginsDir: string;

  beforeAll(async () => {
    tarballs = mkdtempSync(join(tmpdir(), 'tributary-tarballs-'));
    hello = await pack('plugin-hello', tarballs);
    incompatible = await pack('plugin-incompatible', tarballs);
    invalid = await pack('plugin-invalid', tarballs);
  });

  afterAll(() => {
    rmSync(tarballs, { recursive: true, force: true });
  });

  beforeEach(() => {
    tmp = mkdtempSync(join(tmpdir(), 'tributary-plugins-'));
    pluginsDir = join(tmp, 'plugins');
  });

  afterEach(() => {
    rmSync(tmp, { recursive: true, force: true });
  });

  it('installs a packed plugin, deploys an app that uses it, then removes it', async () => {
    const installed = await cli(['plugins', 'install', hello, '--plugins-dir', pluginsDir]);
    expect(installed.io.stderr()).toBe('');
    expect(installed.code).toBe(0);
    expect(installed.io.stdout()).toBe(
      'installed tributary-plugin-hello@1.0.0: 1 extension (function)',
    );

    const listed = await cli(['plugins', 'list', '--json', '--plugins-dir', pluginsDir]);
    expect(listed.code).toBe(0);
    const list = JSON.parse(listed.io.stdout()) as {
      plugins: { name: string; version: string; distribution: string; kinds: string[] }[];
    };
    expect(list.plugins).toContainEqual(
      expect.objectContaining({
        name: 'tributary-plugin-hello',
        version: '1.0.0',
        distribution: 'installed',
        kinds: ['function'],
      }),
    );

    const loaded = await loadPlugins({ pluginsDir });
    expect(loaded.refused.filter((r) => r.distribution === 'installed')).toEqual([]);
    expect(await greet(loaded.registry)).toEqual(['Hello, Ada!']);

    const removed = await cli([
      'plugins',
      'remove',
      'tributary-plugin-hello',
      '--plugins-dir',
      pluginsDir,
    ]);
    expect(removed.code).toBe(0);
    expect(removed.io.stdout()).toBe('removed tributary-plugin-hello');

    const after = await loadPlugins({ pluginsDir });
    expect(after.loaded.map((p) => p.name)).not.toContain('tributary-plugin-hello');
    const created = createEngine({ extensions: after.registry }).createApp(GREET_APP);
    expect(created.ok).toBe(false);
    expect(created.diagnostics.map((d) => d.message).join('\n')).toContain('hello:greet');
  });

  it('refuses a plugin built for another engine, installing nothing', async () => {
    const result = await cli(['plugins', 'install', incompatible, '--plugins-dir', pluginsDir]);
    expect(result.code).toBe(1);
    expect(result.io.stderr()).toBe(
      'plugin tributary-plugin-incompatible@1.0.0 refused: it needs engine ^9.0.0, this is ' +
        '0.1.0; install a version of the plugin built for engine 0.1.0',
    );
    // Judged from the tarball's package.json: npm never ran.
    expect(existsSync(pluginsDir)).toBe(false);
    const listed = await cli(['plugins', 'list', '--json', '--plugins-dir', pluginsDir]);
    const list = JSON.parse(listed.io.stdout()) as { plugins: { name: string }[] };
    expect(list.plugins.map((p) => p.name)).not.toContain('tributary-plugin-incompatible');
  });

  it('refuses an invalid plugin after npm installed it, and puts the folder back', async () => {
    expect((await cli(['plugins', 'install', hello, '--plugins-dir', pluginsDir])).code).toBe(0);

    const result = await cli(['plugins', 'install', invalid, '--plugins-dir', pluginsDir]);
    expect(result.code).toBe(1);
    expect(result.io.stderr()).toMatch(
      /^plugin tributary-plugin-invalid@1\.0\.0 refused: its extension specs are invalid: .*summary is empty/,
    );
    expect(existsSync(join(pluginsDir, 'node_modules', 'tributary-plugin-invalid'))).toBe(false);
    const loaded = await loadPlugins({ pluginsDir });
    expect(loaded.loaded.map((p) => p.name)).toContain('tributary-plugin-hello');
    expect(loaded.refused.map((r) => r.name)).not.toContain('tributary-plugin-invalid');
    expect(await greet(loaded.registry)).toEqual(['Hello, Ada!']);
  });

  it('loads the others when a plugin installed by hand is incompatible', async () => {
    expect((await cli(['plugins', 'install', hello, '--plugins-dir', pluginsDir])).code).toBe(0);
    // Bypassing `tributary plugins install`, as a user copying packages around might.
    const npm = await runNpm([
      'install',
      '--prefix',
      pluginsDir,
      '--no-audit',
      '--no-fund',
      '--legacy-peer-deps',
      incompatible,
    ]);
    expect(npm.code, npm.stderr).toBe(0);

    const loaded = await loadPlugins({ pluginsDir });
    expect(loaded.refused).toContainEqual({
      name: 'tributary-plugin-incompatible',
      version: '1.0.0',
      distribution: 'installed',
      reason:
        'it needs engine ^9.0.0, this is 0.1.0; install a version of the plugin built for engine 0.1.0',
    });
    expect(await greet(loaded.registry)).toEqual(['Hello, Ada!']);

    const listed = await cli(['plugins', 'list', '--plugins-dir', pluginsDir]);
    expect(listed.io.stdout()).toContain(
      'tributary-plugin-incompatible@1.0.0 (installed): it needs engine ^9.0.0',
    );
  });
});
