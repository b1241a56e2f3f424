// Test support for the plugin modules: small extensions, bundled-plugin entries and plugins
// written straight into a temp plugins folder (as npm would leave them), without npm.

import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineFunction, type Extension } from '@tributary/engine/extension-api';
import type { BundledPlugin } from './plugin-loader.js';
import { ensurePluginsFolder, installedPluginSpecs } from './plugins-folder.js';

/** `<ns>:greet(name)`: 'Hello, <name>!'. */
export function greetFunction(namespace = 'hello'): Extension {
  return defineFunction({
    name: 'greet',
    namespace,
    status: 'stable',
    summary: 'Greets someone by name.',
    parameters: [{ name: 'name', types: ['string'], description: 'Who to greet.' }],
    returnType: 'string',
    examples: [
      {
        description: 'Greets each user.',
        siddhi: `define stream Users (name string);\nfrom Users select ${namespace}:greet(name) as g insert into Out;`,
      },
    ],
    create: () => ({ type: 'string', call: (args) => `Hello, ${String(args[0])}!` }),
  });
}

/** A bundled-plugin entry as bundled.generated.ts holds them. */
export function bundledPlugin(
  name: string,
  module: Readonly<Record<string, unknown>>,
  tributary: unknown = { engine: '^0.1.0', export: 'extensions', requiresServer: false },
): BundledPlugin {
  return {
    packageJson: { name, version: '1.2.3', description: `${name} for tests`, tributary },
    module,
  };
}

/** A fresh temp plugins folder. */
export function tempPluginsDir(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'tributary-plugins-unit-')), 'plugins');
  ensurePluginsFolder(dir);
  return dir;
}

/**
 * Writes a package into `<dir>/node_modules/<name>` and lists it in `<dir>/package.json`, as
 * `npm install` would. Names start with `tributary-plugin-` so Vitest runs them through Vite.
 */
export function writeInstalledPlugin(
  dir: string,
  packageJson: Readonly<Record<string, unknown>> & { readonly name: string },
  indexJs: string,
): void {
  const folder = join(dir, 'node_modules', ...packageJson.name.split('/'));
  mkdirSync(folder, { recursive: true });
  writeFileSync(
    join(folder, 'package.json'),
    JSON.stringify({ type: 'module', main: 'index.js', ...packageJson }),
  );
  writeFileSync(join(folder, 'index.js'), indexJs);
  const deps = {
    ...installedPluginSpecs(dir),
    [packageJson.name]: `^${String(packageJson.version)}`,
  };
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: 'tributary-plugins', private: true, dependencies: deps }),
  );
}

/** The text of a plugin module exporting one greet function in `namespace`. */
export function greetPluginJs(namespace: string, exportName = 'extensions'): string {
  return `import { defineFunction } from '@tributary/engine/extension-api';
export const ${exportName} = [defineFunction({
  name: 'greet', namespace: '${namespace}', status: 'stable', summary: 'Greets.',
  parameters: [{ name: 'name', types: ['string'], description: 'Who.' }], returnType: 'string',
  examples: [{ description: 'Greets.', siddhi: 'define stream U (n string); from U select ${namespace}:greet(n) as g insert into O;' }],
  create: () => ({ type: 'string', call: (args) => 'Hi ' + String(args[0]) }),
})];
`;
}
