// The `tributary` command line as a function of its arguments, so tests drive it without a
// process: parses the arguments and dispatches to the command modules. Also the package entry
// of @tributary/cli: hosts (the server) import the plugin loader and docs renderers from here.

import { parseArgs } from 'node:util';
import { version } from '@tributary/engine';
import { describeError, EXIT_OK, EXIT_USAGE, processIo, type CommandIo } from './command-io.js';
import { docsCommand } from './docs-command.js';
import { fmtCommand } from './fmt-command.js';
import { loadPlugins } from './plugins/plugin-loader.js';
import { pluginMessages } from './plugins/plugin-messages.js';
import { DEFAULT_PLUGINS_DIR } from './plugins/plugins-folder.js';
import { pluginsCommand } from './plugins-command.js';
import { exportCommand } from './commands/export-command.js';
import { miCommand } from './commands/mi-command.js';
import { runCommand } from './commands/run-command.js';
import { serverCommand } from './commands/server-command.js';
import { testCommand } from './commands/test-command.js';
import { validateCommand } from './validate-command.js';

export type { CommandIo } from './command-io.js';
export { processIo } from './command-io.js';
export { docsCommand, docsUsage } from './docs-command.js';
export { pluginsCommand, pluginsUsage } from './plugins-command.js';
export {
  loadPlugins,
  packageStatus,
  type BundledPlugin,
  type LoadPluginsOptions,
  type PluginDistribution,
  type PluginInfo,
  type PluginLoadResult,
  type RefusedPlugin,
} from './plugins/plugin-loader.js';
export { loadBundledPlugins } from './plugins/bundled.js';
export {
  installPlugin,
  removePlugin,
  type InstallResult,
  type RemoveResult,
} from './plugins/plugin-installer.js';
export {
  DEFAULT_PLUGINS_DIR,
  linkHostEngine,
  runNpm,
  type NpmResult,
  type NpmRunner,
} from './plugins/plugins-folder.js';
export { readPluginPackageJson, type PluginManifest } from './plugins/plugin-manifest.js';
export { buildDocSite, describeRegistry, type DocSource } from './docs/build-doc-site.js';
export {
  buildCatalogue,
  renderCatalogue,
  type Catalogue,
  type CataloguePlugin,
} from './docs/catalogue.js';
export {
  describeExtension,
  type ExtensionDoc,
  type ParameterDoc,
  type SystemParameterDoc,
} from './docs/describe-extension.js';
export {
  pageSlug,
  type DocBlock,
  type DocPage,
  type DocSite,
  type RichText,
} from './docs/doc-model.js';
export { checkDocs, renderDocsFiles, writeDocs, type DocsDrift } from './docs/docs-files.js';
export { renderHtml, renderHtmlSite, type HtmlOptions } from './docs/render-html.js';
export { renderMarkdown } from './docs/render-markdown.js';

/** Text printed by `tributary --help` and after a usage error. */
export const usage = `tributary ${version} — compile, check and format SiddhiQL apps; manage plugins

usage:
  tributary validate <file.siddhi…>            report errors and warnings; exit 1 on errors
  tributary fmt [--check|--write] <file…>      print the canonical text of each app
      --check   exit 1 when a file is not in canonical form
      --write   rewrite files in canonical form
  tributary docs [--out <dir>] [--check]       write the extension reference (docs --help)
  tributary plugins list|search|info|install|remove …
                                               manage plugins (plugins --help)
  tributary run <app.siddhi…> [< events]       run apps in the terminal (run --help)
  tributary test <app.siddhi> --cases <file>   check an app against expected outputs
  tributary server [--port <n>]                start the server (server --help)
  tributary export docker|k8s [--out <dir>]    package the deployed apps (export --help)
  tributary mi flows [--management-url <url>]  list what a Micro Integrator can run (mi --help)
  tributary --help | -h                        this text
  tributary --version | -v                     the version

  --plugins-dir <dir>   the plugins folder validate, docs and plugins use
                        (default ${DEFAULT_PLUGINS_DIR})

Colours are used when stdout is a terminal (NO_COLOR turns them off, FORCE_COLOR on).`;

/** Commands that parse their own options: everything after the command name is theirs. */
const OWN_OPTIONS: Readonly<
  Record<string, (argv: readonly string[], io: CommandIo) => Promise<number>>
> = {
  docs: docsCommand,
  plugins: pluginsCommand,
  run: runCommand,
  test: testCommand,
  server: serverCommand,
  export: exportCommand,
  mi: miCommand,
};

async function validateWithPlugins(
  files: readonly string[],
  pluginsDir: string,
  io: CommandIo,
): Promise<number> {
  if (files.length === 0) return validateCommand(files, io);
  const { registry, refused } = await loadPlugins({ pluginsDir });
  for (const r of refused) io.err(pluginMessages.refused(r.name, r.version, r.reason));
  return validateCommand(files, io, registry.catalog);
}

/**
 * Runs the command line `argv` (without `node` and the script); resolves to the exit code.
 * @example
 * process.exitCode = await runCli(process.argv.slice(2));
 */
export async function runCli(
  argv: readonly string[],
  io: CommandIo = processIo(),
): Promise<number> {
  const [first, ...rest] = argv;
  const own = first === undefined ? undefined : OWN_OPTIONS[first];
  if (own !== undefined) return own(rest, io);
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        help: { type: 'boolean', short: 'h', default: false },
        version: { type: 'boolean', short: 'v', default: false },
        check: { type: 'boolean', default: false },
        write: { type: 'boolean', default: false },
        'plugins-dir': { type: 'string', default: DEFAULT_PLUGINS_DIR },
      },
    });
  } catch (error) {
    io.err(`tributary: ${describeError(error)}\n\n${usage}`);
    return EXIT_USAGE;
  }
  const { values, positionals } = parsed;
  const [command, ...files] = positionals;
  if (values.help) {
    io.out(usage);
    return EXIT_OK;
  }
  if (values.version) {
    io.out(`tributary ${version}`);
    return EXIT_OK;
  }
  if (command !== 'fmt' && (values.check || values.write)) {
    io.err('tributary: --check and --write belong to `tributary fmt`');
    return EXIT_USAGE;
  }
  switch (command) {
    case 'validate':
      return validateWithPlugins(files, values['plugins-dir'], io);
    case 'fmt':
      if (values.check && values.write) {
        io.err('tributary fmt: use either --check or --write, not both');
        return EXIT_USAGE;
      }
      return fmtCommand(files, values.check ? 'check' : values.write ? 'write' : 'print', io);
    case undefined:
      io.out(usage);
      return EXIT_OK;
    default:
      io.err(
        command in OWN_OPTIONS
          ? `tributary: options of \`${command}\` go after it (tributary ${command} --help)`
          : `tributary: unknown command '${command}'\n\n${usage}`,
      );
      return EXIT_USAGE;
  }
}
