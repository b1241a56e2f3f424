// Unit tests for the diagnostic printer: header, code frame, underline placement and edge cases.

import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../compiler/diagnostic.js';
import type { Position } from '../query-api/index.js';
import { NO_SPAN } from '../query-api/index.js';
import { formatDiagnostic, formatDiagnostics, summarizeDiagnostics } from './format-diagnostic.js';

/** The position of 0-based `offset` in `text`, counted like the lexer does. */
function pos(text: string, offset: number): Position {
  let line = 1;
  let column = 1;
  for (let i = 0; i < offset; i += 1) {
    if (text[i] === '\n') {
      line += 1;
      column = 1;
    } else {
      column += 1;
    }
  }
  return { offset, line, column };
}

/** A diagnostic spanning the first occurrence of `needle` (or `[from, to)` offsets). */
function diag(
  text: string,
  needle: string | [number, number],
  extra: Partial<Diagnostic> = {},
): Diagnostic {
  const [from, to] =
    typeof needle === 'string'
      ? [text.indexOf(needle), text.indexOf(needle) + needle.length]
      : needle;
  if (from < 0) throw new Error(`'${String(needle)}' not in text`);
  return {
    severity: 'error',
    code: 'E_TEST',
    message: 'something is wrong',
    span: { start: pos(text, from), end: pos(text, to) },
    ...extra,
  };
}

const APP = [
  'define stream StockStream (symbol string, price float);',
  'from StokStream[price > 10]',
  'select symbol',
  'insert into Out;',
].join('\n');

describe('formatDiagnostic', () => {
  it('prints the header, one line of context each side, the underline and the hint', () => {
    const d = diag(APP, 'StokStream', {
      code: 'E_UNKNOWN_STREAM',
      message: "unknown stream 'StokStream'",
      hint: "did you mean 'StockStream'?",
    });
    expect(formatDiagnostic(d, APP, { fileName: 'Stock.siddhi' })).toBe(
      [
        "Stock.siddhi:2:6 error E_UNKNOWN_STREAM unknown stream 'StokStream'",
        '  1 | define stream StockStream (symbol string, price float);',
        '  2 | from StokStream[price > 10]',
        '    |      ^~~~~~~~~~',
        '  3 | select symbol',
        "  hint: did you mean 'StockStream'?",
      ].join('\n'),
    );
  });

  it('omits the file name when none is given and has no context line before line 1', () => {
    const d = diag(APP, 'define');
    const out = formatDiagnostic(d, APP).split('\n');
    expect(out[0]).toBe('1:1 error E_TEST something is wrong');
    expect(out[1]).toBe('  1 | define stream StockStream (symbol string, price float);');
    expect(out[2]).toBe('    | ^~~~~~');
    expect(out[3]).toBe('  2 | from StokStream[price > 10]');
    expect(out).toHaveLength(4);
  });

  it('underlines one column for an empty span and shows the last line without context after', () => {
    const end = APP.length - 1;
    const out = formatDiagnostic(diag(APP, [end, end]), APP).split('\n');
    expect(out).toEqual([
      '4:16 error E_TEST something is wrong',
      '  3 | select symbol',
      '  4 | insert into Out;',
      '    |                ^',
    ]);
  });

  it('points past the last character for a span at the end of the text', () => {
    const text = 'define stream S (a int)';
    const out = formatDiagnostic(diag(text, [text.length, text.length]), text).split('\n');
    expect(out[1]).toBe('  1 | define stream S (a int)');
    expect(out[2]).toBe(`    | ${' '.repeat(text.length)}^`);
  });

  it('handles a span at the end of a text that ends with a newline (an empty last line)', () => {
    const text = 'define stream S (a int)\n';
    const out = formatDiagnostic(diag(text, [text.length, text.length]), text).split('\n');
    expect(out).toEqual([
      '2:1 error E_TEST something is wrong',
      '  1 | define stream S (a int)',
      '  2 |',
      '    | ^',
    ]);
  });

  it('keeps empty context lines without trailing spaces', () => {
    const text = 'define stream S (a int);\n\nfrom X select a insert into O;\n\n';
    const out = formatDiagnostic(diag(text, 'X'), text).split('\n');
    expect(out).toEqual([
      '3:6 error E_TEST something is wrong',
      '  2 |',
      '  3 | from X select a insert into O;',
      '    |      ^',
      '  4 |',
    ]);
  });

  it('expands tabs so the underline lines up', () => {
    const text = 'define stream S (a int);\n\tfrom\tX select a insert into O;';
    const out = formatDiagnostic(diag(text, 'X'), text).split('\n');
    expect(out[2]).toBe('  2 |     from    X select a insert into O;');
    expect(out[3]).toBe('    |             ^');
  });

  it('counts a surrogate pair as one column', () => {
    const text = "from S[a == '😀'] select x insert into O;";
    const out = formatDiagnostic(diag(text, 'x'), text).split('\n');
    const shown = out[1]?.indexOf('x') ?? -1;
    expect(out[2]?.indexOf('^')).toBe(shown);
  });

  it('underlines every line of a multi-line span', () => {
    const text = 'from S\nselect a,\n       b\ninsert into O;';
    const d = diag(text, 'a,\n       b');
    expect(formatDiagnostic(d, text).split('\n')).toEqual([
      '2:8 error E_TEST something is wrong',
      '  1 | from S',
      '  2 | select a,',
      '    |        ^~',
      '  3 |        b',
      '    |        ~',
      '  4 | insert into O;',
    ]);
  });

  it('treats a span ending at column 1 as ending with the previous line', () => {
    const text = 'a\nbb\ncc';
    const d = diag(text, [2, 5]);
    expect(formatDiagnostic(d, text).split('\n')).toEqual([
      '2:1 error E_TEST something is wrong',
      '  1 | a',
      '  2 | bb',
      '    | ^~',
      '  3 | cc',
    ]);
  });

  it('elides the middle of a long span', () => {
    const text = Array.from({ length: 12 }, (_, i) => `line${String(i + 1)}`).join('\n');
    const d = diag(text, [text.indexOf('line2'), text.indexOf('line11') + 6]);
    const out = formatDiagnostic(d, text).split('\n');
    expect(out).toContain('   2 | line2');
    expect(out).toContain('   3 | line3');
    expect(out).toContain('  ..');
    expect(out).toContain('  10 | line10');
    expect(out).toContain('  11 | line11');
    expect(out).not.toContain('   6 | line6');
    expect(out.at(-1)).toBe('  12 | line12');
  });

  it('uses wider gutters for two-digit line numbers', () => {
    const text = Array.from({ length: 10 }, () => 'x').join('\n');
    const out = formatDiagnostic(diag(text, [18, 19]), text).split('\n');
    expect(out).toEqual([
      '10:1 error E_TEST something is wrong',
      '   9 | x',
      '  10 | x',
      '     | ^',
    ]);
  });

  it('prints only the header and hint for a diagnostic without a position', () => {
    const d: Diagnostic = {
      severity: 'warning',
      code: 'W_X',
      message: 'm',
      span: NO_SPAN,
      hint: 'h',
    };
    expect(formatDiagnostic(d, APP)).toBe('0:0 warning W_X m\n  hint: h');
  });

  it('clamps positions beyond the text', () => {
    const d: Diagnostic = {
      severity: 'error',
      code: 'E_X',
      message: 'm',
      span: {
        start: { offset: 999, line: 40, column: 3 },
        end: { offset: 999, line: 40, column: 3 },
      },
    };
    const out = formatDiagnostic(d, 'ab\ncd').split('\n');
    expect(out.slice(1)).toEqual(['  1 | ab', '  2 | cd', '    |   ^']);
  });

  it('handles CRLF line endings', () => {
    const text = 'define stream S (a int);\r\nfrom X select a insert into O;';
    const d: Diagnostic = {
      severity: 'error',
      code: 'E_X',
      message: 'm',
      span: { start: { offset: 31, line: 2, column: 6 }, end: { offset: 32, line: 2, column: 7 } },
    };
    expect(formatDiagnostic(d, text).split('\n').slice(2)).toEqual([
      '  2 | from X select a insert into O;',
      '    |      ^',
    ]);
  });

  it('wraps parts in ANSI colours when asked', () => {
    const out = formatDiagnostic(diag(APP, 'StokStream', { hint: 'h' }), APP, { color: true });
    expect(out).toContain('\u001b[31merror\u001b[0m');
    expect(out).toContain('\u001b[31m^~~~~~~~~~\u001b[0m');
    expect(out).toContain('\u001b[36mhint:\u001b[0m h');
    expect(formatDiagnostic(diag(APP, 'StokStream'), APP)).not.toContain('\u001b[');
  });
});

describe('formatDiagnostics', () => {
  it('sorts by position, separates blocks with blank lines and ends with a count', () => {
    const later = diag(APP, 'Out', { code: 'E_B' });
    const earlier = diag(APP, 'StokStream', { code: 'E_A' });
    const warning = diag(APP, 'symbol string', { code: 'W_C', severity: 'warning' });
    const out = formatDiagnostics([later, earlier, warning], APP, { fileName: 'f.siddhi' });
    const blocks = out.split('\n\n');
    expect(blocks.map((b) => b.split('\n')[0])).toEqual([
      'f.siddhi:1:28 warning W_C something is wrong',
      'f.siddhi:2:6 error E_A something is wrong',
      'f.siddhi:4:13 error E_B something is wrong',
      '2 errors, 1 warning',
    ]);
  });

  it('says so when there is nothing to report', () => {
    expect(formatDiagnostics([], APP)).toBe('no problems');
    expect(summarizeDiagnostics([diag(APP, 'Out')])).toBe('1 error');
  });
});
