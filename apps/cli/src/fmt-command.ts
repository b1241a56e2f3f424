// `tributary fmt [--check|--write] <file…>`: prints (or checks, or rewrites) the canonical
// text of each app from the printer. Files with errors are never formatted.

import { readFileSync, writeFileSync } from 'node:fs';
import { compile, formatDiagnostics, printApp } from '@tributary/engine';
import { describeError, EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, type CommandIo } from './command-io.js';

export type FmtMode = 'print' | 'check' | 'write';

/**
 * True when `text` has a `--` or `/* … *\/` comment outside string literals and script
 * function bodies. The model keeps no comments, so formatting would drop them.
 */
export function hasComments(text: string): boolean {
  let i = 0;
  let braces = 0;
  while (i < text.length) {
    const ch = text[i];
    const next = text[i + 1];
    if (ch === '"' && text.startsWith('"""', i)) {
      const end = text.indexOf('"""', i + 3);
      i = end < 0 ? text.length : end + 3;
      continue;
    }
    if (ch === "'" || ch === '"') {
      const end = text.indexOf(ch, i + 1);
      i = end < 0 ? text.length : end + 1;
      continue;
    }
    if (ch === '{') braces += 1;
    else if (ch === '}') braces = Math.max(0, braces - 1);
    else if (braces === 0 && ((ch === '-' && next === '-') || (ch === '/' && next === '*'))) {
      return true;
    }
    i += 1;
  }
  return false;
}

type Formatted = { readonly canonical: string } | { readonly problem: string };

/** Compiles `text` and prints it canonically, or says why it cannot be formatted. */
function formatText(file: string, text: string, io: CommandIo): Formatted {
  const result = compile(text);
  if (!result.ok || result.app === undefined) {
    io.out(formatDiagnostics(result.diagnostics, text, { fileName: file, color: io.color }));
    return { problem: 'has errors; fix them before formatting' };
  }
  const printed = printApp(result.app);
  const canonical = printed.endsWith('\n') ? printed : `${printed}\n`;
  if (!compile(canonical).ok) {
    return {
      problem:
        'the formatter produced text that does not compile (a formatter bug); left unchanged',
    };
  }
  return { canonical };
}

/**
 * Formats apps; returns the exit code.
 * @example
 * process.exitCode = fmtCommand(['App.siddhi'], 'check', processIo());
 */
export function fmtCommand(files: readonly string[], mode: FmtMode, io: CommandIo): number {
  if (files.length === 0) {
    io.err('tributary fmt: no files given (usage: tributary fmt [--check|--write] <file…>)');
    return EXIT_USAGE;
  }
  let exitCode = EXIT_OK;
  const fail = (code: number): void => {
    if (exitCode === EXIT_OK) exitCode = code;
  };
  for (const file of files) {
    let text;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      io.err(`${file}: cannot read: ${describeError(error)}`);
      fail(EXIT_USAGE);
      continue;
    }
    const formatted = formatText(file, text, io);
    if ('problem' in formatted) {
      io.out(`✗ ${file}: ${formatted.problem}`);
      fail(EXIT_PROBLEMS);
      continue;
    }
    const { canonical } = formatted;
    const comments = hasComments(text);
    if (mode === 'print') {
      io.out(canonical.slice(0, -1));
      if (comments)
        io.err(`${file}: note: the canonical text has no comments (the formatter drops them)`);
      continue;
    }
    if (canonical === text) {
      io.out(`✓ ${file}: formatted`);
      continue;
    }
    if (comments) {
      io.out(`✗ ${file}: has comments, which formatting would drop; left unchanged`);
      fail(EXIT_PROBLEMS);
    } else if (mode === 'check') {
      io.out(`✗ ${file}: not formatted (run \`tributary fmt --write ${file}\`)`);
      fail(EXIT_PROBLEMS);
    } else {
      writeFileSync(file, canonical);
      io.out(`✓ ${file}: rewritten`);
    }
  }
  return exitCode;
}
