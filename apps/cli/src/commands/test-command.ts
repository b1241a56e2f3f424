// `tributary test <app.siddhi> --cases <file.json>`: runs an app on the virtual clock against
// expected outputs written in the conformance case format, one line per case and a summary.

import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  describeError,
  EXIT_OK,
  EXIT_PROBLEMS,
  EXIT_USAGE,
  type CommandIo,
} from '../command-io.js';
import { loadPlugins, type BundledPlugin } from '../plugins/plugin-loader.js';
import { pluginMessages } from '../plugins/plugin-messages.js';
import { DEFAULT_PLUGINS_DIR } from '../plugins/plugins-folder.js';
import { reportError } from './run-io.js';
import { CasesError, parseCases } from './test-cases.js';
import { runCase, type CaseResult } from './test-runner.js';

/** Text printed by `tributary test --help`. */
export const testUsage = `usage:
  tributary test <app.siddhi> --cases <cases.json> [--only <name>] [--plugins-dir <dir>]

Runs the app against expected outputs on a virtual clock (time moves only with "sleep"
steps, so time windows are tested without waiting). The cases file uses the conformance
case format: {"cases": [{"name", "steps": […], "expect": {"stream:Out": {"events": […]}}}]}
(a case's own "app" replaces the app file). Steps: send (data or events, timestamp), sleep,
query (expect, expectCount, expectCells, expectError), persist, restart, restore.

options:
  --cases <file>        the cases (required)
  --only <name>         run only the cases with this name (may be repeated)
  --plugins-dir <dir>   plugins folder (default ${DEFAULT_PLUGINS_DIR})
  -h, --help            this text

Prints ✓/✗ per case and "N passed, N failed"; exit 1 when a case fails, 2 on bad usage.`;

/** What tests replace. */
export interface TestCommandDeps {
  readonly bundled?: readonly BundledPlugin[];
}

function line(result: CaseResult): string {
  switch (result.status) {
    case 'passed':
      return `✓ ${result.name}`;
    case 'skipped':
      return `- ${result.name} (skipped: ${result.reason ?? ''})`;
    case 'failed':
      return `✗ ${result.name}: ${result.reason ?? ''}`;
  }
}

/**
 * Runs `tributary test …` (the arguments after `test`); resolves to the exit code.
 * @example
 * process.exitCode = await testCommand(['StockAlerts.siddhi', '--cases', 'cases.json'], processIo());
 */
export async function testCommand(
  argv: readonly string[],
  io: CommandIo,
  deps: TestCommandDeps = {},
): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        help: { type: 'boolean', short: 'h', default: false },
        cases: { type: 'string' },
        only: { type: 'string', multiple: true },
        'plugins-dir': { type: 'string', default: DEFAULT_PLUGINS_DIR },
      },
    });
  } catch (error) {
    reportError(io, 'test', 'E_USAGE', describeError(error), 'tributary test --help');
    return EXIT_USAGE;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.out(testUsage);
    return EXIT_OK;
  }
  const hint = 'tributary test App.siddhi --cases App.cases.json';
  if (values.cases === undefined) {
    reportError(io, 'test', 'E_USAGE', '--cases <file> is required', hint);
    return EXIT_USAGE;
  }
  if (positionals.length > 1) {
    reportError(io, 'test', 'E_USAGE', 'give one app file', hint);
    return EXIT_USAGE;
  }
  const [appFile] = positionals;
  let appText: string | undefined;
  let casesJson: unknown;
  try {
    if (appFile !== undefined) appText = readFileSync(appFile, 'utf8');
    casesJson = JSON.parse(readFileSync(values.cases, 'utf8'));
  } catch (error) {
    reportError(io, 'test', 'E_FILE', describeError(error));
    return EXIT_USAGE;
  }
  let cases;
  try {
    cases = parseCases(casesJson, appText !== undefined);
  } catch (error) {
    if (error instanceof CasesError) {
      reportError(
        io,
        'test',
        error.code,
        `${values.cases} is not a valid cases file:\n  ${error.problems.join('\n  ')}`,
        'see shared/conformance/FORMAT.md for the format',
      );
      return EXIT_USAGE;
    }
    throw error;
  }
  const only = values.only;
  const selected = only === undefined ? cases : cases.filter((c) => only.includes(c.name));
  if (selected.length === 0) {
    reportError(
      io,
      'test',
      'E_USAGE',
      'no case to run',
      only === undefined ? undefined : `names: ${cases.map((c) => c.name).join(', ')}`,
    );
    return EXIT_USAGE;
  }
  const { registry, refused } = await loadPlugins({
    pluginsDir: values['plugins-dir'],
    ...(deps.bundled === undefined ? {} : { bundled: deps.bundled }),
  });
  for (const r of refused) io.err(pluginMessages.refused(r.name, r.version, r.reason));
  const counts = { passed: 0, failed: 0, skipped: 0 };
  for (const c of selected) {
    const result = await runCase(c, registry, appText);
    counts[result.status] += 1;
    io.out(line(result));
  }
  io.out(
    `${String(counts.passed)} passed, ${String(counts.failed)} failed${
      counts.skipped > 0 ? `, ${String(counts.skipped)} skipped` : ''
    }`,
  );
  return counts.failed > 0 ? EXIT_PROBLEMS : EXIT_OK;
}
