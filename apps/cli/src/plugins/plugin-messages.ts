// Every message about plugins in one place: why a package is refused, what install and remove
// did. Refusals name the package, its version and the fix, since they are read in server logs.

export const pluginMessages = {
  notAnObject: 'its package.json is not a JSON object',
  noName: 'its package.json has no name',
  badVersion: (version: string) => `its package.json version '${version}' is not semver`,
  noTributaryField:
    'it is not a Tributary plugin: its package.json has no `tributary` field ' +
    '(e.g. "tributary": {"engine": "^0.1.0", "export": "extensions"})',
  badEngineRange: (range: string) =>
    `its \`tributary.engine\` '${range}' is not a semver range of engine versions`,
  badExportName: (name: string) => `its \`tributary.export\` '${name}' is not an export name`,
  badRequiresServer: 'its `tributary.requiresServer` must be true or false',
  incompatibleEngine: (range: string, engineVersion: string) =>
    `it needs engine ${range}, this is ${engineVersion}; install a version of the plugin built ` +
    `for engine ${engineVersion}`,
  exportNotAList: 'the export is not a list of extensions',
  missingExport: (name: string, entry: string) =>
    `its main entry (${entry}) has no export named '${name}' (the \`tributary.export\` field)`,
  invalidSpecs: (problems: readonly string[]) => {
    const shown = problems.slice(0, 5).join('; ');
    const more = problems.length > 5 ? ` (and ${String(problems.length - 5)} more)` : '';
    return `its extension specs are invalid: ${shown}${more}`;
  },
  importFailed: (entry: string, detail: string) => `loading ${entry} failed: ${detail}`,
  hostListFailed: (detail: string) => `the host could not make its extension list: ${detail}`,
  notInstalledFolder: (name: string, dir: string) =>
    `it is listed in ${dir}/package.json but not installed; run \`tributary plugins install ${name}\``,
  shadowsBundled: 'a bundled plugin has the same name; remove the installed copy',
  clash: (detail: string) => `it defines an extension another plugin already has: ${detail}`,
  refused: (name: string, version: string | undefined, reason: string) =>
    `plugin ${name}${version === undefined ? '' : `@${version}`} refused: ${reason}`,
  installed: (name: string, version: string, count: number, kinds: string) =>
    `installed ${name}@${version}: ${String(count)} extension${count === 1 ? '' : 's'} (${kinds})`,
  removed: (name: string) => `removed ${name}`,
  notInstalled: (name: string, dir: string) => `${name} is not installed in ${dir}`,
  bundledCannotBeRemoved: (name: string) =>
    `${name} is bundled with Tributary and cannot be removed`,
  npmFailed: (args: string, detail: string) => `npm ${args} failed: ${detail}`,
  nothingInstalled: (spec: string) =>
    `npm installed nothing new for '${spec}' (already installed at this version?)`,
  unknownPlugin: (name: string) =>
    `no plugin named '${name}' (see \`tributary plugins list\` or \`tributary plugins search\`)`,
} as const;
