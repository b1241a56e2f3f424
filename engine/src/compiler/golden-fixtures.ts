// Golden compiler fixtures: reads the `-- expect:` header of __fixtures__/errors/*.siddhi and
// matches it against what `compile` reports. Used by golden-fixtures.test.ts.
//
// Header format (the first lines of the file, all `--` comments):
//   -- <free text describing the case>
//   -- expect: <line>:<column> <CODE> <message substring>
//   -- hint: <hint substring>            (optional; applies to the expect line above)
//   -- known-issue: <why the compiler does not meet the expectation yet>
// Lines and columns are 1-based positions in the fixture file itself (header included), at the
// start of the span the diagnostic should point at. Several `expect` lines mean several
// diagnostics. Every error the compiler reports must be expected; warnings only when listed.
// A `known-issue` fixture is expected to fail until the compiler is fixed (then the marker goes).

import type { Diagnostic } from './diagnostic.js';

export interface ExpectedDiagnostic {
  readonly line: number;
  readonly column: number;
  readonly code: string;
  /** Must occur in the message (case-insensitive); empty means any message. */
  readonly message: string;
  /** Must occur in the hint (case-insensitive) when given. */
  readonly hint?: string;
}

const EXPECT = /^--\s*expect:\s*(\d+):(\d+)\s+([A-Z][A-Z0-9_]*)(?:\s+(.*?))?\s*$/;
const HINT = /^--\s*hint:\s*(.*?)\s*$/;
const KNOWN_ISSUE = /^--\s*known-issue:\s*(.*?)\s*$/;

/**
 * Reads the expectations from a fixture's header.
 * @example
 * parseExpectations("-- expect: 2:6 E_UNKNOWN_STREAM unknown stream 'X'\nfrom X …");
 */
export function parseExpectations(text: string): ExpectedDiagnostic[] {
  const expected: ExpectedDiagnostic[] = [];
  for (const line of text.split(/\r\n|\r|\n/)) {
    if (!line.startsWith('--')) break;
    const e = EXPECT.exec(line);
    if (e !== null) {
      expected.push({
        line: Number(e[1]),
        column: Number(e[2]),
        code: e[3] ?? '',
        message: e[4] ?? '',
      });
      continue;
    }
    const h = HINT.exec(line);
    const last = expected.at(-1);
    if (h !== null && last !== undefined)
      expected[expected.length - 1] = { ...last, hint: h[1] ?? '' };
  }
  return expected;
}

/** The `-- known-issue:` text of a fixture's header, if any. */
export function knownIssue(text: string): string | undefined {
  for (const line of text.split(/\r\n|\r|\n/)) {
    if (!line.startsWith('--')) break;
    const k = KNOWN_ISSUE.exec(line);
    if (k !== null) return k[1] ?? '';
  }
  return undefined;
}

function describe(d: Diagnostic): string {
  const hint = d.hint === undefined ? '' : ` (hint: ${d.hint})`;
  return `${String(d.span.start.line)}:${String(d.span.start.column)} ${d.severity} ${d.code} ${d.message}${hint}`;
}

function describeExpected(e: ExpectedDiagnostic): string {
  const hint = e.hint === undefined ? '' : ` (hint: ${e.hint})`;
  return `${String(e.line)}:${String(e.column)} ${e.code} ${e.message}${hint}`;
}

function matches(e: ExpectedDiagnostic, d: Diagnostic): boolean {
  return (
    d.code === e.code &&
    d.span.start.line === e.line &&
    d.span.start.column === e.column &&
    d.message.toLowerCase().includes(e.message.toLowerCase()) &&
    (e.hint === undefined || (d.hint ?? '').toLowerCase().includes(e.hint.toLowerCase()))
  );
}

/**
 * Compares expectations with reported diagnostics; returns the problems (empty when they agree).
 * Each expectation consumes one matching diagnostic; unexpected errors are problems too.
 */
export function compareDiagnostics(
  expected: readonly ExpectedDiagnostic[],
  reported: readonly Diagnostic[],
): string[] {
  const left = [...reported];
  const problems: string[] = [];
  for (const e of expected) {
    const i = left.findIndex((d) => matches(e, d));
    if (i >= 0) {
      left.splice(i, 1);
    } else {
      problems.push(`missing: ${describeExpected(e)}`);
    }
  }
  for (const d of left) {
    if (d.severity === 'error') problems.push(`unexpected: ${describe(d)}`);
  }
  if (problems.length > 0) {
    problems.push(
      `reported: ${reported.length === 0 ? 'nothing' : reported.map(describe).join(' | ')}`,
    );
  }
  return problems;
}
