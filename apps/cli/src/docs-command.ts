// `tributary docs [--out <dir>] [--check]`: renders every loaded extension spec into a folder
// of markdown pages plus catalogue.json; `--check` only compares and exits 1 when stale.

import { parseArgs } from 'node:util';
import { version as engineVersion } from '@tributary/engine';
import { describeError, EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, type CommandIo } from './command-io.js';
import { checkDocs, renderDocsFiles, writeDocs } from './docs/docs-files.js';
import { loadPlugins, type BundledPlugin } from './plugins/plugin-loader.js';
import { pluginMessages } from './plugins/plugin-messages.js';
import { DEFAULT_PLUGINS_DIR } from './plugins/plugins-folder.js';

/** Text printed by `tributary docs --help`. */
export const docsUsage = `usage:
  tributary docs [--out <dir>] [--check] [--plugins-dir <dir> | --bundled-only]

Writes the extension reference: <dir>/index.md, a page per plugin package
(<dir>/<package>.md: syntax, parameters with types, defaults, optional and dynamic flags,
system parameters, examples) and <dir>/catalogue.json (the same data as JSON).

options:
  --out <dir>           where to write (default docs)
  --check               write nothing; exit 1 when <dir> differs from what would be written
  --plugins-dir <dir>   also document the plugins installed there (default ${DEFAULT_PLUGINS_DIR})
  --bundled-only        document the built-ins and bundled plugins only (what npm run docs does)`;

/** What the command needs from outside; tests pass the bundled list. */
export interface DocsCommandDeps {
  readonly bundled?: readonly BundledPlugin[];
}

/**
 * Runs `tributary docs …` (arguments after `docs`); returns the exit code.
 * @example
 * process.exitCode = await docsCommand(['--out', 'docs', '--check'], processIo());
 */
export async function docsCommand(
  argv: readonly string[],
  io: CommandIo,
  deps: DocsCommandDeps = {},
): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        help: { type: 'boolean', short: 'h', default: false },
        out: { type: 'string', default: 'docs' },
        check: { type: 'boolean', default: false },
        'plugins-dir': { type: 'string', default: DEFAULT_PLUGINS_DIR },
        'bundled-only': { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    io.err(`tributary docs: ${describeError(error)}\n\n${docsUsage}`);
    return EXIT_USAGE;
  }
  if (values.help) {
    io.out(docsUsage);
    return EXIT_OK;
  }
  const result = await loadPlugins({
    ...(values['bundled-only'] ? {} : { pluginsDir: values['plugins-dir'] }),
    ...(deps.bundled === undefined ? {} : { bundled: deps.bundled }),
  });
  for (const r of result.refused) io.err(pluginMessages.refused(r.name, r.version, r.reason));
  const files = renderDocsFiles({
    engineVersion,
    plugins: result.loaded,
    registry: result.registry,
  });
  const dir = values.out;
  if (values.check) {
    const drift = checkDocs(dir, files);
    const problems = [
      ...drift.stale.map((f) => `${dir}/${f} is stale`),
      ...drift.missing.map((f) => `${dir}/${f} is missing`),
      ...drift.extra.map((f) => `${dir}/${f} is no longer generated`),
    ];
    if (problems.length > 0) {
      io.err([...problems, 'run `npm run docs` to regenerate the reference'].join('\n'));
      return EXIT_PROBLEMS;
    }
    io.out(`✓ ${dir}: ${String(files.size)} files up to date`);
    return EXIT_OK;
  }
  const changed = writeDocs(dir, files);
  io.out(
    changed.length === 0
      ? `✓ ${dir}: ${String(files.size)} files up to date`
      : `wrote ${dir}: ${String(changed.length)} of ${String(files.size)} files changed`,
  );
  return EXIT_OK;
}
