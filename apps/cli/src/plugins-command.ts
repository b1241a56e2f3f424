// `tributary plugins list | search | info | install | remove`: the plugin marketplace on the
// command line, over the plugins folder (`--plugins-dir`, default conf/plugins).

import { parseArgs } from 'node:util';
import { version as engineVersion } from '@tributary/engine';
import type { Registry } from '@tributary/engine/extension-api';
import { describeError, EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, type CommandIo } from './command-io.js';
import { describeExtension, KIND_LABELS } from './docs/describe-extension.js';
import { pageSlug } from './docs/doc-model.js';
import { loadBundledPlugins } from './plugins/bundled.js';
import { installPlugin, removePlugin } from './plugins/plugin-installer.js';
import {
  loadPlugins,
  type BundledPlugin,
  type PluginInfo,
  type PluginLoadResult,
  type RefusedPlugin,
} from './plugins/plugin-loader.js';
import { pluginMessages } from './plugins/plugin-messages.js';
import { DEFAULT_PLUGINS_DIR, runNpm, type NpmRunner } from './plugins/plugins-folder.js';

/** Text printed by `tributary plugins --help`. */
export const pluginsUsage = `usage:
  tributary plugins list [--json]                 built-in, bundled and installed plugins
  tributary plugins search <word> [--json] [--npm]
                                                  plugins whose name, summary or extensions
                                                  match; --npm also asks the npm registry
                                                  (packages with the keyword tributary-plugin)
  tributary plugins info <name> [--json]          one plugin and its extensions
  tributary plugins install <name|tarball|folder> install with npm into the plugins folder
  tributary plugins remove <name>                 uninstall from the plugins folder

options:
  --plugins-dir <dir>   the plugins folder (default ${DEFAULT_PLUGINS_DIR}; the server reads
                        plugins.folder in conf/tributary.yaml)

A plugin is an npm package whose package.json has a \`tributary\` field, e.g.
  "tributary": {"engine": "^0.1.0", "export": "extensions", "requiresServer": false}
and whose main entry exports \`extensions\` (a list made with the define* functions of
@tributary/engine/extension-api, a peer dependency). Plugins built for another engine
version, or with invalid specs, are refused with the reason; the others keep working.`;

/** What the command needs from outside; tests replace npm and the bundled list. */
export interface PluginsCommandDeps {
  readonly npm?: NpmRunner;
  readonly bundled?: readonly BundledPlugin[];
}

function plural(n: number, word: string): string {
  return `${String(n)} ${word}${n === 1 ? '' : 's'}`;
}

function kindsText(kinds: readonly PluginInfo['kinds'][number][]): string {
  return kinds.map((k) => KIND_LABELS[k].toLowerCase()).join(', ');
}

function pad(rows: readonly (readonly string[])[]): string[] {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => r[i]?.length ?? 0))) ?? [];
  return rows.map((r) =>
    r
      .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
}

function refusalLines(refused: readonly RefusedPlugin[]): string[] {
  return refused.map(
    (r) =>
      `  ${r.name}${r.version === undefined ? '' : `@${r.version}`} (${r.distribution}): ${r.reason}`,
  );
}

function listText(result: PluginLoadResult, dir: string): string {
  const rows = [
    ['PACKAGE', 'VERSION', 'FROM', 'STATUS', 'SERVER', 'EXTENSIONS', 'KINDS'],
    ...result.loaded.map((p) => [
      p.name,
      p.version,
      p.distribution,
      p.status,
      p.requiresServer ? 'yes' : 'no',
      String(p.extensions),
      kindsText(p.kinds),
    ]),
  ];
  const lines = pad(rows);
  if (result.refused.length > 0) lines.push('', 'refused:', ...refusalLines(result.refused));
  lines.push('', `plugins folder: ${dir}`);
  return lines.join('\n');
}

interface SearchHit {
  readonly name: string;
  readonly version: string;
  readonly summary: string;
  /** Where it is: loaded here, or found on the npm registry. */
  readonly distribution: PluginInfo['distribution'] | 'npm';
  readonly kinds: readonly string[];
  /** The matching extensions (`str:concat (function)`). */
  readonly matches: readonly string[];
}

function searchLoaded(result: PluginLoadResult, word: string): SearchHit[] {
  const w = word.toLowerCase();
  const hits: SearchHit[] = [];
  for (const plugin of result.loaded) {
    const own = result.registry.extensions.filter((e) => e.package === plugin.name);
    const matches = own
      .map(describeExtension)
      .filter((d) => `${d.qualifiedName} ${d.summary}`.toLowerCase().includes(w))
      .map((d) => `${d.qualifiedName} (${KIND_LABELS[d.kind].toLowerCase()})`);
    const packageMatch = `${plugin.name} ${plugin.summary} ${plugin.kinds.join(' ')}`
      .toLowerCase()
      .includes(w);
    if (packageMatch || matches.length > 0) {
      hits.push({
        name: plugin.name,
        version: plugin.version,
        summary: plugin.summary,
        distribution: plugin.distribution,
        kinds: plugin.kinds,
        matches,
      });
    }
  }
  return hits;
}

/** Parses `npm search --json` output: an array of `{ name, version, description }`. */
export function parseNpmSearch(
  stdout: string,
): { name: string; version: string; summary: string }[] {
  const parsed = JSON.parse(stdout) as unknown;
  if (!Array.isArray(parsed)) return [];
  const out: { name: string; version: string; summary: string }[] = [];
  for (const item of parsed as readonly unknown[]) {
    if (typeof item !== 'object' || item === null) continue;
    const { name, version, description } = item as Record<string, unknown>;
    if (typeof name !== 'string') continue;
    out.push({
      name,
      version: typeof version === 'string' ? version : '',
      summary: typeof description === 'string' ? description : '',
    });
  }
  return out;
}

async function searchNpm(
  npm: NpmRunner,
  word: string,
  known: ReadonlySet<string>,
): Promise<SearchHit[]> {
  const run = await npm(['search', '--json', 'keywords:tributary-plugin', word]);
  if (run.code !== 0) throw new Error(pluginMessages.npmFailed('search', run.stderr.trim()));
  return parseNpmSearch(run.stdout)
    .filter((p) => !known.has(p.name))
    .map((p) => ({ ...p, distribution: 'npm' as const, kinds: [], matches: [] }));
}

function infoText(plugin: PluginInfo, registry: Registry): string {
  const lines = [
    `${plugin.name}@${plugin.version} (${plugin.distribution}, ${plugin.status})`,
    ...(plugin.summary === '' ? [] : [plugin.summary]),
    `engine: ${plugin.engine}   server needed: ${plugin.requiresServer ? 'yes' : 'no'}`,
    `reference: docs/${pageSlug(plugin.name)}.md`,
    '',
    `${plural(plugin.extensions, 'extension')}:`,
  ];
  const docs = registry.extensions.filter((e) => e.package === plugin.name).map(describeExtension);
  lines.push(
    ...pad(
      docs.map((d) => [
        `  ${d.qualifiedName}`,
        KIND_LABELS[d.kind].toLowerCase(),
        d.status,
        d.summary.replace(/\s+/g, ' '),
      ]),
    ),
  );
  return lines.join('\n');
}

/** A plugin by its package name, page name (`execution-str`) or short name (`str`, `hello`). */
function findPlugin(loaded: readonly PluginInfo[], name: string): PluginInfo | undefined {
  const short = (p: PluginInfo): string =>
    pageSlug(p.name)
      .replace(/^tributary-plugin-/, '')
      .replace(/^[a-z]+-/, '');
  return (
    loaded.find((p) => p.name === name) ??
    loaded.find((p) => pageSlug(p.name) === name) ??
    loaded.find((p) => pageSlug(p.name).replace(/^tributary-plugin-/, '') === name) ??
    loaded.find((p) => short(p) === name)
  );
}

/**
 * Runs `tributary plugins <sub> …` (arguments after `plugins`); returns the exit code.
 * @example
 * process.exitCode = await pluginsCommand(['list', '--json'], processIo());
 */
export async function pluginsCommand(
  argv: readonly string[],
  io: CommandIo,
  deps: PluginsCommandDeps = {},
): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        help: { type: 'boolean', short: 'h', default: false },
        json: { type: 'boolean', default: false },
        npm: { type: 'boolean', default: false },
        'plugins-dir': { type: 'string', default: DEFAULT_PLUGINS_DIR },
      },
    });
  } catch (error) {
    io.err(`tributary plugins: ${describeError(error)}\n\n${pluginsUsage}`);
    return EXIT_USAGE;
  }
  const { values, positionals } = parsed;
  const [sub, ...args] = positionals;
  if (values.help || sub === undefined) {
    io.out(pluginsUsage);
    return values.help ? EXIT_OK : EXIT_USAGE;
  }
  const dir = values['plugins-dir'];
  const npm = deps.npm ?? runNpm;
  const expect = (count: number, what: string): boolean => {
    if (args.length === count) return true;
    io.err(`tributary plugins ${sub}: ${what}\n\n${pluginsUsage}`);
    return false;
  };
  const bundled = deps.bundled ?? (await loadBundledPlugins());
  const load = (): Promise<PluginLoadResult> => loadPlugins({ pluginsDir: dir, bundled });

  switch (sub) {
    case 'list': {
      if (!expect(0, 'takes no arguments')) return EXIT_USAGE;
      const result = await load();
      if (values.json) {
        const { loaded: plugins, refused } = result;
        io.out(
          JSON.stringify({ engine: engineVersion, pluginsDir: dir, plugins, refused }, null, 2),
        );
      } else {
        io.out(listText(result, dir));
      }
      return EXIT_OK;
    }
    case 'search': {
      if (!expect(1, 'give one word to search for')) return EXIT_USAGE;
      const word = args[0] ?? '';
      const result = await load();
      const hits = searchLoaded(result, word);
      if (values.npm) {
        try {
          hits.push(...(await searchNpm(npm, word, new Set(result.loaded.map((p) => p.name)))));
        } catch (error) {
          io.err(`tributary plugins search: ${describeError(error)}`);
          return EXIT_PROBLEMS;
        }
      }
      if (values.json) {
        io.out(JSON.stringify(hits, null, 2));
      } else if (hits.length === 0) {
        io.out(`no plugin matches '${word}'`);
      } else {
        const lines: string[] = [];
        for (const hit of hits) {
          const version = hit.version === '' ? '' : `@${hit.version}`;
          lines.push(`${hit.name}${version} (${hit.distribution}): ${hit.summary}`);
          lines.push(...hit.matches.slice(0, 8).map((m) => `  ${m}`));
          if (hit.matches.length > 8)
            lines.push(`  … ${plural(hit.matches.length - 8, 'more match')}`);
        }
        io.out(lines.join('\n'));
      }
      return hits.length === 0 ? EXIT_PROBLEMS : EXIT_OK;
    }
    case 'info': {
      if (!expect(1, 'give the plugin name')) return EXIT_USAGE;
      const name = args[0] ?? '';
      const result = await load();
      const plugin = findPlugin(result.loaded, name);
      if (plugin === undefined) {
        const refusal = result.refused.find((r) => r.name === name);
        io.err(
          refusal === undefined
            ? `tributary plugins info: ${pluginMessages.unknownPlugin(name)}`
            : pluginMessages.refused(refusal.name, refusal.version, refusal.reason),
        );
        return EXIT_PROBLEMS;
      }
      if (values.json) {
        const extensions = result.registry.extensions
          .filter((e) => e.package === plugin.name)
          .map(describeExtension);
        io.out(JSON.stringify({ ...plugin, extensions }, null, 2));
      } else {
        io.out(infoText(plugin, result.registry));
      }
      return EXIT_OK;
    }
    case 'install': {
      if (!expect(1, 'give one plugin: a registry name, a tarball or a folder')) return EXIT_USAGE;
      const result = await installPlugin(args[0] ?? '', { pluginsDir: dir, npm, bundled });
      if (!result.ok) {
        io.err(
          result.refused
            ? pluginMessages.refused(result.name ?? args[0] ?? '', result.version, result.reason)
            : `tributary plugins install: ${result.reason}`,
        );
        return EXIT_PROBLEMS;
      }
      const p = result.plugin;
      io.out(pluginMessages.installed(p.name, p.version, p.extensions, kindsText(p.kinds)));
      return EXIT_OK;
    }
    case 'remove': {
      if (!expect(1, 'give the plugin name')) return EXIT_USAGE;
      const name = args[0] ?? '';
      const result = await removePlugin(name, { pluginsDir: dir, npm, bundled });
      if (!result.ok) {
        io.err(`tributary plugins remove: ${result.reason}`);
        return EXIT_PROBLEMS;
      }
      io.out(pluginMessages.removed(name));
      return EXIT_OK;
    }
    default:
      io.err(`tributary plugins: unknown subcommand '${sub}'\n\n${pluginsUsage}`);
      return EXIT_USAGE;
  }
}
