// Prints compiler diagnostics for people: a `file:line:col error CODE message` header, a
// code frame with a line-number gutter and a `^~~~` underline under the span, and the hint.

import type { Diagnostic } from '../compiler/diagnostic.js';

export interface FormatOptions {
  /** Shown before `line:col`; omitted when absent. */
  readonly fileName?: string;
  /** Wraps the parts in ANSI colours (for terminals). Default false. */
  readonly color?: boolean;
}

/** Width a tab is shown with in code frames (tabs are expanded so underlines line up). */
const TAB_WIDTH = 4;
/** A span over more lines than this shows its first and last lines around a `...` row. */
const MAX_SPAN_LINES = 5;

const ANSI = {
  reset: '\u001b[0m',
  bold: '\u001b[1m',
  red: '\u001b[31m',
  yellow: '\u001b[33m',
  blue: '\u001b[34m',
  cyan: '\u001b[36m',
} as const;

type Paint = (style: keyof typeof ANSI, text: string) => string;

const plain: Paint = (_style, text) => text;
const ansi: Paint = (style, text) => (text === '' ? text : `${ANSI[style]}${text}${ANSI.reset}`);

/** Splits source text into lines the way the lexer counts them (`\r\n`, `\n` or `\r`). */
function splitLines(source: string): string[] {
  return source.split(/\r\n|\r|\n/);
}

/** Expands tabs and returns the shown text plus, per code unit, the shown column it starts at. */
function expandLine(line: string): { text: string; columns: number[] } {
  const columns: number[] = [];
  let text = '';
  for (const ch of line) {
    // `for…of` walks code points; a surrogate pair takes two code units but one column.
    const startColumn = text.length;
    columns.push(startColumn);
    if (ch.length > 1) columns.push(startColumn);
    text += ch === '\t' ? ' '.repeat(TAB_WIDTH) : ch;
  }
  columns.push(text.length);
  return { text, columns };
}

/** The shown column of 1-based source column `column` on `line` (clamped to the line end). */
function shownColumn(columns: readonly number[], column: number): number {
  const index = Math.min(Math.max(column - 1, 0), columns.length - 1);
  return columns[index] ?? 0;
}

interface FrameRow {
  /** 1-based line number, or undefined for the `...` elision row. */
  readonly lineNumber?: number;
  readonly text: string;
  /** Underline start/end in shown columns (end exclusive) and whether it begins the span. */
  readonly underline?: { readonly from: number; readonly to: number; readonly first: boolean };
}

/** Builds the frame rows: one line of context each side and the span's lines, underlined. */
function frameRows(d: Diagnostic, lines: readonly string[]): FrameRow[] {
  const lastLine = lines.length;
  const startLine = Math.min(Math.max(d.span.start.line, 1), lastLine);
  const startColumn = d.span.start.line > lastLine ? Number.MAX_SAFE_INTEGER : d.span.start.column;
  let endLine = Math.min(Math.max(d.span.end.line, startLine), lastLine);
  let endColumn = d.span.end.line > lastLine ? Number.MAX_SAFE_INTEGER : d.span.end.column;
  if (d.span.end.line < d.span.start.line) {
    endLine = startLine;
    endColumn = startColumn;
  }
  // A span that stops at the start of a line really ends with the previous line.
  if (endLine > startLine && endColumn <= 1) {
    endLine -= 1;
    endColumn = Number.MAX_SAFE_INTEGER;
  }

  const rows: FrameRow[] = [];
  const pushLine = (lineNumber: number, underlined: boolean): void => {
    const { text, columns } = expandLine(lines[lineNumber - 1] ?? '');
    if (!underlined) {
      rows.push({ lineNumber, text });
      return;
    }
    const first = lineNumber === startLine;
    const last = lineNumber === endLine;
    let from = first ? shownColumn(columns, startColumn) : text.length - text.trimStart().length;
    let to = last ? shownColumn(columns, endColumn) : text.length;
    if (!first && !last && from >= to) {
      from = 0;
      to = 0;
    }
    if (to <= from) to = from + (first ? 1 : 0);
    if (to > from) rows.push({ lineNumber, text, underline: { from, to, first } });
    else rows.push({ lineNumber, text });
  };

  if (startLine > 1) pushLine(startLine - 1, false);
  const spanLines = endLine - startLine + 1;
  if (spanLines <= MAX_SPAN_LINES) {
    for (let n = startLine; n <= endLine; n += 1) pushLine(n, true);
  } else {
    pushLine(startLine, true);
    pushLine(startLine + 1, true);
    rows.push({ text: '' });
    pushLine(endLine - 1, true);
    pushLine(endLine, true);
  }
  if (endLine < lastLine) pushLine(endLine + 1, false);
  return rows;
}

/** `file:3:6` or `3:6`. */
function location(d: Diagnostic, fileName: string | undefined): string {
  const where = `${String(d.span.start.line)}:${String(d.span.start.column)}`;
  return fileName === undefined ? where : `${fileName}:${where}`;
}

/**
 * Formats one diagnostic with a code frame.
 * @example
 * formatDiagnostic(d, text, { fileName: 'Stock.siddhi' });
 * // Stock.siddhi:2:6 error E_UNKNOWN_STREAM unknown stream 'StokStream'
 * //   1 | define stream StockStream (symbol string, price float);
 * //   2 | from StokStream select symbol insert into Out;
 * //     |      ^~~~~~~~~~
 * //   hint: did you mean 'StockStream'?
 */
export function formatDiagnostic(
  d: Diagnostic,
  source: string,
  options: FormatOptions = {},
): string {
  const paint = options.color === true ? ansi : plain;
  const severityStyle = d.severity === 'error' ? 'red' : 'yellow';
  const out: string[] = [
    `${paint('bold', location(d, options.fileName))} ${paint(severityStyle, d.severity)} ` +
      `${paint('bold', d.code)} ${d.message}`,
  ];

  if (d.span.start.line >= 1) {
    const rows = frameRows(d, splitLines(source));
    const widest = rows.reduce((w, r) => Math.max(w, String(r.lineNumber ?? '').length), 1);
    const gutter = (label: string): string => paint('blue', `${label.padStart(widest)} |`);
    for (const row of rows) {
      if (row.lineNumber === undefined) {
        out.push(`  ${paint('blue', '.'.repeat(Math.min(widest, 3)).padStart(widest))}`);
        continue;
      }
      out.push(`  ${gutter(String(row.lineNumber))}${row.text === '' ? '' : ` ${row.text}`}`);
      if (row.underline !== undefined) {
        const { from, to, first } = row.underline;
        const mark = (first ? '^' : '~') + '~'.repeat(to - from - 1);
        out.push(`  ${gutter('')} ${' '.repeat(from)}${paint(severityStyle, mark)}`);
      }
    }
  }

  if (d.hint !== undefined && d.hint !== '') {
    out.push(`  ${paint('cyan', 'hint:')} ${d.hint}`);
  }
  return out.join('\n');
}

function byPosition(a: Diagnostic, b: Diagnostic): number {
  return a.span.start.line - b.span.start.line || a.span.start.column - b.span.start.column;
}

function plural(n: number, word: string): string {
  return `${String(n)} ${word}${n === 1 ? '' : 's'}`;
}

/** The closing line of a report: `2 errors, 1 warning` or `no problems`. */
export function summarizeDiagnostics(diagnostics: readonly Diagnostic[]): string {
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  if (diagnostics.length === 0) return 'no problems';
  const parts = [plural(errors, 'error')];
  if (warnings > 0) parts.push(plural(warnings, 'warning'));
  return parts.join(', ');
}

/**
 * Formats several diagnostics of one source, in source order, separated by blank lines and
 * closed by a count line.
 * @example
 * console.log(formatDiagnostics(result.diagnostics, text, { fileName: 'App.siddhi', color: true }));
 */
export function formatDiagnostics(
  diagnostics: readonly Diagnostic[],
  source: string,
  options: FormatOptions = {},
): string {
  const sorted = [...diagnostics].sort(byPosition);
  const blocks = sorted.map((d) => formatDiagnostic(d, source, options));
  blocks.push(summarizeDiagnostics(diagnostics));
  return blocks.join('\n\n');
}
