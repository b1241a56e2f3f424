// The plugins folder: an npm prefix of its own (`<dir>/package.json` lists the installed plugins,
// `<dir>/node_modules` holds them), so plugins never land in the product's node_modules. Plugins
// declare `@tributary/engine` as a peer; the folder links it to the host's engine.

import { spawn } from 'node:child_process';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

/** Where plugins go unless `--plugins-dir` (or the server's `plugins.folder`) says otherwise. */
export const DEFAULT_PLUGINS_DIR = 'conf/plugins';

const ENGINE_PACKAGE = '@tributary/engine';

/** The result of one npm run. */
export interface NpmResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs npm with `args`; injected so tests and hosts can observe or replace it. */
export type NpmRunner = (args: readonly string[]) => Promise<NpmResult>;

/**
 * Runs the `npm` on the PATH.
 * @example
 * const { code } = await runNpm(['--version']);
 */
export const runNpm: NpmRunner = (args) =>
  new Promise((resolvePromise) => {
    const windows = process.platform === 'win32';
    const child = spawn(windows ? 'npm.cmd' : 'npm', [...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      shell: windows,
      env: { ...process.env, npm_config_update_notifier: 'false' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', (error) => {
      resolvePromise({ code: 1, stdout, stderr: `${stderr}${error.message}` });
    });
    child.on('close', (code) => {
      resolvePromise({ code: code ?? 1, stdout, stderr });
    });
  });

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8')) as unknown;
}

/**
 * The plugins recorded in `<dir>/package.json` (name → npm spec), sorted by name; none when the
 * folder does not exist yet.
 * @example
 * installedPluginSpecs('conf/plugins') // { 'tributary-plugin-hello': 'file:../hello-1.0.0.tgz' }
 */
export function installedPluginSpecs(dir: string): Readonly<Record<string, string>> {
  const path = join(dir, 'package.json');
  if (!existsSync(path)) return {};
  const json = readJson(path);
  const deps = isRecord(json) ? json.dependencies : undefined;
  if (!isRecord(deps)) return {};
  const out: Record<string, string> = {};
  for (const name of Object.keys(deps).sort()) {
    const spec = deps[name];
    // The engine link is the host's, not a plugin, should a user have added it by hand.
    if (name !== ENGINE_PACKAGE && typeof spec === 'string') out[name] = spec;
  }
  return out;
}

/** The folder an installed plugin lives in. */
export function installedPackageDir(dir: string, name: string): string {
  return join(dir, 'node_modules', ...name.split('/'));
}

/** Creates the plugins folder and its package.json when missing. */
export function ensurePluginsFolder(dir: string): void {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'package.json');
  if (!existsSync(path)) {
    const json = {
      name: 'tributary-plugins',
      private: true,
      description: 'Plugins installed with `tributary plugins install`; loaded at start.',
      dependencies: {},
    };
    writeFileSync(path, `${JSON.stringify(json, null, 2)}\n`);
  }
}

/** The folder of the engine this process runs (plugins' `@tributary/engine` must be this one). */
export function hostEngineDir(): string {
  const require = createRequire(import.meta.url);
  return dirname(require.resolve(`${ENGINE_PACKAGE}/package.json`));
}

/**
 * Makes `<dir>/node_modules/@tributary/engine` a link to the host's engine, so a plugin's
 * `import … from '@tributary/engine/extension-api'` finds the engine that loads it. npm removes
 * the link on every install (it is not in the folder's package.json), hence re-created each time.
 * @example
 * linkHostEngine('conf/plugins');
 */
export function linkHostEngine(dir: string, engineDir: string = hostEngineDir()): void {
  const link = join(dir, 'node_modules', ...ENGINE_PACKAGE.split('/'));
  const target = resolve(engineDir);
  let stat;
  try {
    stat = lstatSync(link);
  } catch {
    stat = undefined;
  }
  if (stat !== undefined) {
    if (stat.isSymbolicLink() && resolve(dirname(link), readlinkSync(link)) === target) return;
    rmSync(link, { recursive: true, force: true });
  }
  mkdirSync(dirname(link), { recursive: true });
  symlinkSync(target, link, process.platform === 'win32' ? 'junction' : 'dir');
}

type Conditional = string | readonly Conditional[] | { readonly [key: string]: Conditional };

function pickCondition(target: Conditional | undefined): string | undefined {
  if (target === undefined) return undefined;
  if (typeof target === 'string') return target;
  if (Array.isArray(target)) {
    for (const t of target as readonly Conditional[]) {
      const found = pickCondition(t);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  const map = target as Readonly<Record<string, Conditional>>;
  for (const condition of ['import', 'node', 'default']) {
    const found = pickCondition(map[condition]);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * The file a package's main entry is, read from its package.json the way Node's ESM resolver
 * does for `import 'pkg'` (`exports['.']` with the import/node/default conditions, else `main`).
 * @example
 * packageEntry('/p/node_modules/hello', { main: 'index.js' }) // '/p/node_modules/hello/index.js'
 */
export function packageEntry(packageDir: string, json: Readonly<Record<string, unknown>>): string {
  const exportsField = json.exports as Conditional | undefined;
  let entry: string | undefined;
  if (typeof exportsField === 'string' || Array.isArray(exportsField)) {
    entry = pickCondition(exportsField);
  } else if (typeof exportsField === 'object') {
    const map = exportsField as Readonly<Record<string, Conditional>>;
    const hasSubpaths = Object.keys(map).some((k) => k.startsWith('.'));
    entry = pickCondition(hasSubpaths ? map['.'] : exportsField);
  }
  entry ??= typeof json.main === 'string' ? json.main : 'index.js';
  return join(packageDir, entry);
}

/** Reads an installed package's package.json, or `undefined` when it is not there. */
export function readInstalledPackageJson(
  dir: string,
  name: string,
): Readonly<Record<string, unknown>> | undefined {
  const path = join(installedPackageDir(dir, name), 'package.json');
  if (!existsSync(path)) return undefined;
  const json = readJson(path);
  return isRecord(json) ? json : {};
}
