// `tributary validate <file.siddhi…>`: compiles each app and prints its diagnostics with
// code frames; exits 1 when any app has errors.

import { readFileSync } from 'node:fs';
import {
  compile,
  formatDiagnostics,
  type Diagnostic,
  type ExtensionCatalog,
} from '@tributary/engine';
import { describeError, EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, type CommandIo } from './command-io.js';

function count(diagnostics: readonly Diagnostic[], severity: Diagnostic['severity']): number {
  return diagnostics.filter((d) => d.severity === severity).length;
}

function plural(n: number, word: string): string {
  return `${String(n)} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * Validates apps against the extensions of `catalog` (the built-ins by default); returns the
 * exit code.
 * @example
 * const { registry } = await loadPlugins({ pluginsDir: 'conf/plugins' });
 * process.exitCode = validateCommand(['conf/siddhi-files/StockAlerts.siddhi'], processIo(), registry.catalog);
 */
export function validateCommand(
  files: readonly string[],
  io: CommandIo,
  catalog?: ExtensionCatalog,
): number {
  if (files.length === 0) {
    io.err('tributary validate: no files given (usage: tributary validate <file.siddhi…>)');
    return EXIT_USAGE;
  }
  let exitCode = EXIT_OK;
  for (const file of files) {
    let text;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      io.err(`${file}: cannot read: ${describeError(error)}`);
      exitCode = EXIT_USAGE;
      continue;
    }
    const { ok, diagnostics } = compile(text, catalog === undefined ? {} : { catalog });
    if (diagnostics.length > 0) {
      io.out(formatDiagnostics(diagnostics, text, { fileName: file, color: io.color }));
    }
    const warnings = count(diagnostics, 'warning');
    if (ok) {
      io.out(`✓ ${file}: valid${warnings > 0 ? ` (${plural(warnings, 'warning')})` : ''}`);
    } else {
      io.out(`✗ ${file}: ${plural(Math.max(count(diagnostics, 'error'), 1), 'error')}`);
      if (exitCode === EXIT_OK) exitCode = EXIT_PROBLEMS;
    }
  }
  return exitCode;
}
