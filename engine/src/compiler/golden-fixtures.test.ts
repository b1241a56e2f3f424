// Golden fixtures: every __fixtures__/errors/*.siddhi must report exactly the diagnostics its
// `-- expect:` header names; every __fixtures__/valid/*.siddhi must compile clean and survive
// a round trip through the printer.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { stripSpans } from '../testing/strip-spans.js';
import { compile } from './compile.js';
import type { Diagnostic } from './diagnostic.js';
import { compareDiagnostics, knownIssue, parseExpectations } from './golden-fixtures.js';
import { printApp } from './printer.js';

const FIXTURES = fileURLToPath(new URL('./__fixtures__', import.meta.url));

function fixtures(folder: string): { name: string; text: string }[] {
  const dir = join(FIXTURES, folder);
  return readdirSync(dir)
    .filter((name) => name.endsWith('.siddhi'))
    .sort()
    .map((name) => ({ name, text: readFileSync(join(dir, name), 'utf8') }));
}

const errorFixtures = fixtures('errors');
const knownIssues = errorFixtures.filter((f) => knownIssue(f.text) !== undefined);
const expectedToPass = errorFixtures.filter((f) => knownIssue(f.text) === undefined);
const validFixtures = fixtures('valid');

function summary(diagnostics: readonly Diagnostic[]): string {
  return diagnostics
    .map(
      (d) => `${String(d.span.start.line)}:${String(d.span.start.column)} ${d.code} ${d.message}`,
    )
    .join('\n');
}

describe('golden fixture headers', () => {
  it('reads expect and hint lines, and stops at the first non-comment line', () => {
    const text = [
      '-- an unknown stream',
      "-- expect: 4:6 E_UNKNOWN_STREAM unknown stream 'StokStream'",
      "-- hint: did you mean 'StockStream'",
      '-- expect: 5:1 E_SYNTAX',
      'define stream StockStream (a int);',
      '-- expect: 9:9 E_NOT_A_HEADER',
    ].join('\n');
    expect(parseExpectations(text)).toEqual([
      {
        line: 4,
        column: 6,
        code: 'E_UNKNOWN_STREAM',
        message: "unknown stream 'StokStream'",
        hint: "did you mean 'StockStream'",
      },
      { line: 5, column: 1, code: 'E_SYNTAX', message: '' },
    ]);
    expect(knownIssue(text)).toBeUndefined();
    expect(knownIssue('-- x\n-- known-issue: wrong span\ndefine')).toBe('wrong span');
  });

  it('reports missing and unexpected diagnostics', () => {
    const at = { offset: 0, line: 2, column: 3 };
    const d: Diagnostic = {
      severity: 'error',
      code: 'E_X',
      message: 'Bad thing',
      span: { start: at, end: at },
    };
    expect(compareDiagnostics([{ line: 2, column: 3, code: 'E_X', message: 'bad' }], [d])).toEqual(
      [],
    );
    const problems = compareDiagnostics([{ line: 2, column: 4, code: 'E_X', message: '' }], [d]);
    expect(problems[0]).toBe('missing: 2:4 E_X ');
    expect(problems[1]).toBe('unexpected: 2:3 error E_X Bad thing');
  });
});

describe('error fixtures (__fixtures__/errors)', () => {
  it('has at least 45 fixtures, each with an expectation', () => {
    expect(errorFixtures.length).toBeGreaterThanOrEqual(45);
    for (const f of errorFixtures) expect(parseExpectations(f.text), f.name).not.toEqual([]);
  });

  it.each(expectedToPass)('$name', ({ text }) => {
    const { diagnostics } = compile(text);
    expect(compareDiagnostics(parseExpectations(text), diagnostics)).toEqual([]);
  });

  // Fails while the issue stands; once the compiler is fixed, drop the fixture's known-issue line.
  it.fails.each(knownIssues)('$name (known issue)', ({ text }) => {
    const { diagnostics } = compile(text);
    expect(compareDiagnostics(parseExpectations(text), diagnostics)).toEqual([]);
  });
});

describe('valid fixtures (__fixtures__/valid)', () => {
  it('has a dozen fixtures', () => {
    expect(validFixtures.length).toBeGreaterThanOrEqual(12);
  });

  it.each(validFixtures)('$name compiles clean and round-trips through printApp', ({ text }) => {
    const first = compile(text);
    expect(summary(first.diagnostics)).toBe('');
    expect(first.app).toBeDefined();
    if (first.app === undefined) return;
    const printed = printApp(first.app);
    const second = compile(printed);
    expect(summary(second.diagnostics), printed).toBe('');
    expect(second.app).toBeDefined();
    if (second.app === undefined) return;
    expect(stripSpans(second.app)).toEqual(stripSpans(first.app));
    expect(printApp(second.app)).toBe(printed);
  });
});
